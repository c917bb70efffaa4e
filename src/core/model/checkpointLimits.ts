// The limits a checkpoint file is checked against before anything is allocated for it. A
// checkpoint is untrusted input (a file can be copied in, damaged, or made to do harm), so
// every size its header declares is checked here first; the memory a load takes is then
// bounded by what these allow:
//
//   header      at most MAX_HEADER_BYTES of JSON (the training history: about 170 bytes
//               per logged point, so about 800,000 points);
//   network     exactly the shapes its model config gives (../model/weights.ts), the config
//               within MODEL_SHAPE_LIMITS; with the optimizer state, three copies;
//   context     the prediction stack's statistics (../predict/stackState.ts): at most what
//               the largest recur.context.memoryMB stores (MAX_CONTEXT_SECTION_BYTES);
//   in total    at most MAX_DECODED_BYTES decoded; a deflated tensor is inflated with its
//               declared size as the limit (zlib's maxOutputLength), never past it.
//
// The file is read one tensor at a time, so a load holds the decoded tensors plus the largest
// stored (deflated) one. For the default model (LSTM 2 x 256, 32 MB of context statistics)
// that is about 35 MB; the shipped base model decodes to 17 MB.
import { CONTEXT_MEMORY_MB_RANGE, stackSizesFor } from '../predict/stackConfig';
import { BUCKET_BYTES } from '../predict/contextTable';
import { RUN_BYTES } from '../predict/predictors/runInfo';

const MB = 1024 * 1024;

export const MAX_HEADER_BYTES = 128 * MB;

/** At most this many tensors (the default model with optimizer and context: about 40). */
export const MAX_TENSORS = 4096;

/** A tensor has at most this many dimensions, and a name of at most MAX_TENSOR_NAME characters. */
export const MAX_TENSOR_RANK = 8;
export const MAX_TENSOR_NAME = 200;

const largestStack = stackSizesFor(CONTEXT_MEMORY_MB_RANGE.max);

/**
 * The context statistics at the largest recur.context.memoryMB: the table with its run
 * information and the workspace text at their largest (each part's largest, whatever the
 * text sized them for), and 64 MB for the state maps, mixer and APMs (about 18 MB today).
 */
export const MAX_CONTEXT_SECTION_BYTES = largestStack.tableBuckets * (BUCKET_BYTES + RUN_BYTES) + largestStack.workspaceBytes + 64 * MB;

/** Every tensor decoded, together. */
export const MAX_DECODED_BYTES = 2048 * MB;

/** The largest file read as a checkpoint (the header, the checksum and the tensors as stored). */
export const MAX_CHECKPOINT_FILE_BYTES = MAX_HEADER_BYTES + MAX_DECODED_BYTES + 64 * MB;

/** A deflated tensor may be a little larger than its data (incompressible blocks): at most this much. */
export function maxDeflatedBytes(decodedBytes: number): number {
  return decodedBytes + Math.ceil(decodedBytes / 1000) + 1024;
}
