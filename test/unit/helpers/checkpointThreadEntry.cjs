// The checkpoint thread's entry for unit tests: TypeScript through tsx's require hook (the
// extension runs the bundled dist/checkpointThread.js instead).
require('tsx/cjs');
require('../../../src/worker/checkpointThread.ts');
