// Headless Debian chromium driven by playwright-core (no browser download).
import { createRequire } from 'node:module';
import path from 'node:path';
import { repoRoot } from './run.mjs';

export const CHROMIUM_PATH = process.env.RECUR_CHROMIUM ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

export async function launchBrowser() {
  const require = createRequire(path.join(repoRoot, 'package.json'));
  const { chromium } = require('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}
