// The benchmark corpora (scripts/bench/corpora.json) as the base corpus must avoid them: their
// packages (never a base source) and the content hash of every file the trainer would read
// from them (no base file may have one).
import { readTextFile, type FileLimits } from '../../src/core/corpus/readTextFile';
import { walkWorkspace } from '../../src/core/corpus/walkWorkspace';
import { benchCorpora, prepareBenchCorpus } from '../lib/public-code.mjs';
import { sha256Hex } from './select';

/** "kind:package" of every benchmark corpus. */
export function benchPackages(): Set<string> {
  return new Set(benchCorpora().corpora.map((c: { kind: string; package: string }) => `${c.kind}:${c.package}`));
}

/** sha256 of each benchmark file's text -> "corpus/path", fetching the corpora if needed. */
export async function benchContentHashes(limits: FileLimits): Promise<Map<string, string>> {
  const hashes = new Map<string, string>();
  for (const { name } of benchCorpora().corpora as { name: string }[]) {
    for await (const c of walkWorkspace(prepareBenchCorpus(name), () => false)) {
      const read = await readTextFile(c.file, limits);
      if (read.kind === 'text') hashes.set(sha256Hex(read.bytes), `${name}/${c.relativePath}`);
    }
  }
  return hashes;
}
