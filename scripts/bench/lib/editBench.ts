// bench:keystrokes --mode edit: spans of the held-out files (editSpans.ts) retyped by a
// person in a simulated VS Code (editTyping.ts), three times: alone (the keys the editor
// itself needs, with its auto-closing and indentation), with Recur's suggestions (the
// completion engine as the provider calls it: the text before and after the cursor, and
// the item it builds), and with the copy-from-workspace baseline's (its text made into an
// item the same way). Spans are taken in an order fixed by a hash until --max-chars
// characters are reached, so every held-out file contributes.
import type { DynamicEvalOptions } from '../../../src/core/infer/adaptedHead';
import { readCheckpoint } from '../../../src/core/model/checkpoint';
import { InferenceModel } from '../../../src/core/infer/inferenceModel';
import { stackFromSection } from '../../../src/core/predict/stackState';
import { CompletionEngine, type EngineOptions, REQUEST_AFTER_CHARS, requestChars } from '../../../src/core/complete/completionEngine';
import { inlineItemFor } from '../../../src/core/complete/textAfterCursor';
import { fnv1a } from '../../../src/core/corpus/split';
import { guessIndentStyle } from '../../../src/core/editing/indentation';
import { languageIdForPath } from '../../../src/core/editing/languageRules';
import { decodeBytes } from '../../../src/core/vocabulary';
import type { BenchSplit } from './benchCorpus';
import { CopyCompleter } from './copyCompleter';
import { editSpans, editTarget } from './editSpans';
import { type EditCounts, type EditSuggester, emptyCounts, retypeSpan, type SpanTask } from './editTyping';

export interface EditFigures extends EditCounts {
  /** Keys the person needs without suggestions (the editor's auto-closing and indentation help). */
  baseKeys: number;
  /** Share of those keys the suggestions save: 1 - keys / baseKeys. */
  savings: number;
  /** What the editor alone saves: 1 - baseKeys / chars. */
  editorSavings: number;
  shownPer100: number;
  acceptance: number;
  meanAccepted: number;
  msPerPosition: number;
}

/** The spans to type: every held-out file's, in hash order, up to maxChars characters in all (at least one span). */
export function editTasks(split: BenchSplit, maxChars: number): SpanTask[] {
  const all: { task: SpanTask; order: number }[] = [];
  for (const file of split.held) {
    const text = editTarget(decodeBytes(file.bytes));
    const languageId = languageIdForPath(file.relativePath);
    const style = guessIndentStyle(text);
    for (const span of editSpans(file.relativePath, text, languageId === 'python')) {
      all.push({ task: { document: file.relativePath, languageId, style, text, start: span.start, end: span.end }, order: fnv1a(`${file.relativePath}:${span.start}`) });
    }
  }
  all.sort((a, b) => a.order - b.order);
  const chosen: SpanTask[] = [];
  let chars = 0;
  for (const { task } of all) {
    if (chars >= maxChars) break;
    chosen.push(task);
    chars += task.end - task.start;
  }
  // Typed in file order, as one would edit: a file's spans one after another.
  return chosen.sort((a, b) => (a.document === b.document ? a.start - b.start : a.document < b.document ? -1 : 1));
}

function figures(counts: EditCounts, baseKeys: number): EditFigures {
  return {
    ...counts,
    baseKeys,
    savings: 1 - counts.keys / Math.max(1, baseKeys),
    editorSavings: 1 - baseKeys / Math.max(1, counts.chars),
    shownPer100: (100 * counts.shown) / Math.max(1, counts.chars),
    acceptance: counts.accepted / Math.max(1, counts.shown),
    meanAccepted: counts.acceptedChars / Math.max(1, counts.accepted),
    msPerPosition: counts.ms / Math.max(1, counts.positions),
  };
}

function recurSuggesters(checkpointFile: string, options: EngineOptions, dynamicEval: Readonly<DynamicEvalOptions> | false): (task: SpanTask) => EditSuggester {
  const ckpt = readCheckpoint(checkpointFile);
  const engine = new CompletionEngine(new InferenceModel(ckpt.model, ckpt.weights), ckpt.context ? stackFromSection(ckpt.context) : undefined, undefined, undefined, dynamicEval);
  const window = requestChars(options);
  return (task) => (before, after) => {
    const beforeStart = Math.max(0, before.length - window);
    const request = { before: before.slice(beforeStart), beforeStart, after: after.slice(0, REQUEST_AFTER_CHARS), languageId: task.languageId };
    const [best] = engine.complete(task.document, request, options);
    return best ? { item: { insertText: best.text, replaceRight: best.replaceRight }, kept: best.typedThrough === true, probability: best.acceptProbability } : { item: undefined, kept: false };
  };
}

function copySuggesters(split: BenchSplit, options: EngineOptions): (task: SpanTask) => EditSuggester {
  const completer = new CopyCompleter(split.train.map((f) => decodeBytes(f.bytes)));
  const midLine = options.midLine === 'never' ? 'join' : options.midLine;
  return (task) => {
    // One document per span: the baseline's index of the document follows the text before the cursor.
    const forDocument = completer.forDocument();
    let last = { before: '', text: '' };
    return (before, after) => {
      // Typing through a shown suggestion keeps it, as VS Code does.
      if (last.text && before.length > last.before.length && before.startsWith(last.before)) {
        const typed = before.slice(last.before.length);
        if (last.text.startsWith(typed) && typed.length < last.text.length) {
          const item = inlineItemFor(last.text.slice(typed.length), before, after, task.languageId, midLine);
          return { item, kept: true };
        }
      }
      const text = forDocument(before);
      last = { before, text };
      return { item: text ? inlineItemFor(text, before, after, task.languageId, midLine) : undefined, kept: false };
    };
  };
}

function typeAll(tasks: readonly SpanTask[], suggesters?: (task: SpanTask) => EditSuggester): EditCounts {
  const counts = emptyCounts();
  for (const task of tasks) retypeSpan(task, counts, suggesters?.(task));
  return counts;
}

/** One of Recur's engines a benchmark measures: a checkpoint with an output layer (lib/dynamicEvalArg.ts), and what to call it. */
export interface MeasuredEngine {
  label: string;
  checkpoint: string;
  /** undefined: dynamic evaluation off. */
  dynamicEval: Readonly<DynamicEvalOptions> | undefined;
}

export interface EditReport {
  spans: number;
  /** Recur with each engine asked for, in order. */
  recurs: { label: string; figures: EditFigures }[];
  /** The last of recurs. */
  recur: EditFigures;
  copy: EditFigures;
}

export function measureEdit(split: BenchSplit, options: EngineOptions, maxChars: number, log: (line: string) => void, engines: readonly MeasuredEngine[]): EditReport {
  const tasks = editTasks(split, maxChars);
  const alone = typeAll(tasks);
  log(
    `  ${tasks.length} spans (${alone.chars} characters) in ${new Set(tasks.map((t) => t.document)).size} held-out file(s); without suggestions ${alone.keys} keys (the editor's auto-closing and indentation save ${(100 * (1 - alone.keys / Math.max(1, alone.chars))).toFixed(1)}%)`,
  );
  const recurs = engines.map((engine) => ({ label: engine.label, figures: figures(typeAll(tasks, recurSuggesters(engine.checkpoint, options, engine.dynamicEval ?? false)), alone.keys) }));
  const copy = figures(typeAll(tasks, copySuggesters(split, options)), alone.keys);
  return { spans: tasks.length, recurs, recur: recurs[recurs.length - 1].figures, copy };
}
