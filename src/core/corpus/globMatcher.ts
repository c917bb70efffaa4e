// VS Code style glob patterns (files.exclude, search.exclude, recur.corpus.exclude) matched
// against paths relative to a workspace folder, with forward slashes, by picomatch:
// `**` (any number of folders), `*` and `?` (within one name), `{a,b}`, `[abc]`; like VS Code,
// `*` also matches names that start with a dot. A pattern that matches a folder excludes
// everything under it.
import picomatch from 'picomatch';

export type PathMatcher = (relativePath: string) => boolean;

/** The glob as a regular expression over a relative path ("./" and a trailing "/" dropped, backslashes as slashes). */
export function globToRegExp(glob: string): RegExp {
  const g = glob.replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/+$/, '');
  return picomatch.makeRe(g, { dot: true });
}

/** A matcher that is true when the path, or any folder above it, matches one of the globs. */
export function excludeMatcher(globs: readonly string[]): PathMatcher {
  const patterns = globs.filter((g) => g.trim()).map(globToRegExp);
  if (patterns.length === 0) return () => false;
  return (relativePath) => {
    const parts = relativePath.split('/');
    for (let n = 1; n <= parts.length; n++) {
      const prefix = parts.slice(0, n).join('/');
      if (patterns.some((p) => p.test(prefix))) return true;
    }
    return false;
  };
}
