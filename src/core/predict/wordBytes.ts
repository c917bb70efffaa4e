// Which bytes make up identifiers (words) for the context and match models: ASCII letters,
// digits, _ and $, and every non-ASCII byte (so identifiers in any script count as words).
export function isWordByte(b: number): boolean {
  return (b >= 0x61 && b <= 0x7a) || (b >= 0x41 && b <= 0x5a) || (b >= 0x30 && b <= 0x39) || b === 0x5f || b === 0x24 || b >= 0x80;
}
