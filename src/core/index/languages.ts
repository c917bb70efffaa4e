// The language of a workspace file from its name, for the index: which files share the
// edited file's language (relevance.ts) and what the index holds (the panel). Coarse on
// purpose: TypeScript and JavaScript read each other's files, so they are one family.

const BY_EXTENSION: Readonly<Record<string, string>> = {
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
  scala: 'scala',
  c: 'c',
  h: 'c',
  cc: 'cpp',
  cpp: 'cpp',
  cxx: 'cpp',
  hpp: 'cpp',
  hh: 'cpp',
  hxx: 'cpp',
  cs: 'csharp',
  fs: 'fsharp',
  swift: 'swift',
  m: 'objective-c',
  mm: 'objective-c',
  rb: 'ruby',
  php: 'php',
  lua: 'lua',
  pl: 'perl',
  pm: 'perl',
  r: 'r',
  jl: 'julia',
  dart: 'dart',
  ex: 'elixir',
  exs: 'elixir',
  erl: 'erlang',
  hs: 'haskell',
  ml: 'ocaml',
  mli: 'ocaml',
  clj: 'clojure',
  zig: 'zig',
  nim: 'nim',
  sh: 'shell',
  bash: 'shell',
  zsh: 'shell',
  ps1: 'powershell',
  sql: 'sql',
  html: 'html',
  htm: 'html',
  vue: 'vue',
  svelte: 'svelte',
  css: 'css',
  scss: 'css',
  sass: 'css',
  less: 'css',
  md: 'markdown',
  markdown: 'markdown',
  rst: 'restructuredtext',
  txt: 'text',
  json: 'json',
  jsonc: 'json',
  yml: 'yaml',
  yaml: 'yaml',
  toml: 'toml',
  xml: 'xml',
  ini: 'ini',
};

const FAMILIES: Readonly<Record<string, string>> = { typescript: 'js', javascript: 'js', c: 'c', cpp: 'c', 'objective-c': 'c' };

/** The language of a path (by its extension; 'other' when unknown). */
export function languageOfPath(relativePath: string): string {
  const name = relativePath.slice(relativePath.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  if (dot <= 0) return name === 'Makefile' || name === 'Dockerfile' ? name.toLowerCase() : 'other';
  return BY_EXTENSION[name.slice(dot + 1).toLowerCase()] ?? 'other';
}

/** Languages whose files help predict each other share a family (TypeScript and JavaScript). */
export function languageFamily(language: string): string {
  return FAMILIES[language] ?? language;
}
