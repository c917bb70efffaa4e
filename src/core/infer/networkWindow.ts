// Which text before the cursor the model reads. The window starts at an anchor that
// depends only on the cursor offset: anchors sit on multiples of S = contextLength / 2,
// and the window is the text from the last-but-one anchor, so it holds between S and
// 2S = contextLength characters (fewer near the top of the file):
//   anchor = max(0, (floor(cursor / S) - 1) * S)
// Because the window is a function of (text, cursor), a suggestion is too: typing one
// more character extends the same window by one (one model step, see stateCache.ts)
// except every S characters, where the window restarts from the next anchor; and a
// cached state gives exactly what a cold start on the same text gives.

export interface NetworkWindow {
  /** UTF-16 offset in the document where the window starts. */
  anchor: number;
  /** The window: document text from anchor to the cursor, minus a trailing lone high surrogate. */
  text: string;
  /** The anchor the window will start from once the cursor has moved S further (stateCache.ts tracks it ahead). */
  nextAnchor: number;
}

/**
 * `before` is the document's text before the cursor, or only its end when `beforeStart`
 * (its offset in the document) is given; it must then reach back at least contextLength
 * characters before the cursor (or to the start of the document).
 */
export function networkWindow(before: string, contextLength: number, beforeStart = 0): NetworkWindow {
  const S = Math.max(1, Math.floor(contextLength / 2));
  const cursor = beforeStart + before.length;
  const start = Math.max(0, (Math.floor(cursor / S) - 1) * S);
  if (start < beforeStart) throw new Error(`networkWindow: the text before the cursor starts at ${beforeStart}, after the window's start ${start}`);
  // Never start inside a surrogate pair.
  const adjust = (offset: number) => (isLowSurrogate(before.charCodeAt(offset - beforeStart)) ? offset + 1 : offset);
  const anchor = adjust(start);
  let end = before.length;
  if (end > anchor - beforeStart && isHighSurrogate(before.charCodeAt(end - 1))) end--; // half a pair is not a character yet
  return { anchor, text: before.slice(anchor - beforeStart, end), nextAnchor: adjust(start + S) };
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
