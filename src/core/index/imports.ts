// What an edited file imports, found in its text and resolved to workspace files and folders,
// so the index reads them early (relevance.ts). JavaScript and TypeScript (import, export
// from, require, import()), Python (import, from ... import) and Go (import "module/path")
// are understood; relative specifiers resolve to files the way bundlers resolve them (with or
// without an extension, or a folder's index), bare ones to a package of the workspace that
// bears that name (packages.ts). Patterns, not a parser: an import inside a comment or string
// counts too, which at worst reads one more file early.
import path from 'node:path';
import { folderOf, type PackageMap } from './packages';

/** Characters of a file searched for imports (they sit at its top). */
export const IMPORT_SCAN_CHARS = 64 * 1024;
/** Specifiers taken from one file at most. */
const MAX_SPECIFIERS = 200;

const JS_PATTERNS = [
  /\bimport\s+(?:type\s+)?(?:[\w*{}\s,$]{1,2000}?\s+from\s+)?["']([^"'\n]{1,300})["']/g,
  /\bexport\s+(?:type\s+)?(?:\*|\{[^}]{0,2000}\})(?:\s+as\s+\w+)?\s+from\s+["']([^"'\n]{1,300})["']/g,
  /\b(?:require|import)\s*\(\s*["']([^"'\n]{1,300})["']\s*\)/g,
];
const PYTHON_PATTERNS = [/^[ \t]*from[ \t]+(\.*[\w.]*)[ \t]+import\b/gm, /^[ \t]*import[ \t]+([\w.]+(?:[ \t]*,[ \t]*[\w.]+)*)/gm];
const GO_PATTERNS = [/^[ \t]*import[ \t]+(?:[\w.]+[ \t]+)?"([^"\n]{1,300})"/gm, /^[ \t]*(?:[\w.]+[ \t]+)?"([^"\n]{1,300})"[ \t]*$/gm];
const JS_EXTENSIONS = ['.ts', '.tsx', '.d.ts', '.js', '.jsx', '.mjs', '.cjs', '.mts', '.cts', '.json', '.vue', '.svelte'];

/** The import specifiers in a file's text, by its language (../languages.ts), first ones first. */
export function importSpecifiers(text: string, language: string): string[] {
  const head = text.slice(0, IMPORT_SCAN_CHARS);
  const patterns =
    language === 'typescript' || language === 'javascript' || language === 'vue' || language === 'svelte'
      ? JS_PATTERNS
      : language === 'python'
        ? PYTHON_PATTERNS
        : language === 'go'
          ? GO_PATTERNS
          : [];
  const found = new Set<string>();
  for (const pattern of patterns) {
    for (const match of head.matchAll(pattern)) {
      for (const spec of language === 'python' ? match[1].split(',') : [match[1]]) if (spec.trim()) found.add(spec.trim());
      if (found.size >= MAX_SPECIFIERS) return [...found];
    }
  }
  return [...found];
}

export interface ResolvedImports {
  /** Workspace files imported (relative paths). */
  files: string[];
  /** Workspace folders imported as a whole (a package, a Python or Go package folder). */
  folders: string[];
}

/**
 * Resolves the specifiers found in `fromPath` (relative to its workspace folder) against the
 * folder's files (`exists`) and packages. Specifiers that lead outside the folder, or to
 * nothing in it (a dependency that is not part of the workspace), are dropped.
 */
export function resolveImports(fromPath: string, specifiers: readonly string[], language: string, exists: (relativePath: string) => boolean, packages: PackageMap): ResolvedImports {
  const out: ResolvedImports = { files: [], folders: [] };
  const dir = folderOf(fromPath);
  for (const spec of specifiers) {
    if (language === 'python') resolvePython(dir, packages.packageOf(fromPath), spec, exists, out);
    else if (language === 'go') resolveBare(spec, packages, out);
    else if (spec.startsWith('.')) resolveRelative(dir, spec, exists, out);
    else resolveBare(spec, packages, out);
  }
  return out;
}

function inside(dir: string, spec: string): string | undefined {
  const joined = path.posix.normalize(dir ? `${dir}/${spec}` : spec).replace(/\/+$/, '');
  return joined === '.' ? '' : joined.startsWith('../') || joined === '..' || joined.startsWith('/') ? undefined : joined;
}

function resolveRelative(dir: string, spec: string, exists: (p: string) => boolean, out: ResolvedImports): void {
  const target = inside(dir, spec.split(/[?#]/)[0]);
  if (target === undefined) return;
  const stem = target.replace(/\.(m|c)?jsx?$/, '');
  const tries = [target, ...JS_EXTENSIONS.map((e) => stem + e), ...JS_EXTENSIONS.map((e) => `${target}/index${e}`)];
  const file = tries.find(exists);
  if (file !== undefined) out.files.push(file);
}

/** A package of the workspace by name ('@scope/name/sub' and 'name/sub' too; Go: the longest module path that prefixes it). */
function resolveBare(spec: string, packages: PackageMap, out: ResolvedImports): void {
  const parts = spec.split('/');
  const name = spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
  const folder = packages.folderNamed(name);
  if (folder !== undefined) {
    out.folders.push(folder);
    return;
  }
  for (const [module, moduleFolder] of packages.names) {
    if (spec.startsWith(`${module}/`)) {
      const sub = inside(moduleFolder, spec.slice(module.length + 1));
      if (sub !== undefined) out.folders.push(sub);
      return;
    }
  }
}

/** `from .a.b import c` (dots: the file's folder, then up one per extra dot) or `import a.b` (from the package's folder or the workspace folder). */
function resolvePython(dir: string, packageFolder: string, spec: string, exists: (p: string) => boolean, out: ResolvedImports): void {
  const dots = /^\.*/.exec(spec)![0].length;
  const modulePath = spec.slice(dots).split('.').filter(Boolean).join('/');
  const bases = dots > 0 ? [inside(dir, '../'.repeat(dots - 1) || '.')] : [packageFolder, ''];
  for (const base of bases) {
    if (base === undefined) continue;
    const target = modulePath ? (base ? `${base}/${modulePath}` : modulePath) : base;
    if (exists(`${target}.py`)) out.files.push(`${target}.py`);
    else if (exists(`${target}/__init__.py`)) out.folders.push(target);
    else continue;
    return;
  }
}
