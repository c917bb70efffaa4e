// Debian packages the tests need: chromium (UI tests), libkrb5-dev (code-server's kerberos
// module builds against it), ripgrep (VS Code's search binary). Installed with apt-get when
// missing and we are root; otherwise a clear message says what to install.
import { existsSync } from 'node:fs';
import os from 'node:os';
import { log, run, SetupError, which } from './run.mjs';

const NEEDS = [
  { pkg: 'chromium', present: () => existsSync('/usr/bin/chromium') },
  { pkg: 'libkrb5-dev', present: () => existsSync('/usr/include/krb5.h') || existsSync('/usr/include/krb5/krb5.h') },
  { pkg: 'ripgrep', present: () => Boolean(which('rg')) },
];

/** Installs the named packages (default: all the tests need) when missing. */
export function ensureDebianPackages(names = NEEDS.map((n) => n.pkg)) {
  const missing = NEEDS.filter((n) => names.includes(n.pkg) && !n.present()).map((n) => n.pkg);
  if (missing.length === 0) return;
  const root = os.userInfo().uid === 0;
  const aptGet = which('apt-get');
  if (!aptGet) throw new SetupError(`Missing system packages: ${missing.join(', ')}. Install them with your package manager.`);
  const sudo = root ? [] : which('sudo') ? ['sudo', '-n'] : undefined;
  if (!sudo) throw new SetupError(`Missing Debian packages: ${missing.join(', ')}. Run: sudo apt-get update && sudo apt-get install -y ${missing.join(' ')}`);
  log(`installing Debian packages: ${missing.join(', ')} ...`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const [cmd, ...pre] = sudo.length ? sudo : [aptGet];
  const args = (rest) => (sudo.length ? [...pre, aptGet, ...rest] : rest);
  run(cmd, args(['update', '-qq']), { env, quiet: true });
  run(cmd, args(['install', '-y', '-qq', '--no-install-recommends', ...missing]), { env, quiet: true });
}

export const CHROMIUM = '/usr/bin/chromium';
