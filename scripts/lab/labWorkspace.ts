// The lab scripts' shared setup: their options, the files of --workspace (sorted, with their
// language codes), and empty copies of --checkpoint's stack sized for --mb to learn them into.
import path from 'node:path';
import { readdirSync, readFileSync } from 'node:fs';
import { readCheckpoint } from '../../src/core/model/checkpoint';
import { DEFAULT_CONTEXT_MEMORY_MB, stackSizesFor } from '../../src/core/predict/stackConfig';
import { stackFromSection } from '../../src/core/predict/stackState';
import { languageCodeOfPath } from '../../src/core/languages';
import type { PredictorStack } from '../../src/core/predict/predictorStack';

/** The value after `name` on the command line, or `fallback`. */
export function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

export interface LabWorkspace {
  texts: Uint8Array[];
  languages: number[];
  bytes: number;
  rounds: number;
  /** The checkpoint's stack with empty statistics (languages told apart), to learn the files into. */
  fresh(): PredictorStack;
}

export function labWorkspace(): LabWorkspace {
  const base = readCheckpoint(option('--checkpoint', 'models/base.recur'));
  const paths = filesUnder(option('--workspace', '.')).sort();
  const texts = paths.map((p) => new Uint8Array(readFileSync(p)));
  const sizes = stackSizesFor(Number(option('--mb', String(DEFAULT_CONTEXT_MEMORY_MB))));
  const template = stackFromSection(base.context!);
  return {
    texts,
    languages: paths.map(languageCodeOfPath),
    bytes: texts.reduce((n, t) => n + t.length, 0),
    rounds: Number(option('--rounds', '3')),
    fresh: () => {
      const stack = template.withEmptyStatistics(sizes);
      stack.languageContexts = true;
      return stack;
    },
  };
}
