// Reading checkpoints off the caller's thread: the extension host must not stop for a
// checkpoint (tens of MB read, checksummed and inflated; a header with a long history is
// megabytes of JSON), so it asks a worker thread (src/worker/checkpointThread.ts, bundled as
// dist/checkpointThread.js) and gets the result back with every tensor's buffer transferred,
// not copied. Pure Node, no tfjs: the thread loads only this and ./checkpoint.ts.
//
//   CheckpointThread(script).read(file, { optimizer, maxTrainPoints })  -> Promise<Checkpoint>
//   CheckpointThread(script).header(file, { maxTrainPoints })            -> Promise<CheckpointInfo>
//   CheckpointThread(script).index(file)                                 -> Promise<SavedIndex>
//   CheckpointThread(script).indexHeader(file)                           -> Promise<IndexHeaderInfo | undefined>
//
// The reply is rebuilt on the caller's thread, object by object: a long training history
// (200,000 points) would take seconds there, so a caller that only shows it asks for at most
// maxTrainPoints of it (../../shared/metrics.ts thinHistory: merged, never dropped).
//
// They reject with CheckpointError (index: IndexFileError), the same one line the synchronous
// reads give. One thread,
// started on the first request and kept (unref'd: it never keeps the process alive); a
// thread that dies is started again on the next request.
import { Worker } from 'node:worker_threads';
import { type Checkpoint, CheckpointError, type CheckpointInfo, readCheckpoint, readCheckpointHeader, type TensorData } from '../model/checkpoint';
import { thinHistory } from '../../shared/metrics';
import { type IndexHeaderInfo, IndexFileError, readIndex, readIndexHeader, type SavedIndex } from './indexFile';

type RequestBody = ({ kind: 'read'; file: string; optimizer: boolean } | { kind: 'header'; file: string } | { kind: 'index'; file: string } | { kind: 'indexHeader'; file: string }) & {
  maxTrainPoints?: number;
};
export type CheckpointRequest = RequestBody & { id: number };

/** errorKind: which error class the caller rebuilds ('other': a plain Error). */
export type CheckpointReply =
  | { id: number; ok: true; checkpoint?: Checkpoint; info?: CheckpointInfo; index?: SavedIndex; indexHeader?: IndexHeaderInfo }
  | { id: number; ok: false; file: string; message: string; errorKind: 'checkpoint' | 'index' | 'other' };

/** The buffers of every tensor of a checkpoint (each tensor owns its buffer: ./checkpointBytes.ts). */
function tensorBuffers(ckpt: Checkpoint): ArrayBuffer[] {
  const all: TensorData[] = [
    ...Object.values(ckpt.weights),
    ...Object.values(ckpt.optimizer?.m ?? {}),
    ...Object.values(ckpt.optimizer?.v ?? {}),
    ...Object.values(ckpt.context?.tensors ?? {}).map((t) => t.data),
  ];
  return [...new Set(all.map((d) => d.buffer as ArrayBuffer))];
}

/** What the thread does with one request: the reply and the buffers to transfer with it. */
export function answerCheckpointRequest(request: CheckpointRequest): { reply: CheckpointReply; transfer: ArrayBuffer[] } {
  try {
    const thin = <T extends { metrics: Checkpoint['metrics'] }>(value: T): T =>
      request.maxTrainPoints === undefined ? value : { ...value, metrics: thinHistory(value.metrics, request.maxTrainPoints) };
    if (request.kind === 'header') return { reply: { id: request.id, ok: true, info: thin(readCheckpointHeader(request.file)) }, transfer: [] };
    if (request.kind === 'indexHeader') return { reply: { id: request.id, ok: true, indexHeader: readIndexHeader(request.file) }, transfer: [] };
    if (request.kind === 'index') {
      const index = readIndex(request.file);
      return { reply: { id: request.id, ok: true, index }, transfer: [...new Set(Object.values(index.stack.tensors).map((t) => t.data.buffer as ArrayBuffer))] };
    }
    const checkpoint = thin(readCheckpoint(request.file, { optimizer: request.optimizer }));
    return { reply: { id: request.id, ok: true, checkpoint }, transfer: tensorBuffers(checkpoint) };
  } catch (err) {
    const errorKind = err instanceof CheckpointError ? 'checkpoint' : err instanceof IndexFileError ? 'index' : 'other';
    return {
      reply: { id: request.id, ok: false, file: request.file, message: errorKind !== 'other' ? (err as Error).message : `${request.file}: cannot be read (${(err as Error).message})`, errorKind },
      transfer: [],
    };
  }
}

/** Rebuilds the error a reply carries (a CheckpointError or IndexFileError keeps its file). */
function errorOf(reply: Extract<CheckpointReply, { ok: false }>): Error {
  if (reply.errorKind === 'other') return new Error(reply.message);
  const error = reply.errorKind === 'index' ? new IndexFileError(reply.file, '') : new CheckpointError(reply.file, '');
  error.message = reply.message;
  return error;
}

interface Pending {
  resolve(reply: CheckpointReply): void;
  reject(err: Error): void;
}

export class CheckpointThread {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private disposed = false;

  /** `script`: the thread's entry (dist/checkpointThread.js). */
  constructor(private readonly script: string) {}

  async read(file: string, options: { optimizer?: boolean; maxTrainPoints?: number } = {}): Promise<Checkpoint> {
    const reply = await this.request({ kind: 'read', file, optimizer: options.optimizer ?? true, maxTrainPoints: options.maxTrainPoints });
    return (reply as { checkpoint: Checkpoint }).checkpoint;
  }

  async header(file: string, options: { maxTrainPoints?: number } = {}): Promise<CheckpointInfo> {
    const reply = await this.request({ kind: 'header', file, maxTrainPoints: options.maxTrainPoints });
    return (reply as { info: CheckpointInfo }).info;
  }

  /** A saved workspace index (../index/indexFile.ts), read and checked on the thread. */
  async index(file: string): Promise<SavedIndex> {
    const reply = await this.request({ kind: 'index', file });
    return (reply as { index: SavedIndex }).index;
  }

  /** A saved index's base model and manifest, without its tensors; undefined when it is missing or cannot be used. */
  async indexHeader(file: string): Promise<IndexHeaderInfo | undefined> {
    const reply = await this.request({ kind: 'indexHeader', file });
    return (reply as { indexHeader?: IndexHeaderInfo }).indexHeader;
  }

  /** The header, or undefined when the file is missing or cannot be used (as readCheckpointInfo). */
  headerIfReadable(file: string, options: { maxTrainPoints?: number } = {}): Promise<CheckpointInfo | undefined> {
    return this.header(file, options).catch(() => undefined);
  }

  private request(body: RequestBody): Promise<CheckpointReply> {
    if (this.disposed) return Promise.reject(new Error('the checkpoint reader was closed'));
    const id = this.nextId++;
    return new Promise<CheckpointReply>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.thread().postMessage({ ...body, id });
    }).then((reply) => {
      if (!reply.ok) throw errorOf(reply);
      return reply;
    });
  }

  private thread(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.script);
    worker.unref();
    worker.on('message', (reply: CheckpointReply) => {
      const pending = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      pending?.resolve(reply);
    });
    const fail = (err: Error) => {
      if (this.worker === worker) this.worker = undefined;
      for (const p of this.pending.values()) p.reject(new Error(`the checkpoint reader stopped: ${err.message}`));
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`exit code ${code}`)));
    this.worker = worker;
    return worker;
  }

  dispose(): void {
    this.disposed = true;
    void this.worker?.terminate();
    this.worker = undefined;
  }
}
