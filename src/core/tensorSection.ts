// Named tensors with a JSON description: how a part of the model that is not the network (the
// context statistics: predict/stackState.ts) hands its learned state to the checkpoint
// (model/checkpoint.ts), which stores and checks the section and knows nothing else about it.

export type TensorData = Float32Array | Uint8Array | Uint16Array | Int32Array;

/** A named group of tensors, each with its shape (compress: deflate it in the file), and a JSON description. */
export interface CheckpointSection {
  meta: Record<string, unknown>;
  tensors: Record<string, { data: TensorData; shape: number[]; compress?: boolean }>;
}
