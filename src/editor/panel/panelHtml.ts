// The panel's HTML shell: a strict Content-Security-Policy (no network, no inline code:
// the one script runs by nonce; styles come from the extension's own bundle; canvases and
// CSSOM styles need nothing more), then the bundled script and stylesheet from dist/webview.
// The page holds no workspace data: everything arrives by message and is put in the DOM as
// text (textContent), never as markup.
import { randomBytes } from 'node:crypto';

export interface PanelHtmlParts {
  /** webview.cspSource */
  cspSource: string;
  /** webview.asWebviewUri of dist/webview/panel.js and panel.css */
  scriptUri: string;
  styleUri: string;
  nonce?: string;
}

export function makeNonce(): string {
  return randomBytes(18).toString('base64url');
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return ["default-src 'none'", `img-src ${cspSource} data:`, `style-src ${cspSource}`, `font-src ${cspSource}`, `script-src 'nonce-${nonce}'`].join('; ');
}

function attribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function panelHtml(parts: PanelHtmlParts): string {
  const nonce = parts.nonce ?? makeNonce();
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attribute(contentSecurityPolicy(parts.cspSource, nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${attribute(parts.styleUri)}">
<title>Recur: Model</title>
</head>
<body>
<div id="app" data-recur-panel></div>
<script nonce="${attribute(nonce)}" src="${attribute(parts.scriptUri)}"></script>
</body>
</html>
`;
}
