// Drawing suggestion candidates from the state at the cursor.
//
// Each candidate is sampled one character (1-4 UTF-8 bytes) at a time and stops:
//   - before a character whose probability (under the model, untempered) is below
//     minConfidence; a candidate whose first character is below it is empty;
//   - before the newline that would start line maxLines + 1 (maxLines 1 = end of line);
//   - after maxCharacters characters;
//   - before a NUL byte (the corpus's file separator) or an invalid UTF-8 sequence.
// Candidates share their common prefixes: states are kept in a trie keyed by byte, so
// drawing several candidates that agree on their first characters costs those steps once.
import type { InferenceModel, InferenceState } from './inferenceModel';
import { decodeBytes } from '../model/vocabulary';
import { type Rng, Sampler, type SamplingOptions, softmax } from './sampler';

export interface GenerationOptions extends SamplingOptions {
  maxLines: number;
  maxCharacters: number;
  minConfidence: number;
}

export interface GeneratedText {
  text: string;
  /** Sum of ln p over the text's bytes (untempered model probabilities). */
  logProb: number;
  /** Characters (code points) in text. */
  chars: number;
}

interface TrieNode {
  state: InferenceState; // after the bytes on the path to this node
  probs: Float32Array; // [256] next-byte probabilities, untempered
  logits: Float32Array; // [256]
  children: Map<number, TrieNode>;
}

export class CandidateTrie {
  private readonly root: TrieNode;
  /** Model steps taken (new trie nodes). */
  steps = 0;

  constructor(private readonly model: InferenceModel, state: InferenceState, logits: Float32Array) {
    this.root = { state, logits, probs: softmax(logits, new Float32Array(256)), children: new Map() };
  }

  /** Draws one candidate with `rng`. */
  draw(options: GenerationOptions, sampler: Sampler, rng: Rng): GeneratedText {
    const bytes: number[] = [];
    let node = this.root;
    let logProb = 0;
    let chars = 0;
    let lines = 1;
    while (chars < options.maxCharacters) {
      // One character: a lead byte then its continuation bytes.
      const lead = sampler.sample(node.logits, rng);
      const length = utf8Length(lead);
      if (lead === 0 || length === 0) break;
      let p = node.probs[lead];
      const charBytes = [lead];
      let cursor = node;
      while (charBytes.length < length && p >= options.minConfidence) {
        cursor = this.child(cursor, charBytes[charBytes.length - 1]);
        const next = sampler.sample(cursor.logits, rng);
        p *= cursor.probs[next];
        charBytes.push(next);
        if ((next & 0xc0) !== 0x80) p = 0; // not a continuation byte: invalid, stop
      }
      if (p < options.minConfidence || p === 0) break;
      if (lead === 0x0a && lines >= options.maxLines) break;
      if (lead === 0x0a) lines++;
      for (const b of charBytes) bytes.push(b);
      logProb += Math.log(p);
      chars++;
      if (chars < options.maxCharacters) node = this.child(cursor, charBytes[charBytes.length - 1]);
    }
    let text = decodeBytes(Uint8Array.from(bytes));
    if (text.endsWith('\r')) text = text.slice(0, -1); // the \r of a \r\n we stopped before
    return { text, logProb, chars };
  }

  private child(node: TrieNode, byte: number): TrieNode {
    let child = node.children.get(byte);
    if (!child) {
      const state = this.model.cloneState(node.state);
      this.model.step(state, byte);
      const logits = this.model.logits(state, new Float32Array(256));
      child = { state, logits, probs: softmax(logits, new Float32Array(256)), children: new Map() };
      node.children.set(byte, child);
      this.steps++;
    }
    return child;
  }
}

/** Bytes in the UTF-8 character this byte starts; 0 for a byte that cannot start one. */
function utf8Length(lead: number): number {
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}
