// Which text the activations view shows: the selection when there is one (up to a cap),
// otherwise about `size` characters around the cursor, moved inside the document and
// trimmed to whole lines where a line break is near the edge (a view that starts mid-line
// is hard to read). Offsets are UTF-16 code units, as in VS Code's TextDocument; a window
// never splits a surrogate pair. The model reads up to `warmup` characters before the window
// first, so the window does not start from a cold state.

export interface WindowRequest {
  /** The document's text. */
  text: string;
  /** Cursor offset, and the selection [selectionStart, selectionEnd) (equal when empty). */
  cursor: number;
  selectionStart: number;
  selectionEnd: number;
  /** About this many characters around the cursor. */
  size: number;
  /** Longest selection shown whole; longer ones are cut to their first maxSelection characters. */
  maxSelection: number;
  /** Characters read before the window to warm the state up. */
  warmup: number;
}

export interface TextWindow {
  /** The shown text is text.slice(start, end). */
  start: number;
  end: number;
  /** Where the model starts reading (start - warmup or 0). */
  warmupStart: number;
  fromSelection: boolean;
  /** The selection was longer than maxSelection and was cut. */
  truncated: boolean;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** Moves an offset that falls between the two halves of a surrogate pair back by one. */
export function snapToCodePoint(text: string, offset: number): number {
  const clamped = Math.max(0, Math.min(text.length, offset));
  return clamped > 0 && clamped < text.length && isHighSurrogate(text.charCodeAt(clamped - 1)) ? clamped - 1 : clamped;
}

export function chooseWindow(request: WindowRequest): TextWindow {
  const { text, size, warmup } = request;
  const length = text.length;
  let start: number;
  let end: number;
  let fromSelection = false;
  let truncated = false;
  if (request.selectionEnd > request.selectionStart) {
    fromSelection = true;
    start = request.selectionStart;
    end = Math.min(request.selectionEnd, start + request.maxSelection);
    truncated = end < request.selectionEnd;
  } else {
    const cursor = Math.max(0, Math.min(length, request.cursor));
    start = Math.max(0, cursor - Math.floor(size / 2));
    end = Math.min(length, start + size);
    start = Math.max(0, end - size);
    // Whole lines at the edges: cut back to a line break in the outer quarter, keeping the cursor inside.
    const slack = Math.floor(size / 4);
    if (start > 0) {
      const newline = text.indexOf('\n', start);
      if (newline >= 0 && newline < start + slack && newline < cursor) start = newline + 1;
    }
    if (end < length) {
      const newline = text.lastIndexOf('\n', end - 1);
      if (newline >= 0 && newline >= end - slack && newline >= cursor) end = newline + 1;
    }
  }
  start = snapToCodePoint(text, start);
  end = snapToCodePoint(text, end);
  return { start, end, warmupStart: snapToCodePoint(text, Math.max(0, start - warmup)), fromSelection, truncated };
}
