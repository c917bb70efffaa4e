// Saved files join the statistics the editor suggests from while it runs, so a name defined
// in one file is suggested in the others a moment after it is saved (the saved index catches
// up later, in the index job). Only what is new is learned: per file, the lines learned or
// seen already (when it was opened: the index read it) are remembered by a hash, and a save
// learns the runs of new lines (with the line before each, for context). Without that, a
// file saved every few seconds would fill the workspace history with copies of itself.
//
// Learning a piece: its bytes go to the workspace history first (the match model can copy
// from it on the next request), then into the context tables; both in slices, so the editor
// never waits (../slicing.ts).
// Memory: at most MAX_FILES files' line hashes, at most MAX_LINES each (a file with more is
// learned whole at every save).
import { type SliceControl, inSlices } from '../slicing';
import { fnv1a } from '../corpus/split';
import { FILE_SEPARATOR } from '../corpus/readCorpus';
import { Cursor } from '../predict/cursor';
import { MATCH_SOURCES, type PredictorStack } from '../predict/predictorStack';

export const MAX_FILES = 64;
export const MAX_LINES = 50_000;
/** Bytes appended or learned per unit of sliced work. */
const PIECE_BYTES = 2048;

export class KnownLines {
  private readonly files = new Map<string, Set<number>>();

  /** Records a file's lines as already learned (e.g. the text it had when opened). */
  remember(key: string, text: string): void {
    if (this.files.has(key)) return;
    const lines = text.split('\n');
    this.put(key, lines.length <= MAX_LINES ? new Set(lines.map(fnv1a)) : new Set());
  }

  /** The text of `key` not learned yet: runs of new lines, each with the line before it; all of it for a file not seen before. Records them as learned. */
  newText(key: string, text: string): string[] {
    const lines = text.split('\n');
    const known = this.files.get(key);
    if (lines.length > MAX_LINES) {
      this.files.delete(key);
      return [text];
    }
    this.put(key, new Set([...(known ?? []), ...lines.map(fnv1a)]));
    if (!known) return text ? [text] : [];
    const pieces: string[] = [];
    let start = -1;
    for (let i = 0; i <= lines.length; i++) {
      const isNew = i < lines.length && !known.has(fnv1a(lines[i]));
      if (isNew && start < 0) start = Math.max(0, i - 1);
      if (!isNew && start >= 0) {
        pieces.push(lines.slice(start, i).join('\n'));
        start = -1;
      }
    }
    return pieces;
  }

  forget(key: string): void {
    this.files.delete(key);
  }

  private put(key: string, lines: Set<number>): void {
    this.files.delete(key);
    this.files.set(key, lines); // most recent last
    while (this.files.size > MAX_FILES) this.files.delete(this.files.keys().next().value!);
  }
}

/**
 * Learns a piece of text into the stack in slices: the workspace history first (then a
 * separator), then the context tables, under the text's language code (../languages.ts)
 * when the stack tells languages apart. False when cancelled midway (what was done stays).
 */
export async function learnPiece(stack: PredictorStack, bytes: Uint8Array, control: SliceControl, languageCode = 0): Promise<boolean> {
  const appended = await inSlices(bytes.length, PIECE_BYTES, control, (from, to) => stack.workspace.appendAll(bytes.subarray(from, to)));
  if (!appended) return false;
  stack.workspace.append(FILE_SEPARATOR);
  const cursor = new Cursor(MATCH_SOURCES);
  cursor.language = stack.languageContexts ? languageCode : 0;
  return inSlices(bytes.length, PIECE_BYTES, control, (from, to) => {
    for (let i = from; i < to; i++) {
      stack.learnContexts(cursor, bytes[i]);
      cursor.pushContextOnly(bytes[i]);
    }
  });
}
