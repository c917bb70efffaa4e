// The webview never turns text into markup, and its HTML shell has a strict CSP.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { contentSecurityPolicy, panelHtml } from '../../../../src/editor/panel/panelHtml';

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');

test('no webview source writes HTML from strings', () => {
  const dir = path.join(ROOT, 'media', 'panel');
  const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));
  assert.ok(files.length > 5);
  for (const file of files) {
    const source = readFileSync(path.join(dir, file), 'utf8');
    for (const sink of ['innerHTML', 'outerHTML', 'insertAdjacentHTML', 'document.write', 'createContextualFragment', 'DOMParser']) {
      assert.ok(!source.includes(sink), `${file} uses ${sink}`);
    }
  }
});

test('the CSP allows nothing remote and no inline code: one script by nonce, styles from the extension', () => {
  const csp = contentSecurityPolicy('https://file+.vscode-resource.vscode-cdn.net', 'abc123');
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /script-src 'nonce-abc123'(;|$)/);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*|http:/);
  const html = panelHtml({ cspSource: 'vscode-resource:', scriptUri: 'vscode-resource:/dist/webview/panel.js', styleUri: 'vscode-resource:/dist/webview/panel.css', nonce: 'n0nce' });
  assert.match(html, /<script nonce="n0nce" src="vscode-resource:\/dist\/webview\/panel.js"><\/script>/);
  assert.equal(html.match(/<script/g)?.length, 1, 'one script element');
  assert.doesNotMatch(html, /<style|style="/);
});

test('a fresh nonce every time, and attribute values are escaped', () => {
  const a = panelHtml({ cspSource: 'x', scriptUri: 's', styleUri: 'c' });
  const b = panelHtml({ cspSource: 'x', scriptUri: 's', styleUri: 'c' });
  const nonce = (html: string) => html.match(/nonce="([^"]+)"/)?.[1];
  assert.ok(nonce(a) && nonce(a)!.length >= 16);
  assert.notEqual(nonce(a), nonce(b));
  const evil = panelHtml({ cspSource: 'x', scriptUri: '"><img src=x onerror=alert(1)>', styleUri: 'c', nonce: 'n' });
  assert.doesNotMatch(evil, /<img/);
});
