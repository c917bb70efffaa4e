// The order in which the index takes a workspace's files: the ones most likely to matter to
// what the user edits first, so that they are read within the memory budget whatever else
// the workspace holds (a monorepo, vendored libraries). Files fall into tiers, best first:
//   0  focus      an open or recently edited file (the editor says which, best first)
//   1  near       a file a focus file imports, or one in a focus file's folder
//   2  package    in a focus file's package (packages.ts), or changed since git recorded it
//   3  imported   in a workspace package a focus file imports by name
//   4  language   in a focus file's language family (../languages.ts)
//   5  rest
// Within a tier, files nearer a focus file in the folder tree come first (then path order).
// With no focus file (nothing open yet), git's changed files are the focus's stand-in.
import { languageFamily, languageOfPath } from '../languages';
import { folderOf, isInside, type PackageMap } from './packages';
import type { ResolvedImports } from './imports';

export const TIER_NAMES = ['focus', 'near', 'package', 'imported', 'language', 'rest'] as const;
/** The first tier outside the edited project and the packages it imports. */
export const FAR_TIER = 4;

/** What relevance knows about one workspace folder. */
export interface RootView {
  /** Relative paths of the focus files in this folder, best first. */
  focus: readonly string[];
  /** What those files import, resolved in this folder. */
  imports: ResolvedImports;
  packages: PackageMap;
  /** Files changed since git recorded them (undefined: no repository). */
  changed: ReadonlySet<string> | undefined;
}

export interface RankedFile {
  root: number;
  relativePath: string;
  /** 0 (focus) to 5 (rest): TIER_NAMES. */
  tier: number;
}

/**
 * The files of every folder (files[r] for roots[r]), most relevant first. Families are
 * compared across folders: a TypeScript file open in one folder lifts TypeScript in all.
 */
export function rankFiles(files: readonly (readonly string[])[], views: readonly RootView[]): RankedFile[] {
  const families = new Set(views.flatMap((v) => v.focus.map((f) => languageFamily(languageOfPath(f)))));
  const scored: { file: RankedFile; distance: number; order: number }[] = [];
  let order = 0;
  files.forEach((paths, root) => {
    const view = views[root];
    const focusFolders = [...new Set(view.focus.map(folderOf))];
    const focusPackages = [...new Set(view.focus.map((f) => view.packages.packageOf(f)))];
    const focusSet = new Set(view.focus);
    const imported = new Set(view.imports.files);
    const folders = new Set(focusFolders);
    for (const relativePath of paths) {
      const tier = tierOf(relativePath, { view, focusSet, imported, folders, focusPackages, families });
      scored.push({ file: { root, relativePath, tier }, distance: focusFolders.length ? nearest(folderOf(relativePath), focusFolders) : 0, order: order++ });
    }
  });
  scored.sort((a, b) => a.file.tier - b.file.tier || a.distance - b.distance || a.order - b.order);
  return scored.map((s) => s.file);
}

interface TierContext {
  view: RootView;
  focusSet: ReadonlySet<string>;
  imported: ReadonlySet<string>;
  folders: ReadonlySet<string>;
  focusPackages: readonly string[];
  families: ReadonlySet<string>;
}

function tierOf(relativePath: string, c: TierContext): number {
  if (c.focusSet.has(relativePath)) return 0;
  if (c.imported.has(relativePath) || c.folders.has(folderOf(relativePath))) return 1;
  if (c.view.changed?.has(relativePath)) return c.focusSet.size ? 2 : 0;
  if (c.focusPackages.some((p) => p !== '' && isInside(relativePath, p))) return 2;
  if (c.view.imports.folders.some((f) => isInside(relativePath, f))) return 3;
  // The workspace folder as a package: everything in a folder with no manifest of its own.
  if (c.focusPackages.includes('') && c.view.packages.packageOf(relativePath) === '') return 2;
  if (c.families.has(languageFamily(languageOfPath(relativePath)))) return 4;
  return 5;
}

/** Steps through the folder tree from `folder` to the nearest of `targets`. */
function nearest(folder: string, targets: readonly string[]): number {
  let best = Infinity;
  const parts = folder ? folder.split('/') : [];
  for (const target of targets) {
    const other = target ? target.split('/') : [];
    let common = 0;
    while (common < parts.length && common < other.length && parts[common] === other[common]) common++;
    best = Math.min(best, parts.length + other.length - 2 * common);
  }
  return best;
}
