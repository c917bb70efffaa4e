// Is the model any good? One plain answer from the training history, for the status bar's
// tooltip, the end-of-training message and the panel's headline: the model's validation
// score (the whole prediction stack's when it was measured, else the network's) against the
// simple baselines measured on the same validation files (brotli, the byte 4-gram, the
// context models alone), and what would help when it is behind. Pure.
import { type BaselineScore, CONTEXT_ONLY_BASELINE, type EvalPoint, type MetricsHistory } from './metrics';

export type VerdictLevel =
  /** Better than every baseline. */
  | 'ahead'
  /** Better than some baselines, or within 10% of the best. */
  | 'close'
  /** Worse than every baseline by more than 10%. */
  | 'behind'
  /** Not measured yet (no validation, or no baseline). */
  | 'unknown';

export interface ModelVerdict {
  level: VerdictLevel;
  /** The model's validation bits per character: the stack's when measured, else the network's (NaN when none). */
  bpc: number;
  /** Which figure `bpc` is. */
  measured: 'stack' | 'network';
  /** The network alone (NaN when not measured). */
  networkBpc: number;
  /** The best baseline other than the context models alone (the stack contains them), if any. */
  baseline: BaselineScore | undefined;
  /** One sentence: the model's perplexity against the baseline. */
  summary: string;
  /** What would help, when the model is behind or close (undefined otherwise). */
  advice: string | undefined;
}

export interface VerdictContext {
  /** 'base': the shipped base model (not trained on this workspace). */
  origin?: 'workspace' | 'base';
  /** The training budget in minutes (recur.training.maxMinutes), to say "train longer" concretely. */
  maxMinutes?: number;
}

/** Perplexity per character as the status bar prints it: 10.7, 3.07 below 10, 142 above 100. */
export function formatPpl(bpc: number): string {
  const ppl = Math.pow(2, bpc);
  if (!Number.isFinite(ppl)) return '?';
  return ppl >= 100 ? ppl.toFixed(0) : ppl >= 10 ? ppl.toFixed(1) : ppl.toFixed(2);
}

/** The evaluation the model in use was saved at: the best by the stack's score (the network's without a stack). */
export function bestEval(evals: readonly EvalPoint[]): EvalPoint | undefined {
  let best: EvalPoint | undefined;
  const score = (p: EvalPoint) => (p.mixBpc !== undefined && Number.isFinite(p.mixBpc) ? p.mixBpc : p.valBpc);
  for (const p of evals) if (Number.isFinite(score(p)) && (!best || score(p) < score(best))) best = p;
  return best;
}

/** The verdict on an evaluation point (default: the best one in the history). */
export function modelVerdict(history: Pick<MetricsHistory, 'eval' | 'baselines'>, context: VerdictContext = {}, point: EvalPoint | undefined = bestEval(history.eval)): ModelVerdict {
  const networkBpc = point && Number.isFinite(point.valBpc) ? point.valBpc : NaN;
  const stackBpc = point?.mixBpc !== undefined && Number.isFinite(point.mixBpc) ? point.mixBpc : NaN;
  const measured = Number.isFinite(stackBpc) ? 'stack' : 'network';
  const bpc = measured === 'stack' ? stackBpc : networkBpc;
  const usable = history.baselines.filter((b) => Number.isFinite(b.bpc) && b.name !== CONTEXT_ONLY_BASELINE);
  const baseline = usable.reduce<BaselineScore | undefined>((best, b) => (!best || b.bpc < best.bpc ? b : best), undefined);
  const name = baseline ? shortBaselineName(baseline.name) : '';
  if (!Number.isFinite(bpc)) {
    return { level: 'unknown', bpc, measured, networkBpc, baseline, summary: 'Not validated yet.', advice: undefined };
  }
  const model = `Validation perplexity ${formatPpl(bpc)}${measured === 'stack' && Number.isFinite(networkBpc) ? ` (the network alone ${formatPpl(networkBpc)})` : ''}`;
  if (!baseline) return { level: 'unknown', bpc, measured, networkBpc, baseline, summary: `${model}; no baseline measured to compare with.`, advice: undefined };
  const beaten = usable.filter((b) => bpc < b.bpc).length;
  const level: VerdictLevel = beaten === usable.length ? 'ahead' : beaten > 0 || bpc <= baseline.bpc * 1.1 ? 'close' : 'behind';
  const against = `${name} ${formatPpl(baseline.bpc)} on the same files`;
  const summary =
    level === 'ahead'
      ? `${model}: better than ${name} (${formatPpl(baseline.bpc)}) on the same files.`
      : level === 'close'
        ? `${model}: about as good as a simple baseline (${against}).`
        : `${model}: not yet useful, worse than ${against}.`;
  let advice: string | undefined;
  if (level !== 'ahead') {
    if (context.origin === 'base') advice = 'This is the base model shipped with Recur, trained on public code: Train on Workspace fits a model to your code.';
    else {
      const budget = context.maxMinutes && context.maxMinutes > 0 ? ` (each run is ${context.maxMinutes} minutes: recur.training.maxMinutes)` : '';
      advice = `Train longer: Continue Training picks up where this run stopped${budget}.`;
    }
  }
  return { level, bpc, measured, networkBpc, baseline, summary, advice };
}

/** "brotli (max quality)" -> "brotli"; "4-gram bytes (Witten-Bell)" -> "a 4-gram model". */
export function shortBaselineName(name: string): string {
  if (/^brotli/.test(name)) return 'brotli';
  const gram = /^(\d+)-gram/.exec(name);
  if (gram) return `a ${gram[1]}-gram model`;
  return name.replace(/\s*\(.*\)$/, '');
}
