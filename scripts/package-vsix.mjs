// Builds the platform-specific VSIX (linux-x64) into the repository root.
//   node scripts/package-vsix.mjs [--out FILE]
import path from 'node:path';
import { packageVsix } from './lib/vsix.mjs';

const outIndex = process.argv.indexOf('--out');
await packageVsix(outIndex > 0 ? path.resolve(process.argv[outIndex + 1]) : undefined);
