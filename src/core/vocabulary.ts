// The vocabulary: the 256 byte values of UTF-8. The same for every workspace, so any
// checkpoint can be fine-tuned or shared, and no input can fall outside it (any Unicode,
// CRLF, NUL, even invalid UTF-8 are just bytes).
//
// The model predicts bytes; we report per character. A character is a Unicode code point,
// counted as the bytes that start one (anything but a UTF-8 continuation byte 0x80-0xBF).
// Bits per character = (sum of -log2 p over all bytes) / characters, so a 3-byte character
// costs the sum of its three byte predictions, and perplexity per character = 2^bpc.

export const VOCAB_SIZE = 256;

const encoder = new TextEncoder();

/** Text -> UTF-8 byte ids, each in [0, 256). */
export function encodeText(text: string): Uint8Array {
  return encoder.encode(text);
}

/** Byte ids -> text; invalid sequences become U+FFFD. */
export function decodeBytes(bytes: Uint8Array): string {
  return new TextDecoder('utf-8', { fatal: false }).decode(bytes);
}

export function startsCharacter(byte: number): boolean {
  return (byte & 0xc0) !== 0x80;
}

/** Number of characters (code points) whose first byte lies in `bytes`. */
export function countChars(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let chars = 0;
  for (let i = start; i < end; i++) if ((bytes[i] & 0xc0) !== 0x80) chars++;
  return chars;
}
