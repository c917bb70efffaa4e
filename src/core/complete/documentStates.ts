// The prediction stack's view of the documents being edited: per document, its text before
// the cursor as a ByteHistory (the match model's "document" source, the strongest source of
// copies) and a Cursor that read that text in lockstep with it, so that the match model
// only ever finds earlier occurrences. The text also joins the stack's context tables as it
// is read (PredictorStack.learnContexts), as every file did in training: the stack keeps
// learning from what the user types, within its fixed-size table. Text read again (after an
// edit, or a document read anew) is learned again: the tables favour what is seen often. Like the network's StateCache (../infer/stateCache.ts)
// it is a cache: typing one character costs one byte of work; an edit before the cursor
// keeps the common prefix and re-reads from a little before it; work can be done in slices.
//
// Which text: the window of at most `windowChars` characters before the cursor, anchored
// like the network's window (../infer/networkWindow.ts), so it only moves every
// windowChars / 2 characters. The first read of a window (a document opened, or its window
// moved on) puts all but its last LOCKSTEP_BYTES straight into the history, for the match
// model to copy from, and reads only those last bytes in lockstep (cursor, learning): a long
// document costs milliseconds, not a read of every byte; what is typed after is read in
// lockstep as it comes. So the context tables learn what the user types and the text just
// before it, not every document opened (training learned the workspace's files already).
// Memory: maxDocuments windows, each at most 4 bytes a character of text and its index (one
// 4-byte slot per byte, 2^12 at least).
import { networkWindow } from '../infer/networkWindow';
import { encodeText } from '../vocabulary';
import { ByteHistory } from '../predict/byteHistory';
import { Cursor, RING_BYTES } from '../predict/cursor';
import { MATCH_SOURCES, type PredictorStack } from '../predict/predictorStack';

export interface DocumentState {
  cursor: Cursor;
  history: ByteHistory;
}

export interface DocumentStatesOptions {
  maxDocuments: number;
  /** Characters of the document before the cursor that the match model can copy from. */
  windowChars: number;
}

export const DEFAULT_DOCUMENT_STATES: Readonly<DocumentStatesOptions> = { maxDocuments: 8, windowChars: 64 * 1024 };

interface Entry {
  anchor: number;
  /** The document's language code as the stack reads it (0 when it does not tell languages apart). */
  language: number;
  /** The window text known so far (UTF-16); its UTF-8 bytes are bytes[0..byteLength). */
  text: string;
  bytes: Uint8Array;
  byteLength: number;
  /** Reads bytes in lockstep with history: history.length bytes of `bytes` have been read. */
  cursor: Cursor;
  history: ByteHistory;
}

/** Bytes re-read after an edit, so the cursor's recent bytes and matches are rebuilt. */
const REREAD_BYTES = 2048;
/** On a first read, the bytes before the cursor read in lockstep; the older ones go straight into the history. */
export const LOCKSTEP_BYTES = 2048;

function newCursor(language: number): Cursor {
  const cursor = new Cursor(MATCH_SOURCES);
  cursor.language = language;
  return cursor;
}

export class DocumentStates {
  private readonly entries = new Map<string, Entry>();

  constructor(
    readonly stack: PredictorStack,
    readonly options: DocumentStatesOptions = DEFAULT_DOCUMENT_STATES,
  ) {}

  /**
   * Brings `key`'s state to the cursor: `before` is the document's text before it,
   * starting at document offset `beforeStart` (it must reach back windowChars characters, or
   * to the start). Reads at most `maxBytes` bytes; undefined when it ran out (call again:
   * what was read is kept).
   */
  prepare(key: string, before: string, beforeStart = 0, maxBytes = Infinity, language = 0): DocumentState | undefined {
    const window = networkWindow(before, this.options.windowChars, beforeStart);
    const salt = this.stack.languageContexts ? language : 0;
    let entry = this.entries.get(key);
    if (!entry || entry.anchor !== window.anchor || entry.language !== salt) entry = this.freshEntry(window.anchor, salt);
    this.entries.delete(key);
    this.entries.set(key, entry); // most recently used last
    while (this.entries.size > this.options.maxDocuments) this.entries.delete(this.entries.keys().next().value!);

    if (window.text !== entry.text) {
      if (!window.text.startsWith(entry.text)) this.rewind(entry, window.text);
      this.appendText(entry, window.text.slice(entry.text.length));
      entry.text = window.text;
      if (entry.history.length === 0 && entry.byteLength > LOCKSTEP_BYTES) this.readFirstInBulk(entry);
    }
    const end = Math.min(entry.byteLength, entry.history.length + maxBytes);
    this.readBytes(entry, entry.bytes, entry.history.length, end);
    if (end !== entry.byteLength) return undefined;
    // Text learned into the workspace history since the last byte was read (a file saved
    // while this document waited) is copied from at once, not one keystroke later.
    entry.cursor.refindMatches(this.stack.histories(entry.history));
    return { cursor: entry.cursor, history: entry.history };
  }

  /** Forgets one document (closed) or all of them (the model changed). */
  forget(key?: string): void {
    if (key === undefined) this.entries.clear();
    else this.entries.delete(key);
  }

  private freshEntry(anchor: number, language: number): Entry {
    const capacity = 4 * this.options.windowChars + 64; // UTF-8 takes at most 3 bytes per UTF-16 unit
    return { anchor, language, text: '', bytes: new Uint8Array(1024), byteLength: 0, cursor: newCursor(language), history: new ByteHistory(capacity, ByteHistory.indexBitsFor(capacity / 4)) };
  }

  private appendText(entry: Entry, text: string): void {
    const added = encodeText(text);
    if (entry.byteLength + added.length > entry.bytes.length) {
      const grown = new Uint8Array(Math.max(2 * entry.bytes.length, entry.byteLength + added.length));
      grown.set(entry.bytes.subarray(0, entry.byteLength));
      entry.bytes = grown;
    }
    entry.bytes.set(added, entry.byteLength);
    entry.byteLength += added.length;
  }

  private readBytes(entry: Entry, bytes: Uint8Array, from: number, to: number): void {
    const stack = this.stack;
    const histories = stack.histories(entry.history);
    for (let i = from; i < to; i++) {
      stack.learnContexts(entry.cursor, bytes[i]);
      entry.cursor.push(bytes[i], histories);
      entry.history.append(bytes[i]);
    }
  }

  /** A first read: all but the last LOCKSTEP_BYTES go straight into the history; the cursor warms up on the bytes just before those. */
  private readFirstInBulk(entry: Entry): void {
    const bulkEnd = entry.byteLength - LOCKSTEP_BYTES;
    entry.history.appendAll(entry.bytes.subarray(0, bulkEnd));
    for (let i = Math.max(0, bulkEnd - RING_BYTES); i < bulkEnd; i++) entry.cursor.pushContextOnly(entry.bytes[i]);
  }

  /**
   * The text changed before its end (an edit, undo, paste): keep the common prefix, and
   * re-read its last REREAD_BYTES with a new cursor so that the matches are found again.
   */
  private rewind(entry: Entry, text: string): void {
    let common = 0;
    const n = Math.min(text.length, entry.text.length);
    while (common < n && text.charCodeAt(common) === entry.text.charCodeAt(common)) common++;
    if (common > 0 && /[\ud800-\udbff]/.test(entry.text[common - 1])) common--; // never split a surrogate pair
    const keepBytes = encodeText(entry.text.slice(0, common)).length;
    const readKept = Math.min(keepBytes, entry.history.length);
    const rereadFrom = Math.max(0, readKept - REREAD_BYTES);
    entry.cursor = newCursor(entry.language);
    for (let i = Math.max(0, rereadFrom - RING_BYTES); i < rereadFrom; i++) entry.cursor.pushContextOnly(entry.bytes[i]);
    entry.history.truncate(rereadFrom);
    this.readBytes(entry, entry.bytes, rereadFrom, readKept);
    entry.text = entry.text.slice(0, common);
    entry.byteLength = keepBytes;
  }
}
