// One run of the workspace index (the index job of the training process, src/worker/
// runIndexJob.ts; the benchmarks call it in-process): list the workspace, rank its files by
// relevance to the focus (open and recently edited files), read the most relevant within the
// budget, and learn them. Three ways it ends, each saved through io.save:
//   update  a saved index of this base, budget and folders exists: only the files whose size
//           or modification time changed (or that are new to it) are read and learned, last
//           (they are the freshest); nothing is written when nothing changed
//   first   no saved index at all: the edited project (the nearest folder with a manifest above
//           the best focus file) is listed alone, its most relevant FIRST_INDEX_BYTES read, their
//           statistics learned (no mixer learning, no network refit) and saved at once, so
//           suggestions know the edited project within seconds; then the whole workspace is
//           listed for
//   full    everything selected, least relevant first (workspaceIndex.ts), into a stack sized
//           for that text (stackConfig.ts sizedForText: the workspace history gets the room the
//           text needs and a margin, the context table the rest of input.sizes' memory)
// A saved index is built again from scratch (full) when more than REBUILD_STALE_SHARE of its
// budget is text that has since changed or gone (statistics cannot forget), when the changed
// files would overflow its workspace history's margin (the oldest half of the text would be
// dropped), when it was sized for another memory budget, or when it was only a first index.
// Memory: the base checkpoint, one stack at a time, the listing (at most MAX_LISTED_FILES paths) and the texts read (at most the budget).
import { performance } from 'node:perf_hooks';
import type { Checkpoint } from '../model/checkpoint';
import type { PredictorStack, StackSizes } from '../predict/predictorStack';
import { sectionProblem, stackFromSection, stackToSection } from '../predict/stackState';
import { sizedForText, stackSizesFor, withWorkspaceRoom } from '../predict/stackConfig';
import { InferenceModel } from '../infer/inferenceModel';
import { SteppedLstm } from '../infer/steppedLstm';
import type { IndexProgress, IndexSummary, LeftOutReason } from '../../shared/indexSummary';
import { focusProject, focusViews } from './focusViews';
import type { SavedIndex } from './indexFile';
import { filesByKey, fileKey, type IndexManifest, summarize } from './indexManifest';
import { type ListingScope, listWorkspace, type WorkspaceListing } from './listWorkspace';
import { FAR_TIER, type RankedFile, rankFiles } from './relevance';
import { type Selection, type SelectedFile, type SelectionLimits, selectFiles } from './selectFiles';
import { baseIdentity, FIT_MAX_BYTES, type LearnedText, learnFirstIndex, learningOf, learnInOrder, learnWorkspace } from './workspaceIndex';
import { languageCodeOfPath } from '../languages';
import type { WeighingShare } from './weighedFiles';

/** The first index: this much of the most relevant text, statistics only (under a second of one idle core). */
export const FIRST_INDEX_BYTES = 128 * 1024;
/** Its tables are sized for at most this recur.context.memoryMB (a smaller file to write and load; 16 times its text in table buckets). */
export const FIRST_INDEX_MEMORY_MB = 8;
export const REBUILD_STALE_SHARE = 0.5;

export interface IndexInput {
  base: Checkpoint;
  /** The index saved before, if any (it is reused when it belongs to this base, budget and folders). */
  previous: SavedIndex | undefined;
  roots: readonly string[];
  /** Exclude globs per folder. */
  excludes: readonly (readonly string[])[];
  /** Absolute paths of the files that matter now, best first (open, then recently edited). */
  focus: readonly string[];
  limits: { maxFileBytes: number; maxLineLength: number; maxTotalBytes: number };
  /** The memory budget's sizes (stackSizesFor): a full index fits its parts to the text it reads within their memory. */
  sizes: StackSizes;
  /** How much of the project's text the whole stack learns from (default WEIGHING_SHARE; benchmarks' baselines: WHOLE_STACK). */
  weighing?: WeighingShare;
}

export interface IndexResult {
  phase: 'first' | 'full' | 'update';
  /** Files and bytes read from disk in this run, and files kept from the saved index unread. */
  filesRead: number;
  bytesRead: number;
  filesKept: number;
  summary: IndexSummary;
}

export interface IndexIO {
  shouldStop(): boolean;
  onProgress(progress: IndexProgress): void;
  /** Saves an index (written: false when nothing changed and nothing needs writing). */
  save(index: SavedIndex | undefined, result: IndexResult): void;
  /** Hears where the time goes: one line per step ("listed 19,402 files in 2.1 s"). */
  log?(message: string): void;
}

/** Runs the index; false when stopped. */
export async function runIndex(input: IndexInput, io: IndexIO): Promise<boolean> {
  const budget = Math.min(input.sizes.maxLearnBytes ?? Infinity, input.limits.maxTotalBytes);
  const limits = { ...input.limits, budgetBytes: budget, fitBytes: Math.min(FIT_MAX_BYTES, budget / 8) };
  const step = stepTimer(io);
  let whole: RankedListing | undefined;
  if (!input.previous) {
    // The first index lists the edited project alone (the whole workspace when it is the project).
    const scope = await focusProject(input.roots, input.focus);
    const first = await rankedListing(input, io, step, scope);
    if (!(await firstIndex(input, io, step, first, limits))) return false;
    if (!scope) whole = first;
  }
  whole ??= await rankedListing(input, io, step, undefined);
  const reusable = usable(input, budget);
  if (reusable) {
    const selection = await selectFiles(input.roots, whole.ranked, limits, filesByKey(reusable.manifest), io.onProgress, io.shouldStop);
    if (!selection) return false;
    const outcome = await update(input, reusable, selection, whole.listing.leftOut, io);
    if (outcome !== 'rebuild') return outcome;
  }
  const selection = await selectFiles(input.roots, whole.ranked, limits, undefined, io.onProgress, io.shouldStop);
  if (!selection) return false;
  step(`full index: read ${selection.files.length} files`);
  const leftOut = merged(whole.listing.leftOut, selection.leftOut);
  const stack = await learnWorkspace(
    input.base,
    learned(selection.files, hasProject(input.focus, selection.files)),
    sizedForText(input.sizes, historyBytesOf(selection.files)),
    io.shouldStop,
    (bytes) => io.onProgress({ phase: 'learning', files: selection.files.length, bytes }),
    input.weighing,
  );
  if (!stack) return false;
  step('full index: learned them');
  const manifest = manifestOf(input, selection.files, leftOut, budget, true);
  io.save(saved(input, stack, manifest), result('full', selection.files, 0, manifest));
  step('full index: saved it');
  return true;
}

interface RankedListing {
  listing: WorkspaceListing;
  ranked: RankedFile[];
}

/** The workspace's files (or `scope`'s alone), most relevant first. */
async function rankedListing(input: IndexInput, io: IndexIO, step: (done: string) => void, scope: ListingScope | undefined): Promise<RankedListing> {
  const listing = await listWorkspace(input.roots, input.excludes, io.shouldStop, scope);
  const files = listing.files.reduce((n, f) => n + f.length, 0);
  step(`listed ${files} files${scope ? ` of ${scope.folder}` : ''}`);
  io.onProgress({ phase: 'listing', files, bytes: 0 });
  const views = await focusViews(input.roots, listing, input.focus);
  const ranked = rankFiles(listing.files, views);
  step("ranked them (read the focus files' imports and git's changes)");
  return { listing, ranked };
}

/** Reads the most relevant FIRST_INDEX_BYTES, learns their statistics and saves them; false when stopped. */
async function firstIndex(input: IndexInput, io: IndexIO, step: (done: string) => void, { listing, ranked }: RankedListing, limits: SelectionLimits): Promise<boolean> {
  const budget = limits.budgetBytes;
  const first = await selectFiles(input.roots, ranked, { ...limits, budgetBytes: Math.min(budget, FIRST_INDEX_BYTES), fitBytes: 0, prefixOnly: true }, undefined, io.onProgress, io.shouldStop);
  if (!first) return false;
  // Nothing readable in the edited file's project (a skipped, excluded or ignored folder): no first index, whose empty statistics would suggest worse than the base model's.
  if (first.files.length === 0) {
    step('first index: nothing to read in the edited project; the full index follows');
    return true;
  }
  step(`first index: read ${first.files.length} files`);
  const cap = stackSizesFor(FIRST_INDEX_MEMORY_MB);
  const sizes = { tableBuckets: Math.min(cap.tableBuckets, input.sizes.tableBuckets), workspaceBytes: Math.min(cap.workspaceBytes, input.sizes.workspaceBytes) };
  const stack = await learnFirstIndex(input.base, learned(first.files, false), sizes, io.shouldStop, (bytes) => io.onProgress({ phase: 'learning', files: first.files.length, bytes }));
  if (!stack) return false;
  step('first index: learned them');
  const manifest = manifestOf(input, first.files, merged(listing.leftOut, first.leftOut), budget, false);
  io.save(saved(input, stack, manifest, false), result('first', first.files, 0, manifest));
  step('first index: saved it');
  return true;
}

/** Logs each step with the seconds since the step before it. */
function stepTimer(io: IndexIO): (done: string) => void {
  let last = performance.now();
  return (done) => {
    const now = performance.now();
    io.log?.(`${done} in ${((now - last) / 1000).toFixed(2)} s`);
    last = now;
  };
}

/** The previous index when this run can continue it. */
function usable(input: IndexInput, budget: number): SavedIndex | undefined {
  const previous = input.previous;
  if (!previous || !previous.manifest.complete) return undefined;
  const base = baseIdentity(input.base);
  if (previous.base.step !== base.step || previous.base.charsSeen !== base.charsSeen || previous.base.name !== base.name) return undefined;
  if (previous.manifest.budgetBytes !== budget || JSON.stringify(previous.manifest.roots) !== JSON.stringify(input.roots)) return undefined;
  if (sectionProblem(previous.stack)) return undefined;
  // Sized for this budget: its table is what the budget gives beside its workspace history (sizes saved before they followed the text: the budget's own).
  const { tableBuckets, workspaceCapacity } = previous.stack.meta as { tableBuckets: number; workspaceCapacity: number };
  if (workspaceCapacity > input.sizes.workspaceBytes || withWorkspaceRoom(input.sizes, workspaceCapacity).tableBuckets !== tableBuckets) return undefined;
  return previous;
}

/** Bytes of workspace history that `files` take: each file's text and a separator. */
function historyBytesOf(files: readonly SelectedFile[]): number {
  return files.reduce((n, f) => n + f.bytes + 1, 0);
}

/** Learns the changed files into the saved stack; 'rebuild' when too much of it is out of date. */
async function update(input: IndexInput, previous: SavedIndex, selection: Selection, walkLeftOut: Partial<Record<LeftOutReason, number>>, io: IndexIO): Promise<boolean | 'rebuild'> {
  const fresh = new Set(selection.files.filter((f) => !f.text).map((f) => fileKey(f.root, f.path)));
  const stale = previous.manifest.files.filter((f) => !fresh.has(fileKey(f.root, f.path))).reduce((n, f) => n + f.bytes, 0);
  const changed = selection.files.filter((f): f is SelectedFile & { text: Uint8Array } => f.text !== undefined);
  const changedBytes = changed.reduce((n, f) => n + f.bytes, 0);
  const old = previous.manifest;
  const staleBytes = old.staleBytes + stale;
  if (staleBytes > REBUILD_STALE_SHARE * old.budgetBytes) return 'rebuild';
  const leftOut = merged(walkLeftOut, selection.leftOut);
  const manifest: IndexManifest = { ...old, files: selection.files.map(indexedFile), learnedBytes: old.learnedBytes + changedBytes, staleBytes, leftOut };
  if (changed.length === 0 && stale === 0) {
    io.save(undefined, result('update', [], selection.files.length, manifest));
    return true;
  }
  const stack = stackFromSection(previous.stack);
  // Room for the changed files in the workspace history's margin, or a new index sized for the text as it is now.
  if (stack.workspace.length + historyBytesOf(changed) > stack.workspace.capacity) return 'rebuild';
  // Changed files are learned after what the index holds: they are the freshest text.
  const ok = await learnInOrder(
    stack,
    learned(changed, hasProject(input.focus, selection.files)).map((f) => ({ ...f, fit: false })),
    () => new SteppedLstm(new InferenceModel(input.base.model, input.base.weights)),
    io.shouldStop,
    (bytes) => io.onProgress({ phase: 'learning', files: changed.length, bytes }),
    input.weighing,
  );
  if (!ok) return false;
  io.save(saved(input, stack, manifest), result('update', changed, selection.files.length - changed.length, manifest));
  return true;
}

/** The selected files' texts to learn, each with its language code for the context hashes; with `farApart`, the files outside the edited project are far. */
export function learned(files: readonly SelectedFile[], farApart: boolean): LearnedText[] {
  return files.map((f) => ({ text: f.text ?? new Uint8Array(0), fit: f.fit, languageCode: languageCodeOfPath(f.path), far: farApart && f.tier >= FAR_TIER }));
}

/** Whether the selection has an edited project to set the far files apart from: there is a focus, and files near it (a focus file, its folder, its package or what it imports). */
export function hasProject(focus: readonly string[], selection: readonly SelectedFile[]): boolean {
  return focus.length > 0 && selection.some((f) => f.tier < FAR_TIER);
}

function indexedFile(f: SelectedFile): IndexManifest['files'][number] {
  return { root: f.root, path: f.path, size: f.size, mtimeMs: f.mtimeMs, bytes: f.bytes, language: f.language };
}

function manifestOf(input: IndexInput, files: readonly SelectedFile[], leftOut: Partial<Record<LeftOutReason, number>>, budget: number, complete: boolean): IndexManifest {
  const learnedBytes = files.reduce((n, f) => n + f.bytes, 0);
  return { roots: [...input.roots], files: files.map(indexedFile), learnedBytes, staleBytes: 0, leftOut, budgetBytes: budget, builtAt: new Date().toISOString(), complete };
}

/** The index to save; `compressed: false` stores every table as it is (a larger file, written and loaded several times faster: the first index). */
function saved(input: IndexInput, stack: PredictorStack, manifest: IndexManifest, compressed = true): SavedIndex {
  const section = stackToSection(stack, learningOf(input.base, manifest.learnedBytes));
  if (!compressed) for (const tensor of Object.values(section.tensors)) tensor.compress = false;
  return { base: baseIdentity(input.base), manifest, stack: section };
}

function result(phase: IndexResult['phase'], read: readonly SelectedFile[], kept: number, manifest: IndexManifest): IndexResult {
  return { phase, filesRead: read.length, bytesRead: read.reduce((n, f) => n + f.bytes, 0), filesKept: kept, summary: summarize(manifest) };
}

function merged(...counts: Partial<Record<LeftOutReason, number>>[]): Partial<Record<LeftOutReason, number>> {
  const out: Partial<Record<LeftOutReason, number>> = {};
  for (const c of counts) for (const [reason, n] of Object.entries(c) as [LeftOutReason, number][]) out[reason] = (out[reason] ?? 0) + n;
  return out;
}
