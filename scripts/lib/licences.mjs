// Licences of public code we may train on and ship statistics of: a permissive allow-list
// (SPDX ids), a check of an SPDX expression against it, and reading a package's own licence
// (npm: package.json `license`; Debian: the `Files: *` paragraph of a machine-readable
// debian/copyright, with Debian's short names mapped to SPDX). Pure; no I/O.

/** Permissive licences (SPDX ids; LicenseRef-public-domain for Debian's "public-domain"). */
export const PERMISSIVE_LICENCES = new Set([
  'MIT',
  'MIT-0',
  'X11',
  'ISC',
  '0BSD',
  'BSD-2-Clause',
  'BSD-3-Clause',
  'Apache-2.0',
  'PSF-2.0',
  'Python-2.0',
  'BSL-1.0',
  'Zlib',
  'Unlicense',
  'CC0-1.0',
  'curl',
  'blessing',
  'Unicode-DFS-2016',
  'Unicode-3.0',
  'LicenseRef-public-domain',
]);

/**
 * True when the SPDX expression allows permissive use: an expression of ORs only needs one
 * permissive choice; anything with AND (or parentheses mixing both) needs every id permissive.
 */
export function isPermissiveLicence(expression) {
  if (typeof expression !== 'string' || !expression.trim()) return false;
  const ids = expression
    .replace(/[()]/g, ' ')
    .split(/\s+(?:OR|AND)\s+|\s+/)
    .filter(Boolean);
  if (ids.some((id) => /^(WITH|OR|AND)$/.test(id))) return false;
  const allowed = (id) => PERMISSIVE_LICENCES.has(id.replace(/\+$/, ''));
  return /\sAND\s/.test(expression) ? ids.every(allowed) : ids.some(allowed);
}

/** Debian copyright short names -> SPDX. */
const DEBIAN_TO_SPDX = new Map(
  Object.entries({
    expat: 'MIT',
    mit: 'MIT',
    x11: 'X11',
    isc: 'ISC',
    zlib: 'Zlib',
    'bsl-1.0': 'BSL-1.0',
    'boost-1.0': 'BSL-1.0',
    'bsd-2-clause': 'BSD-2-Clause',
    'bsd-3-clause': 'BSD-3-Clause',
    'bsd-c3': 'BSD-3-Clause',
    go: 'BSD-3-Clause',
    'apache-2.0': 'Apache-2.0',
    'apache-2': 'Apache-2.0',
    'psf-2': 'PSF-2.0',
    'psf-2.0': 'PSF-2.0',
    'python-2.0': 'Python-2.0',
    'cc0-1.0': 'CC0-1.0',
    cc0: 'CC0-1.0',
    'public-domain': 'LicenseRef-public-domain',
    unlicense: 'Unlicense',
    '0bsd': '0BSD',
    'mit-0': 'MIT-0',
  }),
);

/** A Debian licence line ("Expat or Apache-2.0") as an SPDX expression ("MIT OR Apache-2.0"). */
export function debianLicenceToSpdx(line) {
  return line
    .trim()
    .split(/\s+(or|and)\s+/i)
    .map((part, i) => (i % 2 ? part.toUpperCase() : (DEBIAN_TO_SPDX.get(part.toLowerCase()) ?? part)))
    .join(' ');
}

/** The licence of `Files: *` in a machine-readable debian/copyright (SPDX), or undefined. */
export function debianCopyrightLicence(text) {
  if (!/^Format:\s*\S*copyright-format/m.test(text)) return undefined;
  for (const paragraph of text.split(/\n\s*\n/)) {
    const files = /^Files:\s*(.*(?:\n[ \t].*)*)/m.exec(paragraph)?.[1].split(/\s+/) ?? [];
    const licence = /^License:\s*(.+)$/m.exec(paragraph)?.[1];
    if (files.includes('*') && licence) return debianLicenceToSpdx(licence);
  }
  return undefined;
}

/** An npm package.json's licence as SPDX (`license`, or the old `licenses: [{type}]`). */
export function npmPackageLicence(pkg) {
  if (typeof pkg.license === 'string') return pkg.license;
  if (pkg.license && typeof pkg.license.type === 'string') return pkg.license.type;
  if (Array.isArray(pkg.licenses)) return pkg.licenses.map((l) => l.type ?? l).join(' OR ');
  return undefined;
}
