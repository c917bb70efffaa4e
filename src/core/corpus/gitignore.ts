// .gitignore files, nested ones too, with git's precedence: rules in a deeper .gitignore
// override shallower ones, and a `!pattern` re-includes. Uses the `ignore` package.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';

interface IgnoreLayer {
  /** Folder of the .gitignore, relative to the root ('' for the root itself). */
  base: string;
  rules: Ignore;
}

/** The .gitignore rules that apply inside one folder: its own and all its ancestors' (up to the root). */
export class GitignoreStack {
  private constructor(private readonly layers: readonly IgnoreLayer[]) {}

  static empty(): GitignoreStack {
    return new GitignoreStack([]);
  }

  /** Adds `folder/.gitignore` (folder relative to root) when it exists. */
  enter(root: string, folder: string): GitignoreStack {
    let text: string;
    try {
      text = readFileSync(path.join(root, folder, '.gitignore'), 'utf8');
    } catch {
      return this;
    }
    return new GitignoreStack([...this.layers, { base: folder, rules: ignore().add(text) }]);
  }

  /** Whether a path (relative to the root, forward slashes) is ignored. */
  ignores(relativePath: string, isFolder: boolean): boolean {
    let ignored = false;
    for (const layer of this.layers) {
      const rel = layer.base ? relativePath.slice(layer.base.length + 1) : relativePath;
      const result = layer.rules.test(isFolder ? `${rel}/` : rel);
      if (result.ignored) ignored = true;
      else if (result.unignored) ignored = false;
    }
    return ignored;
  }
}
