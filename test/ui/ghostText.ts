// Reading VS Code's ghost text (the inline suggestion) off the page.
import type { VSCodeSession } from './harness';

/**
 * The ghost text on screen now ('' when none). Its pieces are read in the order they appear
 * (top to bottom, left to right): a suggestion's further lines are separate elements that may
 * come first in the DOM.
 */
export async function ghostTextNow(session: VSCodeSession): Promise<string> {
  const pieces = await session.page.locator('.monaco-editor .ghost-text-decoration, .monaco-editor .ghost-text').evaluateAll((elements) =>
    elements
      .map((element) => ({ text: (element as HTMLElement).innerText, box: element.getBoundingClientRect() }))
      .sort((a, b) => a.box.top - b.box.top || a.box.left - b.box.left)
      .map((piece) => piece.text),
  );
  return pieces.join('').replace(/\u00a0/g, ' ');
}

/** The ghost text once it has stopped changing for a second (a suggestion can be replaced while the model works). */
export async function settledGhostText(session: VSCodeSession): Promise<string> {
  const deadline = Date.now() + 30_000;
  let text = '';
  let since = Date.now();
  while (Date.now() < deadline) {
    const now = await ghostTextNow(session);
    if (now !== text) {
      text = now;
      since = Date.now();
    } else if (text && Date.now() - since >= 1000) return text;
    await session.page.waitForTimeout(100);
  }
  throw new Error(`no settled ghost text within 30 s (last: "${text}")`);
}
