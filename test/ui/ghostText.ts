// Reading VS Code's ghost text (the inline suggestion) off the page.
import type { VSCodeSession } from './harness';

/** The ghost text once it has stopped changing for a second (a suggestion can be replaced while the model works). */
export async function settledGhostText(session: VSCodeSession): Promise<string> {
  const ghost = session.page.locator('.monaco-editor .ghost-text-decoration, .monaco-editor .ghost-text');
  const deadline = Date.now() + 30_000;
  let text = '';
  let since = Date.now();
  while (Date.now() < deadline) {
    const now = (await ghost.allInnerTexts()).join('').replace(/\u00a0/g, ' ');
    if (now !== text) {
      text = now;
      since = Date.now();
    } else if (text && Date.now() - since >= 1000) return text;
    await session.page.waitForTimeout(100);
  }
  throw new Error(`no settled ghost text within 30 s (last: "${text}")`);
}
