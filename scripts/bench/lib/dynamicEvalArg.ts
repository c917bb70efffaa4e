// The benchmarks' --dynamic-eval flag: which output layers to measure, in one run, so that the
// baseline is from the same run: `off` (the trained head), `on` (dynamic evaluation as the
// editor does it: src/core/infer/adaptedHead.ts), `unguarded` (on, without the guard), or
// `both` (off and on). A comma list takes several. Default: on, as the editor runs.
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
    const variants = VARIANTS[name.trim()];
    if (!variants) throw new Error(`--dynamic-eval takes off, on, unguarded or both (a comma list), not "${name}"`);
    return variants;
  });
}
