// Debian packages the tests need: chromium (UI tests), libkrb5-dev (code-server's kerberos
// module builds against it), ripgrep (VS Code's search binary). Installed with apt-get when
// missing and we are root; otherwise a clear message says what to install.
import { existsSync } from 'node:fs';
import os from 'node:os';
import { log, run, SetupError, which } from './run.mjs';

const NEEDS = [
  { pkg: 'chromium', why: 'the browser the UI tests drive', present: () => existsSync('/usr/bin/chromium') },
  { pkg: 'libkrb5-dev', why: "the headers code-server's kerberos module is built against", present: () => existsSync('/usr/include/krb5.h') || existsSync('/usr/include/krb5/krb5.h') },
  { pkg: 'ripgrep', why: "VS Code's search; its own copy would be downloaded from the internet", present: () => Boolean(which('rg')) },
];

/** Installs the named packages (default: all the tests need) when missing. */
export function ensureDebianPackages(names = NEEDS.map((n) => n.pkg)) {
  const needed = NEEDS.filter((n) => names.includes(n.pkg) && !n.present());
  const missing = needed.map((n) => n.pkg);
  if (missing.length === 0) return;
  const reasons = needed.map((n) => `${n.pkg} (${n.why})`).join(', ');
  const root = os.userInfo().uid === 0;
  const aptGet = which('apt-get');
  if (!aptGet) throw new SetupError(`Missing system packages: ${reasons}. Install them with your package manager.`);
  const sudo = root ? [] : which('sudo') ? ['sudo', '-n'] : undefined;
  if (!sudo) throw new SetupError(`Missing Debian packages: ${reasons}. Run: sudo apt-get update && sudo apt-get install -y ${missing.join(' ')}`);
  log(`missing Debian packages: ${reasons}.`);
  log(`installing them now with ${sudo.length ? 'sudo -n apt-get' : 'apt-get (as root)'} update && install ${missing.join(' ')} ...`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const [cmd, ...pre] = sudo.length ? sudo : [aptGet];
  const args = (rest) => (sudo.length ? [...pre, aptGet, ...rest] : rest);
  run(cmd, args(['update', '-qq']), { env, quiet: true });
  run(cmd, args(['install', '-y', '-qq', '--no-install-recommends', ...missing]), { env, quiet: true });
}

export const CHROMIUM = '/usr/bin/chromium';
