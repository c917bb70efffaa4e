// Byte classes for the char-classes context (cursor.ts): a byte's shape rather than its
// value, so `foo.bar(` and `baz.qux(` share a context. Classes fit in 5 bits:
//   1 lower-case letter or _ or $    2 upper-case letter    3 digit    4 space    5 tab
//   6 line feed    7 any other byte (control, non-ASCII)
//   8..31 each byte of PUNCTUATION (the punctuation code uses most) on its own: its index + 8;
//         other punctuation is class 7
// A cursor keeps the classes of the last CLASS_RUNS runs (a run: consecutive bytes of one
// class), 5 bits each, the newest in the lowest bits.

const PUNCTUATION = '()[]{}.,;:=+-*/<>"\'`!&|#';
export const CLASS_RUNS = 6;
export const CLASS_RUNS_MASK = 2 ** (5 * CLASS_RUNS) - 1;

const CLASSES = buildClasses();

function buildClasses(): Uint8Array {
  if (PUNCTUATION.length > 24) throw new Error('byte classes: at most 24 punctuation classes fit in 5 bits');
  const classes = new Uint8Array(256).fill(7);
  for (let b = 0x61; b <= 0x7a; b++) classes[b] = 1;
  classes[0x5f] = 1;
  classes[0x24] = 1;
  for (let b = 0x41; b <= 0x5a; b++) classes[b] = 2;
  for (let b = 0x30; b <= 0x39; b++) classes[b] = 3;
  classes[0x20] = 4;
  classes[0x09] = 5;
  classes[0x0a] = 6;
  for (let i = 0; i < PUNCTUATION.length; i++) classes[PUNCTUATION.charCodeAt(i)] = 8 + i;
  return classes;
}

/** The class of `byte` (1..31). */
export function classOf(byte: number): number {
  return CLASSES[byte];
}
