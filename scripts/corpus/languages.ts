// The language of a file of the base corpus: from its extension (src/core/languages.ts), or for
// a file without one from its #! line. `.h` is C unless the source says its headers are C++. A
// file with no language here is not taken: the corpus holds only the languages people open.
import { BASE_CORPUS_LANGUAGES, baseCorpusLanguageOf, type BaseCorpusLanguage } from '../../src/core/languages';

export const LANGUAGES = BASE_CORPUS_LANGUAGES;
export type Language = BaseCorpusLanguage;

/** Interpreters named on a #! line. */
const BY_INTERPRETER: ReadonlyArray<[RegExp, Language]> = [
  [/^(ba|z|k|da|a)?sh$/, 'shell'],
  [/^python[0-9.]*$/, 'python'],
  [/^node(js)?$/, 'javascript'],
];

/**
 * The language of `relativePath`, or undefined. `head` is the start of the file (for a #!
 * line); `headerLanguage` is what `.h` files are in this source.
 */
export function languageOf(relativePath: string, head: string, headerLanguage: 'c' | 'cpp' = 'c'): Language | undefined {
  const name = relativePath.slice(relativePath.lastIndexOf('/') + 1);
  if (name.lastIndexOf('.') > 0) return baseCorpusLanguageOf(relativePath, headerLanguage);
  const shebang = /^#!\s*(\S+)(?:\s+(\S+))?/.exec(head);
  if (!shebang) return undefined;
  const program = shebang[1].endsWith('/env') ? (shebang[2] ?? '') : shebang[1].slice(shebang[1].lastIndexOf('/') + 1);
  return BY_INTERPRETER.find(([pattern]) => pattern.test(program))?.[1];
}
