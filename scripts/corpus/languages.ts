// The language of a file of the base corpus, from its extension, or for a file without one
// from its #! line. `.h` is C unless the source says its headers are C++. A file with no
// language here is not taken: the corpus holds only the languages people open.

export const LANGUAGES = ['typescript', 'javascript', 'python', 'go', 'rust', 'java', 'kotlin', 'c', 'cpp', 'shell', 'markdown', 'json', 'yaml', 'html', 'css'] as const;
export type Language = (typeof LANGUAGES)[number];

const BY_EXTENSION: Readonly<Record<string, Language>> = {
  ts: 'typescript',
  tsx: 'typescript',
  mts: 'typescript',
  cts: 'typescript',
  js: 'javascript',
  jsx: 'javascript',
  mjs: 'javascript',
  cjs: 'javascript',
  py: 'python',
  pyi: 'python',
  go: 'go',
  rs: 'rust',
  java: 'java',
  kt: 'kotlin',
  kts: 'kotlin',
  c: 'c',
  cc: 'cpp',
  cpp: 'cpp',
  cxx: 'cpp',
  'c++': 'cpp',
  hpp: 'cpp',
  hh: 'cpp',
  hxx: 'cpp',
  'h++': 'cpp',
  ipp: 'cpp',
  inl: 'cpp',
  tcc: 'cpp',
  sh: 'shell',
  bash: 'shell',
  zsh: 'shell',
  ksh: 'shell',
  md: 'markdown',
  markdown: 'markdown',
  json: 'json',
  jsonc: 'json',
  yml: 'yaml',
  yaml: 'yaml',
  html: 'html',
  htm: 'html',
  css: 'css',
  scss: 'css',
  sass: 'css',
  less: 'css',
};

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
  const dot = name.lastIndexOf('.');
  if (dot > 0) {
    const ext = name.slice(dot + 1).toLowerCase();
    return ext === 'h' ? headerLanguage : BY_EXTENSION[ext];
  }
  const shebang = /^#!\s*(\S+)(?:\s+(\S+))?/.exec(head);
  if (!shebang) return undefined;
  const program = shebang[1].endsWith('/env') ? (shebang[2] ?? '') : shebang[1].slice(shebang[1].lastIndexOf('/') + 1);
  return BY_INTERPRETER.find(([pattern]) => pattern.test(program))?.[1];
}
