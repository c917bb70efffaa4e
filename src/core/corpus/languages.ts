// The language a file is written in, as a small code the prediction stack mixes into its
// context hashes (predict/cursor.ts), so that the statistics of one language's files do not
// suggest its idioms in another's (` === ` after `if __name__ ` in a Python file of a
// workspace that also holds JavaScript). Families, not single languages: JavaScript and
// TypeScript share their idioms, C and C++ theirs. Everything else (prose, data,
// configuration, languages not listed) is code 0, the one family the statistics of text
// without a known language share; 0 also means "unknown" and leaves hashes as they were
// before languages were told apart.

interface Family {
  code: number;
  /** VS Code language ids. */
  ids: readonly string[];
  /** File name endings. */
  endings: readonly string[];
}

const FAMILIES: readonly Family[] = [
  { code: 1, ids: ['javascript', 'javascriptreact', 'typescript', 'typescriptreact'], endings: ['.js', '.jsx', '.mjs', '.cjs', '.ts', '.tsx', '.mts', '.cts'] },
  { code: 2, ids: ['python'], endings: ['.py', '.pyi', '.pyw'] },
  { code: 3, ids: ['go'], endings: ['.go'] },
  { code: 4, ids: ['rust'], endings: ['.rs'] },
  { code: 5, ids: ['c', 'cpp', 'objective-c', 'objective-cpp'], endings: ['.c', '.h', '.cc', '.cpp', '.cxx', '.hpp', '.hh', '.m', '.mm'] },
  { code: 6, ids: ['java', 'kotlin', 'scala', 'groovy'], endings: ['.java', '.kt', '.kts', '.scala', '.groovy'] },
  { code: 7, ids: ['csharp', 'fsharp'], endings: ['.cs', '.fs'] },
  { code: 8, ids: ['ruby'], endings: ['.rb'] },
  { code: 9, ids: ['php'], endings: ['.php'] },
  { code: 10, ids: ['shellscript'], endings: ['.sh', '.bash', '.zsh'] },
  { code: 11, ids: ['swift'], endings: ['.swift'] },
  { code: 12, ids: ['lua'], endings: ['.lua'] },
];

/** No language told apart (and every file of a language not listed). */
export const NO_LANGUAGE = 0;

/** The language code of a file by its name. */
export function languageOfPath(filePath: string): number {
  const name = filePath.toLowerCase();
  return FAMILIES.find((f) => f.endings.some((e) => name.endsWith(e)))?.code ?? NO_LANGUAGE;
}

/** The language code of a VS Code language id (undefined: unknown). */
export function languageOfId(languageId: string | undefined): number {
  return languageId === undefined ? NO_LANGUAGE : (FAMILIES.find((f) => f.ids.includes(languageId))?.code ?? NO_LANGUAGE);
}
