// What the base corpus leaves out on top of the workspace filters (src/core/corpus): files
// made by programs (by name, or by a "generated ... do not edit" mark in their first lines)
// and large test data (a big file in a test-data folder). Pure.

/** Names of files that programs write (protobuf, gRPC, Kubernetes deepcopy, *.generated.*). */
const GENERATED_NAMES: readonly RegExp[] = [
  /\.pb(\.gw)?\.go$/,
  /\.pb\.(cc|h|c)$/,
  /_pb2(_grpc)?\.pyi?$/,
  /_grpc\.pb\.go$/,
  /(^|\/)zz_generated[^/]*$/,
  /\.generated\.[^/]+$/,
  /\.g\.(dart|cs)$/,
  /(^|\/)bindata\.go$/,
];

/** Marks that generators put at the top of what they write. */
const GENERATED_MARKS: readonly RegExp[] = [
  /Code generated .*DO NOT EDIT/,
  /@generated\b/,
  /\bDO NOT EDIT\b/i,
  /\b(auto-?generated|automatically generated|generated automatically)\b/i,
  /\bThis file (is|was|has been) generated\b/i,
];

/** How far into a file the marks are looked for. */
export const GENERATED_HEAD_LINES = 10;

/** True when the file was written by a program: by its name, or a mark in its first lines. */
export function isGenerated(relativePath: string, text: string): boolean {
  if (GENERATED_NAMES.some((p) => p.test(relativePath))) return true;
  const head = firstLines(text, GENERATED_HEAD_LINES);
  return GENERATED_MARKS.some((p) => p.test(head));
}

function firstLines(text: string, n: number): string {
  let end = -1;
  for (let i = 0; i < n; i++) {
    end = text.indexOf('\n', end + 1);
    if (end < 0) return text.slice(0, 4096);
  }
  return text.slice(0, Math.min(end, 4096));
}

/** Folders that hold test data rather than code written for the project. */
const FIXTURE_FOLDERS: ReadonlySet<string> = new Set(['testdata', 'test-data', 'test_data', 'fixtures', 'fixture', '__fixtures__', '__snapshots__', 'snapshots', 'testcases']);

/** True for a file larger than `maxBytes` inside a test-data folder. */
export function isLargeTestData(relativePath: string, bytes: number, maxBytes: number): boolean {
  const folders = relativePath.split('/').slice(0, -1);
  return bytes > maxBytes && folders.some((f) => FIXTURE_FOLDERS.has(f.toLowerCase()));
}
