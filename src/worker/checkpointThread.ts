// The checkpoint-reading thread the extension host starts (dist/checkpointThread.js, a
// worker_thread, not a process): it reads checkpoints and their headers so the editor's
// thread never does (../core/index/checkpointThread.ts has the protocol). No tfjs.
import { parentPort } from 'node:worker_threads';
import { answerCheckpointRequest, type CheckpointRequest } from '../core/index/checkpointThread';

if (!parentPort) throw new Error('recur checkpoint thread: start me with new Worker()');
const port = parentPort;
port.on('message', (request: CheckpointRequest) => {
  const { reply, transfer } = answerCheckpointRequest(request);
  port.postMessage(reply, transfer);
});
