// One adapted output layer (./adaptedHead.ts) per document, for at most maxDocuments
// documents: the least recently used one's head goes back to the trained weights and serves
// the next document. Heads are made once and reused (their change lives in the model's
// WebAssembly memory, which never shrinks), so memory is at most maxDocuments × H·257 floats
// (H 256, 8 documents: 2.1 MB).
import { AdaptedHead, type DynamicEvalOptions } from './adaptedHead';
import type { InferenceModel } from './inferenceModel';

export class DocumentHeads {
  private readonly heads = new Map<string, AdaptedHead>(); // most recently used last
  private readonly spare: AdaptedHead[] = [];

  constructor(
    readonly model: InferenceModel,
    readonly options: Readonly<DynamicEvalOptions>,
  ) {}

  /** `key`'s head (the trained head for a document not seen, or no longer remembered). */
  get(key: string): AdaptedHead {
    let head = this.heads.get(key);
    if (head) this.heads.delete(key);
    else head = this.spare.pop() ?? (this.heads.size < this.options.maxDocuments ? new AdaptedHead(this.model, this.options) : this.evictOldest());
    this.heads.set(key, head);
    return head;
  }

  /** `key`'s head if it has one, without making it the most recently used. */
  peek(key: string): AdaptedHead | undefined {
    return this.heads.get(key);
  }

  /** Documents with a head now. */
  get size(): number {
    return this.heads.size;
  }

  /** Heads made in all (memory: this × H·257 floats). */
  get made(): number {
    return this.heads.size + this.spare.length;
  }

  /** Forgets one document's learning (closed) or all of them. */
  forget(key?: string): void {
    const keys = key === undefined ? [...this.heads.keys()] : [key];
    for (const k of keys) {
      const head = this.heads.get(k);
      if (!head) continue;
      head.restore();
      this.heads.delete(k);
      this.spare.push(head);
    }
  }

  private evictOldest(): AdaptedHead {
    const [oldest, head] = this.heads.entries().next().value!;
    this.heads.delete(oldest);
    head.restore();
    return head;
  }
}
