// Which candidate files the base corpus takes, deterministically: candidates are offered in
// a fixed pseudo-random order (the sha256 of "source/path", so a cap samples the whole of a
// package rather than its alphabetical start), and each is taken when its content is new (an
// exact duplicate, by sha256, is left out wherever it appears) and it fits both its
// language's byte cap and its source's. A file that does not fit is passed over and smaller
// ones after it may still fill the room. Pure.
import { createHash } from 'node:crypto';

export const sha256Hex = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

/** The order key of a file: the same on every machine and every run. */
export function orderKey(source: string, relativePath: string): string {
  return sha256Hex(`${source}/${relativePath}`);
}

/** Sorts by order key (ties, which would need a sha256 collision, by path). */
export function inCorpusOrder<T extends { source: string; path: string }>(items: readonly T[]): T[] {
  return items
    .map((item) => ({ item, key: orderKey(item.source, item.path) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.item.path < b.item.path ? -1 : 1))
    .map(({ item }) => item);
}

export interface Offer {
  source: string;
  language: string;
  bytes: number;
  sha256: string;
}

export type Verdict = 'taken' | 'duplicate' | 'languageFull' | 'sourceFull';

export class CappedSelection {
  private readonly seen = new Set<string>();
  readonly languageBytes = new Map<string, number>();
  readonly sourceBytes = new Map<string, number>();

  constructor(
    private readonly languageCaps: Readonly<Record<string, number>>,
    private readonly sourceCaps: Readonly<Record<string, number | undefined>> = {},
  ) {}

  /** Offers one file (in corpus order); taken files count against the caps. */
  offer(file: Offer): Verdict {
    if (this.seen.has(file.sha256)) return 'duplicate';
    const room = this.room(file.language, file.source, file.bytes);
    if (room !== 'fits') return room;
    this.seen.add(file.sha256);
    this.languageBytes.set(file.language, (this.languageBytes.get(file.language) ?? 0) + file.bytes);
    this.sourceBytes.set(file.source, (this.sourceBytes.get(file.source) ?? 0) + file.bytes);
    return 'taken';
  }

  /** Whether `bytes` more of this language and source would fit under both caps. */
  room(language: string, source: string, bytes: number): 'fits' | 'languageFull' | 'sourceFull' {
    if ((this.languageBytes.get(language) ?? 0) + bytes > (this.languageCaps[language] ?? 0)) return 'languageFull';
    if ((this.sourceBytes.get(source) ?? 0) + bytes > (this.sourceCaps[source] ?? Infinity)) return 'sourceFull';
    return 'fits';
  }
}
