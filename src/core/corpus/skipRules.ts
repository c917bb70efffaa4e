// Folders and files that are never training text, whatever the settings say: dependencies,
// build output, caches, version control, editor settings (.vscode, .idea), lock files and
// obvious binaries.

/** Folder names skipped wherever they appear (dependency, build and tool folders). */
export const SKIPPED_FOLDERS: ReadonlySet<string> = new Set([
  'node_modules', 'bower_components', 'jspm_packages', '.pnpm-store', '.yarn',
  '.git', '.hg', '.svn', '.jj',
  'dist', 'out', 'build', 'target', 'vendor', 'coverage', '.nyc_output',
  '__pycache__', '.venv', 'venv', '.tox', '.nox', '.mypy_cache', '.pytest_cache', '.ruff_cache', '.eggs',
  '.next', '.nuxt', '.svelte-kit', '.angular', '.turbo', '.parcel-cache', '.cache', '.gradle', '.terraform',
  '.idea', '.vscode', '.vscode-test', '.vs', 'Pods', 'DerivedData', '.dart_tool', '.stack-work', 'elm-stuff', '_build', 'deps',
]);

/** Generated files by name: lock files and the like (long, repetitive, not written by people). */
export const SKIPPED_FILE_NAMES: ReadonlySet<string> = new Set([
  'package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml', 'bun.lockb', 'Cargo.lock', 'poetry.lock',
  'Pipfile.lock', 'composer.lock', 'Gemfile.lock', 'go.sum', 'flake.lock', 'packages.lock.json', '.DS_Store',
]);

/** Extensions of files that are binary or generated, skipped without reading them. */
export const SKIPPED_EXTENSIONS: ReadonlySet<string> = new Set([
  '.png', '.jpg', '.jpeg', '.gif', '.bmp', '.ico', '.icns', '.webp', '.tif', '.tiff', '.psd', '.svgz',
  '.pdf', '.zip', '.gz', '.tgz', '.bz2', '.xz', '.zst', '.7z', '.rar', '.jar', '.war', '.whl', '.vsix',
  '.exe', '.dll', '.so', '.dylib', '.a', '.o', '.obj', '.lib', '.class', '.pyc', '.pyo', '.wasm', '.node',
  '.woff', '.woff2', '.ttf', '.otf', '.eot', '.mp3', '.mp4', '.wav', '.ogg', '.flac', '.mov', '.avi', '.webm',
  '.sqlite', '.db', '.bin', '.dat', '.pkl', '.npy', '.npz', '.h5', '.onnx', '.pt', '.ckpt', '.recur', '.map',
]);

/** Minified bundles by name (also caught by the line-length rule, but cheaper to skip unread). */
export function isMinifiedName(name: string): boolean {
  return /\.min\.(js|mjs|cjs|css)$/i.test(name) || /[.-]bundle\.js$/i.test(name);
}
