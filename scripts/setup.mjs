// Installs what is missing, idempotently; quick when nothing is:
//   node scripts/setup.mjs            npm dependencies + tfjs-node native binding + build
//   node scripts/setup.mjs --tests    ... + Debian packages and code-server for the VS Code / UI tests
// Node built-ins only: this runs before node_modules exists.
import { setup } from './lib/setup.mjs';
import { log, SetupError } from './lib/run.mjs';

try {
  await setup({ tests: process.argv.includes('--tests') });
} catch (err) {
  if (!(err instanceof SetupError)) throw err;
  log(`setup failed: ${err.message}`);
  process.exit(1);
}
