// The benchmarks' command line: `--name value` flags (repeatable ones too), --json (then
// progress goes to stderr and stdout ends with one JSON line), and which corpora to measure.
import { type BenchSplit, benchSplit, DEFAULT_BENCH_CORPORA, folderPair } from './benchCorpus';

export interface BenchArgs {
  readonly argv: readonly string[];
  readonly json: boolean;
  /** The value after `name`, or undefined. */
  option(name: string): string | undefined;
  /** Every value given after `name` (a repeatable flag). */
  options(name: string): string[];
  /** A progress line: stdout, or stderr with --json. */
  log(line: string): void;
}

export function benchArgs(argv: readonly string[] = process.argv.slice(2)): BenchArgs {
  const json = argv.includes('--json');
  return {
    argv,
    json,
    option: (name) => {
      const i = argv.indexOf(name);
      return i >= 0 ? argv[i + 1] : undefined;
    },
    options: (name) => argv.flatMap((a, i) => (a === name && argv[i + 1] ? [argv[i + 1]] : [])),
    log: (line) => (json ? console.error(line) : console.log(line)),
  };
}

/** The splits to measure: --train DIR --held DIR, else each --corpus NAME, else the default corpora; with --with NAME, each in one workspace with that project (withProject). */
export async function chosenSplits(args: BenchArgs): Promise<BenchSplit[]> {
  const trainDir = args.option('--train');
  const heldDir = args.option('--held');
  if (trainDir || heldDir) {
    if (!trainDir || !heldDir) throw new Error('give both --train DIR and --held DIR');
    return [await folderPair(trainDir, heldDir)];
  }
  const names = args.options('--corpus');
  const splits: BenchSplit[] = [];
  for (const name of names.length ? names : DEFAULT_BENCH_CORPORA) splits.push(await benchSplit(name));
  const other = args.option('--with');
  return other ? Promise.all(splits.map(async (split) => withProject(split, await benchSplit(other)))) : splits;
}

/**
 * A workspace holding a second project beside the split's (--with NAME): the other's
 * training files in a folder of its own name, the split's files where they were (so its
 * own split and validation side stay the same); held-out files are the split's alone.
 */
export function withProject(split: BenchSplit, other: BenchSplit): BenchSplit {
  const moved = other.train.map((f) => ({ relativePath: `${other.name}/${f.relativePath}`, bytes: f.bytes }));
  return { name: `${split.name}+${other.name}`, root: split.root, train: [...split.train, ...moved], held: split.held };
}
