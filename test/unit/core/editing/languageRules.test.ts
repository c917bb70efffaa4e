// The language table (src/core/editing/languageRules.ts) against the language configuration
// files of the VS Code 1.100.3 that the tests run (code-server's built-in extensions).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LANGUAGE_CONFIGURATIONS, languageIdForPath } from '../../../../src/core/editing/languageRules';

const extensions = path.join(process.env.RECUR_CACHE_DIR || path.join(os.homedir(), '.cache', 'recur'), 'code-server-4.100.3', 'node_modules', 'code-server', 'lib', 'vscode', 'extensions');
const FILES: Record<string, string> = {
  javascript: 'javascript/javascript-language-configuration.json',
  typescript: 'typescript-basics/language-configuration.json',
  python: 'python/language-configuration.json',
  go: 'go/language-configuration.json',
  rust: 'rust/language-configuration.json',
  json: 'json/language-configuration.json',
  markdown: 'markdown-basics/language-configuration.json',
};

type Pattern = string | { pattern: string };
const source = (p: Pattern | undefined) => (p === undefined ? undefined : typeof p === 'string' ? p : p.pattern);

test('the table holds what VS Code 1.100.3 declares for each language', { skip: !existsSync(extensions) && `no code-server at ${extensions} (npm test installs it)` }, () => {
  for (const [id, file] of Object.entries(FILES)) {
    const vscode = JSON.parse(readFileSync(path.join(extensions, file), 'utf8'));
    const ours = LANGUAGE_CONFIGURATIONS[id];
    const pairs = (vscode.autoClosingPairs ?? []).map((p: unknown) => (Array.isArray(p) ? { open: p[0], close: p[1] } : p));
    assert.deepEqual(ours.autoClosingPairs, pairs, `${id}: autoClosingPairs`);
    assert.equal(ours.autoCloseBefore, vscode.autoCloseBefore, `${id}: autoCloseBefore`);
    assert.deepEqual(ours.brackets, vscode.brackets, `${id}: brackets`);
    const rules = vscode.indentationRules;
    assert.deepEqual(ours.indentationRules, rules && Object.fromEntries(Object.entries(rules).map(([k, v]) => [k, source(v as Pattern)])), `${id}: indentationRules`);
    const enter = (vscode.onEnterRules ?? []).map((r: Record<string, Pattern> & { action: unknown }) => ({
      beforeText: source(r.beforeText),
      ...(r.afterText ? { afterText: source(r.afterText) } : {}),
      ...(r.previousLineText ? { previousLineText: source(r.previousLineText) } : {}),
      action: r.action,
    }));
    assert.deepEqual(ours.onEnterRules ?? [], enter, `${id}: onEnterRules`);
  }
});

test("file names map to VS Code's language ids", () => {
  assert.equal(languageIdForPath('lib/core.js'), 'javascript');
  assert.equal(languageIdForPath('types/request.d.ts'), 'typescript');
  assert.equal(languageIdForPath('urllib3/util/url.py'), 'python');
  assert.equal(languageIdForPath('render/html.go'), 'go');
  assert.equal(languageIdForPath('Cargo.toml'), 'plaintext');
});
