// Builds a VSIX (scripts/lib/vsix.mjs) into the repository root, or --out FILE.
//   node scripts/package-vsix.mjs                      this machine's platform VSIX, with tfjs-node
//                                                      (recur-linux-x64-<version>.vsix here)
//   node scripts/package-vsix.mjs --universal          the universal VSIX: no tfjs-node, no native
//                                                      file (recur-<version>.vsix)
//   node scripts/package-vsix.mjs --portable --target T   T's VSIX without tfjs-node (for the
//                                                      targets tfjs-node has no build for)
//   node scripts/package-vsix.mjs --target T           T's VSIX with tfjs-node: T must be this machine
import path from 'node:path';
import { parseArgs } from 'node:util';
import { packageVsix } from './lib/vsix.mjs';
import { SetupError } from './lib/run.mjs';

try {
  const { values } = parseArgs({ options: { out: { type: 'string' }, target: { type: 'string' }, universal: { type: 'boolean' }, portable: { type: 'boolean' } }, strict: true });
  if (values.universal && values.target) throw new SetupError('--universal packages the VSIX without a target: drop --target, or use --portable --target T');
  await packageVsix({ out: values.out ? path.resolve(values.out) : undefined, target: values.target, portable: values.universal || values.portable });
} catch (err) {
  if (!(err instanceof SetupError) && err?.code !== 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && err?.code !== 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') throw err;
  process.stderr.write(`[recur] package: ${err.message}\n`);
  process.exit(1);
}
