// The languages Recur tells apart, in one table, and the three ways it reads a file's language:
//   languageCodeOfPath / languageCodeOfId  the small code the prediction stack mixes into its
//       context hashes (predict/cursor.ts), so that one language's statistics do not suggest
//       its idioms in another's. Stored with checkpoints (LearnedText.languageCode) and fixed
//       by models/base.recur: a code, or the extensions that give it, never change.
//   languageOfPath / languageFamily  the index's language of a workspace file: which files
//       share the edited file's language (index/relevance.ts) and what the index holds (the
//       panel).
//   baseCorpusLanguageOf  the language of a file of the base corpus (scripts/corpus/).
// Codes are families, not single languages: JavaScript and TypeScript share their idioms, C and
// C++ theirs. Everything else (prose, data, configuration, languages not listed) is code 0,
// NO_LANGUAGE, the one family the statistics of text without a known language share; 0 also
// means "unknown" and leaves hashes as they were before languages were told apart.

interface Language {
  /** The index's name for it, and the base corpus's. */
  name: string;
  /** File name extensions, lower case without the dot, that the index, the hash code and the base corpus all know. */
  extensions: readonly string[];
  /** Extensions only the hash code knows (the index calls them 'other'). */
  hashOnlyExtensions?: readonly string[];
  /** Extensions only the base corpus knows (the index calls them 'other'; their hash code is 0). */
  corpusOnlyExtensions?: readonly string[];
  /** Of `extensions`, those whose hash code is 0 all the same. */
  unhashedExtensions?: readonly string[];
  /** The code mixed into context hashes (0: none). */
  hashCode: number;
  /** VS Code language ids whose documents get hashCode (needed only where it is not 0). */
  vscodeIds?: readonly string[];
  /** Languages whose files help predict each other share an index family (default: the name). */
  family?: string;
}

const LANGUAGE_TABLE: readonly Language[] = [
  { name: 'typescript', extensions: ['ts', 'tsx', 'mts', 'cts'], hashCode: 1, vscodeIds: ['typescript', 'typescriptreact'], family: 'js' },
  { name: 'javascript', extensions: ['js', 'jsx', 'mjs', 'cjs'], hashCode: 1, vscodeIds: ['javascript', 'javascriptreact'], family: 'js' },
  { name: 'python', extensions: ['py', 'pyi'], hashOnlyExtensions: ['pyw'], hashCode: 2, vscodeIds: ['python'] },
  { name: 'go', extensions: ['go'], hashCode: 3, vscodeIds: ['go'] },
  { name: 'rust', extensions: ['rs'], hashCode: 4, vscodeIds: ['rust'] },
  { name: 'c', extensions: ['c', 'h'], hashCode: 5, vscodeIds: ['c'], family: 'c' },
  {
    name: 'cpp',
    extensions: ['cc', 'cpp', 'cxx', 'hpp', 'hh', 'hxx'],
    corpusOnlyExtensions: ['c++', 'h++', 'ipp', 'inl', 'tcc'],
    unhashedExtensions: ['hxx'],
    hashCode: 5,
    vscodeIds: ['cpp'],
    family: 'c',
  },
  { name: 'objective-c', extensions: ['m', 'mm'], hashCode: 5, vscodeIds: ['objective-c', 'objective-cpp'], family: 'c' },
  { name: 'java', extensions: ['java'], hashCode: 6, vscodeIds: ['java'] },
  { name: 'kotlin', extensions: ['kt', 'kts'], hashCode: 6, vscodeIds: ['kotlin'] },
  { name: 'scala', extensions: ['scala'], hashCode: 6, vscodeIds: ['scala'] },
  { name: 'groovy', extensions: [], hashOnlyExtensions: ['groovy'], hashCode: 6, vscodeIds: ['groovy'] },
  { name: 'csharp', extensions: ['cs'], hashCode: 7, vscodeIds: ['csharp'] },
  { name: 'fsharp', extensions: ['fs'], hashCode: 7, vscodeIds: ['fsharp'] },
  { name: 'ruby', extensions: ['rb'], hashCode: 8, vscodeIds: ['ruby'] },
  { name: 'php', extensions: ['php'], hashCode: 9, vscodeIds: ['php'] },
  { name: 'shell', extensions: ['sh', 'bash', 'zsh'], corpusOnlyExtensions: ['ksh'], hashCode: 10, vscodeIds: ['shellscript'] },
  { name: 'swift', extensions: ['swift'], hashCode: 11, vscodeIds: ['swift'] },
  { name: 'lua', extensions: ['lua'], hashCode: 12, vscodeIds: ['lua'] },
  { name: 'perl', extensions: ['pl', 'pm'], hashCode: 0 },
  { name: 'r', extensions: ['r'], hashCode: 0 },
  { name: 'julia', extensions: ['jl'], hashCode: 0 },
  { name: 'dart', extensions: ['dart'], hashCode: 0 },
  { name: 'elixir', extensions: ['ex', 'exs'], hashCode: 0 },
  { name: 'erlang', extensions: ['erl'], hashCode: 0 },
  { name: 'haskell', extensions: ['hs'], hashCode: 0 },
  { name: 'ocaml', extensions: ['ml', 'mli'], hashCode: 0 },
  { name: 'clojure', extensions: ['clj'], hashCode: 0 },
  { name: 'zig', extensions: ['zig'], hashCode: 0 },
  { name: 'nim', extensions: ['nim'], hashCode: 0 },
  { name: 'powershell', extensions: ['ps1'], hashCode: 0 },
  { name: 'sql', extensions: ['sql'], hashCode: 0 },
  { name: 'html', extensions: ['html', 'htm'], hashCode: 0 },
  { name: 'vue', extensions: ['vue'], hashCode: 0 },
  { name: 'svelte', extensions: ['svelte'], hashCode: 0 },
  { name: 'css', extensions: ['css', 'scss', 'sass', 'less'], hashCode: 0 },
  { name: 'markdown', extensions: ['md', 'markdown'], hashCode: 0 },
  { name: 'restructuredtext', extensions: ['rst'], hashCode: 0 },
  { name: 'text', extensions: ['txt'], hashCode: 0 },
  { name: 'json', extensions: ['json', 'jsonc'], hashCode: 0 },
  { name: 'yaml', extensions: ['yml', 'yaml'], hashCode: 0 },
  { name: 'toml', extensions: ['toml'], hashCode: 0 },
  { name: 'xml', extensions: ['xml'], hashCode: 0 },
  { name: 'ini', extensions: ['ini'], hashCode: 0 },
];

/** The languages the base corpus takes; a file in any other is left out. */
export const BASE_CORPUS_LANGUAGES = ['typescript', 'javascript', 'python', 'go', 'rust', 'java', 'kotlin', 'c', 'cpp', 'shell', 'markdown', 'json', 'yaml', 'html', 'css'] as const;
export type BaseCorpusLanguage = (typeof BASE_CORPUS_LANGUAGES)[number];

/** No language told apart (and every file of a language whose code is not listed). */
export const NO_LANGUAGE = 0;

/** Each extension `pick` gives a language, to that language's `value`. */
function byExtension<T>(pick: (language: Language) => readonly string[], value: (language: Language) => T): ReadonlyMap<string, T> {
  return new Map(LANGUAGE_TABLE.flatMap((language) => pick(language).map((ext) => [ext, value(language)] as const)));
}

const CODE_BY_EXTENSION = byExtension(
  (l) => [...l.extensions.filter((ext) => !l.unhashedExtensions?.includes(ext)), ...(l.hashOnlyExtensions ?? [])],
  (l) => l.hashCode,
);
const CODE_BY_VSCODE_ID = new Map(LANGUAGE_TABLE.flatMap((l) => (l.vscodeIds ?? []).map((id) => [id, l.hashCode] as const)));
const NAME_BY_EXTENSION = byExtension(
  (l) => l.extensions,
  (l) => l.name,
);
const FAMILY_BY_NAME = new Map(LANGUAGE_TABLE.map((l) => [l.name, l.family ?? l.name]));
const BASE_CORPUS_BY_EXTENSION = byExtension(
  (l) => ((BASE_CORPUS_LANGUAGES as readonly string[]).includes(l.name) ? [...l.extensions, ...(l.corpusOnlyExtensions ?? [])] : []),
  (l) => l.name as BaseCorpusLanguage,
);

/** The text after a file name's last dot, lower case; undefined without one (or for a name that starts with its only dot). */
function extensionOf(relativePath: string): string | undefined {
  const name = relativePath.slice(relativePath.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : undefined;
}

/** The language code of a file by its name: the text after the path's last dot ('.py' is Python too). */
export function languageCodeOfPath(filePath: string): number {
  const dot = filePath.lastIndexOf('.');
  return dot < 0 ? NO_LANGUAGE : (CODE_BY_EXTENSION.get(filePath.slice(dot + 1).toLowerCase()) ?? NO_LANGUAGE);
}

/** The language code of a VS Code language id (undefined: unknown). */
export function languageCodeOfId(languageId: string | undefined): number {
  return languageId === undefined ? NO_LANGUAGE : (CODE_BY_VSCODE_ID.get(languageId) ?? NO_LANGUAGE);
}

/** The index's language of a path (by its extension; 'other' when unknown). */
export function languageOfPath(relativePath: string): string {
  const ext = extensionOf(relativePath);
  if (ext !== undefined) return NAME_BY_EXTENSION.get(ext) ?? 'other';
  const name = relativePath.slice(relativePath.lastIndexOf('/') + 1);
  return name === 'Makefile' || name === 'Dockerfile' ? name.toLowerCase() : 'other';
}

/** Languages whose files help predict each other share a family (TypeScript and JavaScript). */
export function languageFamily(language: string): string {
  return FAMILY_BY_NAME.get(language) ?? language;
}

/**
 * The base corpus's language of a file with an extension (undefined: none, or not one the
 * corpus takes). `.h` is `headerLanguage`: C unless the source says its headers are C++.
 */
export function baseCorpusLanguageOf(relativePath: string, headerLanguage: 'c' | 'cpp' = 'c'): BaseCorpusLanguage | undefined {
  const ext = extensionOf(relativePath);
  if (ext === undefined) return undefined;
  return ext === 'h' ? headerLanguage : BASE_CORPUS_BY_EXTENSION.get(ext);
}
