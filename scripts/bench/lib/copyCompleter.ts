// The copy-from-workspace baseline for bench:keystrokes: a few lines of heuristic that a
// suggestion engine has to beat. At the cursor, find the longest earlier match of the last 8
// to 32 characters in the workspace's text (the training files) and in the document before
// the cursor (the most recent occurrence wins a tie), and suggest the rest of that line.
// Index: every 8-character string -> the positions where it ends (latest last).
const MIN = 8;
const MAX = 32;

export class CopyCompleter {
  private readonly workspace: string;
  private readonly index = new Map<string, number[]>();

  constructor(workspaceFiles: readonly string[]) {
    this.workspace = workspaceFiles.join('\n');
    for (let end = MIN; end <= this.workspace.length; end++) this.add(this.workspace, end, this.index);
  }

  private add(text: string, end: number, index: Map<string, number[]>): void {
    const key = text.slice(end - MIN, end);
    const list = index.get(key);
    if (list) list.push(end);
    else index.set(key, [end]);
  }

  /** A completer for one document: it indexes the document's text as the cursor moves on. */
  forDocument(): (before: string) => string {
    const local = new Map<string, number[]>();
    let indexed = MIN - 1;
    return (before: string) => {
      for (let end = indexed + 1; end <= before.length; end++) this.add(before, end, local);
      indexed = Math.max(indexed, before.length);
      if (before.length < MIN) return '';
      let best = { length: 0, text: '', at: -1 };
      const consider = (source: string, ends: number[] | undefined, limit: number) => {
        for (let k = (ends?.length ?? 0) - 1; k >= 0; k--) {
          const end = ends![k];
          if (end >= limit) continue;
          let length = MIN;
          while (length < MAX && end - length - 1 >= 0 && source[end - length - 1] === before[before.length - length - 1]) length++;
          if (length > best.length) {
            const lineEnd = source.indexOf('\n', end);
            best = { length, text: source.slice(end, lineEnd < 0 ? source.length : lineEnd), at: end };
          }
          if (length === MAX) break;
        }
      };
      const key = before.slice(-MIN);
      consider(before, local.get(key), before.length); // the document first: its matches are the most recent
      consider(this.workspace, this.index.get(key), Infinity);
      return best.text;
    };
  }
}
