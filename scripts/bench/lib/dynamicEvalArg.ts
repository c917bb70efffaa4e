// The benchmarks' --dynamic-eval flag: which output layers to measure, in one run, so that the
// baseline is from the same run: `off` (the trained head), `on` (dynamic evaluation as the
// editor does it: src/core/infer/adaptedHead.ts), `unguarded` (on, without the guard), or
// `both` (off and on), or LR:DECAY (on, with that learning rate and decay: to tune on the
// tuning corpora only). A comma list takes several. Default: on, as the editor runs.
import { DEFAULT_DYNAMIC_EVAL, type DynamicEvalOptions } from '../../../src/core/infer/adaptedHead';
import type { BenchArgs } from './benchArgs';

export interface DynamicEvalVariant {
  /** "trained head", "adapted head" or "adapted head, no guard". */
  label: string;
  /** undefined: dynamic evaluation off. */
  options: Readonly<DynamicEvalOptions> | undefined;
}

const VARIANTS: Record<string, DynamicEvalVariant[]> = {
  off: [{ label: 'trained head', options: undefined }],
  on: [{ label: 'adapted head', options: DEFAULT_DYNAMIC_EVAL }],
  unguarded: [{ label: 'adapted head, no guard', options: { ...DEFAULT_DYNAMIC_EVAL, guard: false } }],
};
VARIANTS.both = [...VARIANTS.off, ...VARIANTS.on];

export function dynamicEvalVariants(args: BenchArgs): DynamicEvalVariant[] {
  const value = args.option('--dynamic-eval') ?? 'on';
  return value.split(',').flatMap((name) => {
    const [lr, decay] = name.split(':').map(Number);
    if (name.includes(':') && lr >= 0 && decay >= 0) return [{ label: `adapted head, lr ${lr} decay ${decay}`, options: { ...DEFAULT_DYNAMIC_EVAL, learningRate: lr, decay } }];
    const variants = VARIANTS[name.trim()];
    if (!variants) throw new Error(`--dynamic-eval takes off, on, unguarded, both or LR:DECAY (a comma list), not "${name}"`);
    return variants;
  });
}
