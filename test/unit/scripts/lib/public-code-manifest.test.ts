// The base and benchmark corpora without the network: manifest validation, the licence
// allow-list, language, generated and test-data detection, the deterministic order and the
// caps, the model card's tables, and the committed manifests themselves.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SKIPPED_FOLDERS } from '../../../../src/core/corpus/skipRules';
import { isGenerated, isLargeTestData } from '../../../../scripts/corpus/filters';
import { LANGUAGES, languageOf } from '../../../../scripts/corpus/languages';
import { corpusTables, withTables, BEGIN, END } from '../../../../scripts/corpus/model-card.mjs';
import { CappedSelection, inCorpusOrder, orderKey } from '../../../../scripts/corpus/select';
import { pathRestriction } from '../../../../scripts/corpus/sources';
import { debianCopyrightLicence, debianLicenceToSpdx, isPermissiveLicence, npmPackageLicence } from '../../../../scripts/lib/licences.mjs';
import { ManifestError, validateBaseManifest, validateBenchManifest } from '../../../../scripts/lib/public-code-manifest.mjs';
import { packageDir } from '../../../../scripts/lib/public-code.mjs';

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');
const readJson = (rel: string) => JSON.parse(readFileSync(path.join(ROOT, rel), 'utf8'));

const SOURCE = { name: 'demo', kind: 'npm', package: 'demo', version: '1.2.3', license: 'MIT', paths: ['src'] };
const BASE = { languages: { go: 1000 }, fixtureMaxBytes: 100, sources: [SOURCE] };

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof ManifestError, String(error));
    return error.problems;
  }
  assert.fail('expected a ManifestError');
}

test('a valid base manifest passes; each kind of mistake is reported, all at once', () => {
  assert.equal(validateBaseManifest(BASE), BASE);
  const bad = {
    languages: { go: 0 },
    sources: [
      { ...SOURCE, kind: 'pip' },
      { ...SOURCE, version: '^1.2.0' },
      { ...SOURCE, version: '>=1' },
      { ...SOURCE, license: 'GPL-3.0-only' },
      { ...SOURCE, paths: ['../etc'] },
      { ...SOURCE, paths: [] },
      { ...SOURCE, sha256: 'abc' },
      { ...SOURCE, name: 'Bad Name' },
    ],
  };
  const problems = problemsOf(() => validateBaseManifest(bad));
  for (const needle of ['languages.go', 'fixtureMaxBytes', 'kind must be', 'one exact version', 'GPL-3.0-only', 'paths must', 'sha256 must', 'name must', 'used twice']) {
    assert.ok(
      problems.some((p) => p.includes(needle)),
      `reports ${needle}: ${problems.join(' / ')}`,
    );
  }
  assert.equal(problems.filter((p) => p.includes('one exact version')).length, 2);
});

test('a Debian licence file needs the text to look for in it', () => {
  const problems = problemsOf(() => validateBaseManifest({ ...BASE, sources: [{ ...SOURCE, kind: 'deb', licenseFile: 'usr/LICENSE' }] }));
  assert.ok(problems.some((p) => p.includes('licenseEvidence')));
});

test('bench manifest: one folder per corpus, same package checks', () => {
  const ok = { corpora: [{ ...SOURCE, path: 'lib' }] };
  assert.equal(validateBenchManifest(ok), ok);
  const problems = problemsOf(() =>
    validateBenchManifest({
      corpora: [
        { ...SOURCE, path: '/abs' },
        { ...SOURCE, license: 'AGPL-3.0' },
      ],
    }),
  );
  assert.ok(problems.some((p) => p.includes('path must')));
  assert.ok(problems.some((p) => p.includes('AGPL-3.0')));
});

test('licence allow-list: permissive ids, OR needs one, AND needs all', () => {
  for (const ok of [
    'MIT',
    'Apache-2.0',
    'BSD-3-Clause',
    'PSF-2.0',
    'BSL-1.0',
    'ISC',
    'Zlib',
    '(MIT OR CC0-1.0)',
    'MIT OR GPL-2.0',
    '(MIT OR Apache-2.0) AND Unicode-DFS-2016',
    'LicenseRef-public-domain OR MIT',
  ]) {
    assert.ok(isPermissiveLicence(ok), ok);
  }
  for (const no of ['GPL-3.0-only', 'LGPL-2.1', 'MPL-2.0', 'MIT AND GPL-2.0', 'Apache-2.0 WITH LLVM-exception', '', undefined, 'CC-BY-SA-4.0']) {
    assert.ok(!isPermissiveLicence(no), String(no));
  }
});

test("licences as packages state them: package.json, and a machine-readable debian/copyright's Files: *", () => {
  assert.equal(npmPackageLicence({ license: 'MIT' }), 'MIT');
  assert.equal(npmPackageLicence({ licenses: [{ type: 'MIT' }, { type: 'Apache-2.0' }] }), 'MIT OR Apache-2.0');
  assert.equal(debianLicenceToSpdx('Expat or Apache-2.0'), 'MIT OR Apache-2.0');
  assert.equal(debianLicenceToSpdx('BSD-C3'), 'BSD-3-Clause');
  const copyright = [
    'Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/',
    'Upstream-Name: demo',
    '',
    'Files: debian/*',
    'License: GPL-2+',
    '',
    'Files: *',
    'Copyright: 2020 Someone',
    'License: Expat',
    ' Permission is hereby granted...',
  ].join('\n');
  assert.equal(debianCopyrightLicence(copyright), 'MIT');
  assert.equal(debianCopyrightLicence('This package was debianized by someone.\nLicense: BSD'), undefined);
});

test('languages: by extension, .h by the source, extensionless files by their #! line', () => {
  assert.equal(languageOf('src/a.ts', ''), 'typescript');
  assert.equal(languageOf('a/b.d.ts', ''), 'typescript');
  assert.equal(languageOf('x.SCSS', ''), 'css');
  assert.equal(languageOf('inc/x.h', ''), 'c');
  assert.equal(languageOf('inc/x.h', '', 'cpp'), 'cpp');
  assert.equal(languageOf('x.hpp', ''), 'cpp');
  assert.equal(languageOf('bin/tool', '#!/usr/bin/env bash\n'), 'shell');
  assert.equal(languageOf('bin/tool', '#!/bin/sh -e\n'), 'shell');
  assert.equal(languageOf('bin/tool', '#!/usr/bin/python3\n'), 'python');
  assert.equal(languageOf('bin/tool', '#!/usr/bin/env node\n'), 'javascript');
  assert.equal(languageOf('bin/tool', '#!/usr/bin/perl\n'), undefined);
  assert.equal(languageOf('Makefile', 'all:\n'), undefined);
  assert.equal(languageOf('notes.txt', ''), undefined);
});

test('generated files: by name, or a mark in the first lines only', () => {
  assert.ok(isGenerated('api/v1/types.pb.go', 'package v1\n'));
  assert.ok(isGenerated('x/msg_pb2.py', ''));
  assert.ok(isGenerated('pkg/zz_generated.deepcopy.go', ''));
  assert.ok(isGenerated('a.go', '// Code generated by stringer -type=Kind; DO NOT EDIT.\n\npackage a\n'));
  assert.ok(isGenerated('a.js', '/**\n * @generated SignedSource<<abc>>\n */\n'));
  assert.ok(isGenerated('a.ts', '// This file was automatically generated by a script\n'));
  assert.ok(!isGenerated('a.go', 'package a\n\n// The parser is generated by hand-written rules.\n'));
  const late = `${'line\n'.repeat(20)}// Code generated by x. DO NOT EDIT.\n`;
  assert.ok(!isGenerated('a.go', late), 'a mark after the first lines does not count');
});

test('large test data: only big files inside test-data folders', () => {
  assert.ok(isLargeTestData('src/encoding/json/testdata/code.json', 2000, 1000));
  assert.ok(isLargeTestData('test/fixtures/big.js', 2000, 1000));
  assert.ok(!isLargeTestData('test/fixtures/small.js', 500, 1000));
  assert.ok(!isLargeTestData('src/big.js', 2000, 1000));
  assert.ok(!isLargeTestData('testdata', 2000, 1000), 'the file name itself is not a folder');
});

test('corpus order: a hash of source and path, whatever order the candidates come in', () => {
  const items = Array.from({ length: 20 }, (_, i) => ({ source: `s${i % 2}`, path: `dir${i % 3}/file${String(i).padStart(2, '0')}.go` }));
  const once = inCorpusOrder(items).map((i) => i.path);
  const reversed = inCorpusOrder([...items].reverse()).map((i) => i.path);
  assert.deepEqual(once, reversed);
  assert.notDeepEqual(once, [...once].sort(), 'not alphabetical');
  assert.equal(orderKey('s', 'p'), orderKey('s', 'p'));
  assert.notEqual(orderKey('s', 'p'), orderKey('t', 'p'));
});

test('caps: per language and per source; a file that does not fit is passed over, smaller ones still fill; duplicates never count', () => {
  const sel = new CappedSelection({ go: 100, c: 50 }, { big: 60 });
  const offer = (source: string, language: string, bytes: number, sha256: string) => sel.offer({ source, language, bytes, sha256 });
  assert.equal(offer('big', 'go', 40, 'h1'), 'taken');
  assert.equal(offer('other', 'go', 40, 'h1'), 'duplicate');
  assert.equal(offer('big', 'go', 30, 'h2'), 'sourceFull');
  assert.equal(offer('big', 'go', 20, 'h3'), 'taken');
  assert.equal(offer('other', 'go', 50, 'h4'), 'languageFull');
  assert.equal(offer('other', 'go', 40, 'h5'), 'taken');
  assert.equal(offer('other', 'rust', 1, 'h6'), 'languageFull', 'a language without a cap takes nothing');
  assert.equal(sel.languageBytes.get('go'), 100);
  assert.equal(sel.sourceBytes.get('big'), 60);
  assert.equal(sel.room('c', 'other', 50), 'fits');
});

test('a source takes only its paths (and the folders above them), less its exclude globs', () => {
  const excluded = pathRestriction(['usr/lib/python3.11', 'usr/share/doc/x/README.md'], ['**/idlelib']);
  for (const kept of ['usr', 'usr/lib', 'usr/lib/python3.11', 'usr/lib/python3.11/os.py', 'usr/share/doc/x', 'usr/share/doc/x/README.md']) assert.ok(!excluded(kept), kept);
  for (const left of ['etc', 'usr/bin', 'usr/lib/python3', 'usr/share/doc/x/copyright', 'usr/lib/python3.11/idlelib']) assert.ok(excluded(left), left);
  assert.ok(!pathRestriction(['.'])('anything/at/all.js'));
});

test('model card: tables from corpus.json replace only the marked section', () => {
  const index = {
    totals: { files: 3, bytes: 3_000_000 },
    limits: { maxFileBytes: 524288, maxLineLength: 1000, fixtureMaxBytes: 32768 },
    languages: { go: { cap: 2_000_000, files: 2, bytes: 2_000_000 }, c: { cap: 1_000_000, files: 1, bytes: 1_000_000 } },
    sources: [{ name: 'go-stdlib', kind: 'deb', package: 'golang-1.19-src', version: '1.19.8-2', license: 'BSD-3-Clause', files: 3, bytes: 3_000_000 }],
  };
  const tables = corpusTables(index);
  assert.match(tables, /\| go \| 2 \| 2\.00 \| 66\.7% \| 2\.00 \|/);
  assert.match(tables, /\| go-stdlib \| `golang-1\.19-src` \| `1\.19\.8-2` \| deb \| BSD-3-Clause \| 3 \| 3\.00 \|/);
  const card = `# Card\n${BEGIN}\nold\n${END}\n## Training figures\n`;
  const updated = withTables(card, tables);
  assert.ok(updated.includes(`${BEGIN}\n${tables}\n${END}`));
  assert.ok(!updated.includes('old') && updated.endsWith(`${END}\n## Training figures\n`));
  assert.equal(withTables(updated, tables), updated);
  assert.throws(() => withTables('# no markers', tables));
});

test('the committed manifests: valid, languages known, no benchmark package in the base corpus', () => {
  const base = validateBaseManifest(readJson('models/base-corpus.json'));
  const bench = validateBenchManifest(readJson('scripts/bench/corpora.json'));
  for (const lang of Object.keys(base.languages)) assert.ok((LANGUAGES as readonly string[]).includes(lang), lang);
  const benchPackages = new Set(bench.corpora.map((c: { kind: string; package: string }) => `${c.kind}:${c.package}`));
  for (const s of base.sources) {
    assert.ok(!benchPackages.has(`${s.kind}:${s.package}`), `${s.package} is a benchmark corpus`);
    assert.ok(!SKIPPED_FOLDERS.has(s.name), `${s.name} would be skipped by the trainer`);
    assert.match(s.sha256 ?? '', /^[0-9a-f]{64}$/, `${s.name} pins its sha256`);
  }
  for (const c of bench.corpora) assert.match(c.sha256 ?? '', /^[0-9a-f]{64}$/, `${c.name} pins its sha256`);
  assert.ok(bench.corpora.length >= 3);
});

test('fetched packages live in the cache, one folder per package and version', () => {
  assert.match(packageDir('npm', '@types/node', '1.0.0'), /public-code[/\\]npm[/\\]types\+node@1\.0\.0$/);
  assert.match(packageDir('deb', 'golang-1.19-src', '1.19.8-2'), /public-code[/\\]deb[/\\]golang-1\.19-src_1\.19\.8-2$/);
});
