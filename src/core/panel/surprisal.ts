// Per-character surprisal from the per-byte probabilities of a trace.
//
// The model predicts UTF-8 bytes; the panel shows characters (Unicode code points, as in
// ../vocabulary.ts). A character is the byte that starts it (anything but a
// continuation byte 0x80-0xBF) and the continuation bytes after it, so its surprisal is the
// sum of its bytes' surprisals:
//   surprisal[k] = sum over bytes t of character k of -log2 prob[t]      (bits)
// Continuation bytes before the first starting byte belong to no character and are skipped.
import { startsCharacter } from '../vocabulary';

/** Surprisal of one byte is capped here (a probability that underflowed to 0 is "at least 64 bits"). */
export const MAX_BYTE_SURPRISAL_BITS = 64;

/** Where each character's bytes lie: start[k] <= t < end[k]. Both [C]. */
export interface CharacterBytes {
  start: Int32Array;
  end: Int32Array;
}

export function characterBytes(bytes: Uint8Array): CharacterBytes {
  const starts: number[] = [];
  for (let t = 0; t < bytes.length; t++) if (startsCharacter(bytes[t])) starts.push(t);
  const start = Int32Array.from(starts);
  const end = new Int32Array(starts.length);
  for (let k = 0; k < starts.length; k++) end[k] = k + 1 < starts.length ? starts[k + 1] : bytes.length;
  return { start, end };
}

/** -log2 p, capped at MAX_BYTE_SURPRISAL_BITS. */
export function byteSurprisal(prob: number): number {
  if (prob >= 1) return 0;
  return prob > 0 ? Math.min(MAX_BYTE_SURPRISAL_BITS, -Math.log2(prob)) : MAX_BYTE_SURPRISAL_BITS;
}

/** surprisal [C] in bits from prob [T] (the probability of each actual byte). */
export function charSurprisal(prob: Float32Array, chars: CharacterBytes): Float32Array {
  const out = new Float32Array(chars.start.length);
  for (let k = 0; k < out.length; k++) {
    let bits = 0;
    for (let t = chars.start[k]; t < chars.end[k]; t++) bits += byteSurprisal(prob[t]);
    out[k] = bits;
  }
  return out;
}

/**
 * The text of `bytes` with exactly one code point per character of `chars` (so it pairs
 * one-to-one with charSurprisal): each character's bytes decoded on their own, an invalid
 * sequence shown as U+FFFD.
 */
export function textOfCharacters(bytes: Uint8Array, chars: CharacterBytes): string {
  const decoder = new TextDecoder('utf-8', { fatal: false });
  let out = '';
  for (let k = 0; k < chars.start.length; k++) {
    const decoded = decoder.decode(bytes.subarray(chars.start[k], chars.end[k]));
    const first = decoded.codePointAt(0);
    out += first === undefined ? '\uFFFD' : String.fromCodePoint(first);
  }
  return out;
}
