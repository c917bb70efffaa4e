// VS Code style glob patterns (files.exclude, search.exclude, recur.corpus.exclude) matched
// against paths relative to a workspace folder, with forward slashes.
// Supported: `**` (any number of folders), `*` and `?` (within one name), `{a,b}`, `[abc]`.
// A pattern that matches a folder excludes everything under it.

export type PathMatcher = (relativePath: string) => boolean;

export function globToRegExp(glob: string): RegExp {
  let source = '';
  let inBraces = 0;
  const g = glob.replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/+$/, '');
  for (let i = 0; i < g.length; i++) {
    const ch = g[i];
    if (ch === '*') {
      if (g[i + 1] === '*') {
        // `**/` matches zero or more folders; a trailing or lone `**` matches anything.
        if (g[i + 2] === '/') {
          source += '(?:[^/]*(?:/|$))*';
          i += 2;
        } else {
          source += '.*';
          i += 1;
        }
      } else source += '[^/]*';
    } else if (ch === '?') source += '[^/]';
    else if (ch === '{') {
      inBraces++;
      source += '(?:';
    } else if (ch === '}' && inBraces > 0) {
      inBraces--;
      source += ')';
    } else if (ch === ',' && inBraces > 0) source += '|';
    else if (ch === '[') {
      const close = g.indexOf(']', i + 1);
      if (close > i) {
        const body = g.slice(i + 1, close).replace(/^!/, '^').replace(/\\/g, '\\\\');
        source += `[${body}]`;
        i = close;
      } else source += '\\[';
    } else source += ch.replace(/[.+^$()|\\\]]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
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
