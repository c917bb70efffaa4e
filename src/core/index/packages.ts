// Packages of a workspace folder: a folder with a manifest (package.json, pyproject.toml,
// Cargo.toml, go.mod, ...) is the root of a package, and a file belongs to the package of its
// nearest such folder (the workspace folder itself when none). Packages that name themselves
// (package.json "name", go.mod "module") can be found by that name, so a bare import of a
// package that lives in the workspace (a monorepo's own packages) leads to its folder.

const MANIFESTS: ReadonlySet<string> = new Set([
  'package.json',
  'pyproject.toml',
  'setup.py',
  'setup.cfg',
  'Cargo.toml',
  'go.mod',
  'pom.xml',
  'build.gradle',
  'build.gradle.kts',
  'composer.json',
  'Gemfile',
  'mix.exs',
  'pubspec.yaml',
  'deno.json',
  'Package.swift',
  'project.clj',
]);

/** Bytes of a manifest read for its name at most. */
export const MANIFEST_READ_BYTES = 64 * 1024;

export function isManifest(name: string): boolean {
  return MANIFESTS.has(name) || name.endsWith('.csproj') || name.endsWith('.fsproj');
}

/** The name a manifest gives its package (package.json "name", go.mod "module"), if any. */
export function manifestName(fileName: string, text: string): string | undefined {
  if (fileName === 'go.mod') return /^module\s+(\S+)/m.exec(text)?.[1];
  if (fileName !== 'package.json') return undefined;
  try {
    const name = (JSON.parse(text) as { name?: unknown }).name;
    return typeof name === 'string' && name.length > 0 && name.length < 215 ? name : undefined;
  } catch {
    return undefined;
  }
}

export function folderOf(relativePath: string): string {
  const slash = relativePath.lastIndexOf('/');
  return slash < 0 ? '' : relativePath.slice(0, slash);
}

/** The package roots and names of one workspace folder. */
export class PackageMap {
  private readonly roots = new Set<string>(['']);
  private readonly byName = new Map<string, string>();

  /** Records the manifest at `relativePath` (and the name it gives, if any). */
  addManifest(relativePath: string, name?: string): void {
    const folder = folderOf(relativePath);
    this.roots.add(folder);
    if (name && !this.byName.has(name)) this.byName.set(name, folder);
  }

  /** The folder of the package a path belongs to ('' for the workspace folder). */
  packageOf(relativePath: string): string {
    for (let folder = folderOf(relativePath); ; folder = folderOf(folder)) {
      if (this.roots.has(folder)) return folder;
      if (folder === '') return '';
    }
  }

  /** The folder of the workspace package with this name, if there is one. */
  folderNamed(name: string): string | undefined {
    return this.byName.get(name);
  }

  get names(): ReadonlyMap<string, string> {
    return this.byName;
  }
}

/** Whether `relativePath` is `folder` or inside it ('' holds everything). */
export function isInside(relativePath: string, folder: string): boolean {
  return folder === '' || relativePath === folder || relativePath.startsWith(`${folder}/`);
}
