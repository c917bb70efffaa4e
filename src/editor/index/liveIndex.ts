// The index while the editor runs: files saved in the editor, and files created or changed
// on disk (VS Code's file watcher), are learned into the statistics the suggestions use at
// once (src/core/index/liveLearning.ts: only their new lines, in slices), by the corpus's rules
// (dependency and build folders, lock and binary files, files.exclude, search.exclude,
// recur.corpus.exclude, .gitignore, the size and line-length caps); each accepted change is
// also handed to `onChange`, which has the index job bring the saved index up to date.
// Deleted files are handed on too (the saved index is rebuilt once too much of it is stale).
// When the model is reloaded (a new index, a new checkpoint), the files learned since the
// text it was built from was read are learned into it again.
import * as vscode from 'vscode';
import { readTextFile } from '../../core/corpus/readTextFile';
import { encodeText } from '../../core/vocabulary';
import { languageCodeOfPath } from '../../core/languages';
import { KnownLines, learnPiece } from '../../core/index/liveLearning';
import { PathRules } from '../../core/index/pathRules';
import { insideRoot } from '../../core/index/focusViews';
import { yieldToEventLoop } from '../../core/slicing';
import type { PredictorStack } from '../../core/predict/predictorStack';
import type { ModelStore } from '../modelStore';
import { readCorpusSettings } from '../../settings';

/** Files whose learning time is kept at most. */
const MAX_LEARNED = 256;

export interface LiveChange {
  kind: 'saved' | 'created' | 'changed' | 'deleted';
  file: string;
}

export class LiveIndex implements vscode.Disposable {
  private readonly known = new KnownLines();
  private rules = new Map<string, PathRules>();
  private queue: Promise<unknown> = Promise.resolve();
  /** Files learned in this window, with when (ms): learned again into a reloaded model when newer than its text. */
  private readonly learned = new Map<string, number>();
  private disposed = false;
  /** Pieces learned so far (tests and the log read it). */
  piecesLearned = 0;

  constructor(
    private readonly models: ModelStore,
    private readonly log: vscode.LogOutputChannel,
    private readonly onChange: (change: LiveChange) => void,
  ) {}

  /** A document was opened: its lines count as known (the index has read the file). */
  async remember(document: vscode.TextDocument): Promise<void> {
    const text = document.getText();
    if (document.uri.scheme === 'file' && (await this.accepts(document.uri.fsPath))) this.known.remember(document.uri.fsPath, text);
  }

  /** A document was saved: learn what is new in it. */
  async saved(document: vscode.TextDocument): Promise<void> {
    const file = document.uri.fsPath;
    const text = document.getText(); // the saved text, before an edit after the save
    if (document.uri.scheme !== 'file' || !(await this.accepts(file))) return;
    const limits = readCorpusSettings();
    if (encodeText(text).length > limits.maxFileBytes || text.split('\n').some((line) => line.length > limits.maxLineLength)) return;
    this.onChange({ kind: 'saved', file });
    return this.enqueue(file, () => this.known.newText(file, text));
  }

  /** The watcher saw a file created, changed or deleted. */
  async onDisk(kind: 'created' | 'changed' | 'deleted', uri: vscode.Uri): Promise<void> {
    const file = uri.fsPath;
    if (uri.scheme !== 'file' || !(await this.accepts(file))) return;
    if (file.endsWith('.gitignore')) this.clearRules();
    this.onChange({ kind, file });
    if (kind === 'deleted') {
      this.known.forget(file);
      return;
    }
    const read = await readTextFile(file, readCorpusSettings());
    if (read.kind !== 'text') return;
    await this.enqueue(file, () => this.known.newText(file, new TextDecoder().decode(read.bytes)));
  }

  /** Learns the files learned after `sinceMs` again (the model now in use was built from text read then). */
  relearnSince(sinceMs: number): Promise<void> {
    const files = [...this.learned].filter(([, at]) => at > sinceMs).map(([file]) => file);
    return Promise.all(
      files.map(async (file) => {
        const read = await readTextFile(file, readCorpusSettings());
        if (read.kind !== 'text') return;
        const text = new TextDecoder().decode(read.bytes);
        this.known.forget(file);
        await this.enqueue(file, () => this.known.newText(file, text));
      }),
    ).then(() => undefined);
  }

  /** The settings or a .gitignore changed: the rules are read again. */
  clearRules(): void {
    this.rules = new Map();
  }

  /** Whether the corpus rules take the file (it is inside a workspace folder and not left out). */
  async accepts(file: string): Promise<boolean> {
    const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(file));
    if (!folder || folder.uri.scheme !== 'file') return false;
    const relative = insideRoot(folder.uri.fsPath, file);
    if (!relative) return false;
    let rules = this.rules.get(folder.uri.fsPath);
    if (!rules) this.rules.set(folder.uri.fsPath, (rules = new PathRules(folder.uri.fsPath, readCorpusSettings(folder).excludeGlobs)));
    return (await rules.reasonFor(relative)) === undefined;
  }

  /** Learns `pieces()` (called when its turn comes) into the stack in use, one file after another. */
  private enqueue(file: string, pieces: () => string[]): Promise<void> {
    const next = this.queue.then(async () => {
      const stack = this.models.current?.stack;
      if (!stack || this.disposed) return;
      const started = Date.now();
      const all = pieces();
      for (const piece of all) await this.learn(stack, piece, languageCodeOfPath(file));
      this.log.debug(`Recur: learned ${all.length} new piece(s) of ${file} in ${Date.now() - started} ms`);
      this.learned.delete(file);
      this.learned.set(file, Date.now());
      if (this.learned.size > MAX_LEARNED) this.learned.delete(this.learned.keys().next().value!);
    });
    this.queue = next.catch((err: unknown) => this.log.warn(`Recur: could not learn ${file}: ${(err as Error).message}`));
    return this.queue.then(() => undefined);
  }

  private async learn(stack: PredictorStack, piece: string, languageCode: number): Promise<void> {
    const current = () => this.models.current?.stack === stack && !this.disposed;
    if (await learnPiece(stack, encodeText(piece), { yieldNow: yieldToEventLoop, cancelled: () => !current() }, languageCode)) this.piecesLearned++;
  }

  dispose(): void {
    this.disposed = true;
  }
}
