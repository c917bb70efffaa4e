// An indirect context (the PAQ family's "indirect model"): for every pair of bytes, the two
// bytes that followed it the last two times it came. The context is what followed the last
// two bytes before, with the last byte: where `foo.` was followed by `ba` and `bar` follows
// again, the table predicts from what came after earlier `ba`s rather than from the text.
//
//   state     tensor     dtype   shape     what
//             followers  uint16  [65536]   [c1 + 256 c2]: the two bytes that followed c2 c1 (the last in the low 8 bits)
import { hashPair } from '../contextTable';

export const FOLLOWER_PAIRS = 1 << 16;

export class ByteFollowers {
  /** followers [FOLLOWER_PAIRS]. */
  constructor(readonly followers: Uint16Array = new Uint16Array(FOLLOWER_PAIRS)) {}

  /** The context's hash after bytes c2 c1 (c1 the last). */
  hash(c1: number, c2: number): number {
    return hashPair(0x100d, this.followers[c1 | (c2 << 8)] | (c1 << 16));
  }

  /** `byte` followed c2 c1. */
  learn(c1: number, c2: number, byte: number): void {
    const at = c1 | (c2 << 8);
    this.followers[at] = ((this.followers[at] << 8) | byte) & 0xffff;
  }
}
