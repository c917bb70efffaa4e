// .gitignore files, nested ones too, with git's precedence: rules in a deeper .gitignore
// override shallower ones, and a `!pattern` re-includes. Uses the `ignore` package.
// A .gitignore is a workspace file like any other (a cloned repository controls it): it is
// read through ../files/boundedRead.ts (a regular file of at most MAX_GITIGNORE_BYTES,
// not a link, inside the root, with a timeout); one that cannot be read that way is not
// applied, and enter() says why.
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { readBounded, type Refusal } from '../files/boundedRead';

/** The largest .gitignore read (the largest in the Linux kernel's tree is about 4 KB). */
export const MAX_GITIGNORE_BYTES = 1024 * 1024;

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

  /**
   * Adds `folder/.gitignore` (folder relative to root) when it exists; `refused` is set when
   * it exists but was not read (and so is not applied).
   */
  async enter(root: string, folder: string): Promise<{ stack: GitignoreStack; refused?: Refusal }> {
    const read = await readBounded(path.join(root, folder, '.gitignore'), { maxBytes: MAX_GITIGNORE_BYTES, within: root });
    if (!read.ok) return read.reason === 'missing' ? { stack: this } : { stack: this, refused: read };
    return { stack: new GitignoreStack([...this.layers, { base: folder, rules: ignore().add(read.bytes.toString('utf8')) }]) };
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
