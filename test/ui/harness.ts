// Drives real VS Code (code-server) in headless chromium, as a user would: the command
// palette, the status bar, the editor. Screenshots go to test-output/ui/ (ignored by git).
//
//   const vscode = await openVSCode({ folder });           // Recur loaded from this checkout
//   await vscode.runCommand('Recur: Train on Workspace');
//   await vscode.screenshot('after-training');
//   await vscode.close();
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../../scripts/lib/browser.mjs';
import { startCodeServer, workbenchUrl } from '../../scripts/lib/code-server-process.mjs';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const SCREENSHOT_DIR = path.join(REPO_ROOT, 'test-output', 'ui');

export interface OpenOptions {
  /** Folder to open; copied to a scratch folder first unless `inPlace`. */
  folder: string;
  inPlace?: boolean;
  /** Extra user settings (e.g. a theme or recur.* values). */
  settings?: Record<string, unknown>;
  /** Load Recur from this checkout (default) or rely on what is installed in extensionsDir. */
  extensionPath?: string | null;
  extensionsDir?: string;
  viewport?: { width: number; height: number };
}

export interface VSCodeSession {
  page: Page;
  browser: Browser;
  workspace: string;
  url: string;
  runCommand(label: string): Promise<void>;
  openFile(relativePath: string): Promise<void>;
  statusBarText(): Promise<string>;
  waitForStatusBar(pattern: RegExp, timeoutMs?: number): Promise<string>;
  screenshot(name: string): Promise<string>;
  /** The Recur output channel as written so far (every Recur.log under the profile's logs, in path order). */
  recurLog(): string;
  /** The extension's storage folder for this workspace (code-server keeps it under the profile), once it exists. */
  storageDir(): Promise<string>;
  close(): Promise<void>;
}

export async function openVSCode(options: OpenOptions): Promise<VSCodeSession> {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'recur-ui-'));
  const workspace = options.inPlace ? options.folder : path.join(scratch, path.basename(options.folder));
  if (!options.inPlace) cpSync(options.folder, workspace, { recursive: true });
  const server = await startCodeServer({ profileDir: path.join(scratch, 'profile'), userSettings: options.settings, extensionsDir: options.extensionsDir });
  const browser = await launchBrowser();
  const page = await browser.newPage({ viewport: options.viewport ?? { width: 1400, height: 900 } });
  const extensionPath = options.extensionPath === undefined ? REPO_ROOT : (options.extensionPath ?? undefined);
  const url = workbenchUrl(server, { folder: workspace, extensionPath });
  await page.goto(url);
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  await page.locator('.statusbar').waitFor({ timeout: 60_000 });

  const session: VSCodeSession = {
    page,
    browser,
    workspace,
    url,
    runCommand: (label) => runPaletteCommand(page, label),
    openFile: (relativePath) => quickOpenFile(page, relativePath),
    async statusBarText() {
      return (
        await page
          .locator('#recur-dev\\.recur\\.recur\\.status, [id$="recur.status"]')
          .first()
          .innerText()
          .catch(() => '')
      ).trim();
    },
    async waitForStatusBar(pattern, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      let text = '';
      while (Date.now() < deadline) {
        text = await session.statusBarText();
        if (pattern.test(text)) return text;
        await page.waitForTimeout(250);
      }
      throw new Error(`status bar never matched ${pattern}; last text: "${text}"`);
    },
    async screenshot(name) {
      mkdirSync(SCREENSHOT_DIR, { recursive: true });
      const file = path.join(SCREENSHOT_DIR, `${name}.png`);
      await page.screenshot({ path: file });
      return file;
    },
    recurLog: () => recurLogOf(path.join(scratch, 'profile')),
    storageDir: () => findStorageDir(page, path.join(scratch, 'profile', 'user-data', 'User', 'workspaceStorage')),
    async close() {
      await browser.close().catch(() => undefined);
      await server.stop();
      if (!process.env.RECUR_KEEP_UI_PROFILE) rmSync(scratch, { recursive: true, force: true });
    },
  };
  return session;
}

function recurLogOf(profileDir: string): string {
  const logs = path.join(profileDir, 'user-data', 'logs');
  if (!existsSync(logs)) return '';
  const files = (readdirSync(logs, { recursive: true }) as string[]).filter((f) => path.basename(f) === 'Recur.log').sort();
  return files.map((f) => readFileSync(path.join(logs, f), 'utf8')).join('');
}

/** Recur's folder under code-server's workspace storage `root`, polled until it exists. */
async function findStorageDir(page: Page, root: string): Promise<string> {
  for (let i = 0; i < 120; i++) {
    for (const hash of existsSync(root) ? readdirSync(root) : []) {
      const dir = path.join(root, hash, 'recur-dev.recur');
      if (existsSync(dir)) return dir;
    }
    await page.waitForTimeout(250);
  }
  throw new Error(`no recur-dev.recur storage folder under ${root}`);
}

/** Runs the command-palette entry labelled `label` (F1, its label typed, Enter once its row shows). */
async function runPaletteCommand(page: Page, label: string): Promise<void> {
  await page
    .locator('.monaco-workbench')
    .click({ position: { x: 700, y: 5 } })
    .catch(() => undefined);
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(`>${label}`);
  const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: label }).first();
  await row.waitFor({ timeout: 10_000 });
  await page.keyboard.press('Enter');
}

/** Opens a workspace file through Quick Open (Ctrl+P) and waits until its editor is the active tab. */
async function quickOpenFile(page: Page, relativePath: string): Promise<void> {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(relativePath);
  // (a busy machine can take a while to index a workspace just opened; while the list
  // filters, a recently opened file can still be first, so the file's own row is clicked)
  const name = path.basename(relativePath);
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: name }).first().click({ timeout: 30_000 });
  await page.locator('.tab.active', { hasText: name }).first().waitFor({ timeout: 10_000 });
  await page.locator('.monaco-editor .view-lines').first().waitFor({ timeout: 10_000 });
}
