// The language table's three readings. The hash codes are a contract with every checkpoint's
// context statistics (models/base.recur's among them): these are the codes each extension and
// VS Code language id had when the base model was built, and they must not change.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { baseCorpusLanguageOf, languageCodeOfId, languageCodeOfPath, languageFamily, languageOfPath, NO_LANGUAGE } from '../../../src/core/languages';

const CODES_BY_EXTENSION: Readonly<Record<number, string>> = {
  0: 'c++ hxx h++ ipp inl tcc pl pm r jl dart ex exs erl hs ml mli clj zig nim ksh ps1 sql html htm vue svelte css scss sass less md markdown rst txt json jsonc yml yaml toml xml ini unknown',
  1: 'ts tsx mts cts js jsx mjs cjs',
  2: 'py pyi pyw',
  3: 'go',
  4: 'rs',
  5: 'c h cc cpp cxx hpp hh m mm',
  6: 'java kt kts scala groovy',
  7: 'cs fs',
  8: 'rb',
  9: 'php',
  10: 'sh bash zsh',
  11: 'swift',
  12: 'lua',
};

const CODES_BY_VSCODE_ID: Readonly<Record<number, string>> = {
  0: 'markdown plaintext json shell html',
  1: 'javascript javascriptreact typescript typescriptreact',
  2: 'python',
  3: 'go',
  4: 'rust',
  5: 'c cpp objective-c objective-cpp',
  6: 'java kotlin scala groovy',
  7: 'csharp fsharp',
  8: 'ruby',
  9: 'php',
  10: 'shellscript',
  11: 'swift',
  12: 'lua',
};

test('every extension keeps the hash code the base model was built with, in any case and at any depth', () => {
  for (const [code, extensions] of Object.entries(CODES_BY_EXTENSION)) {
    for (const ext of extensions.split(' ')) {
      assert.equal(languageCodeOfPath(`src/a.${ext}`), Number(code), ext);
      assert.equal(languageCodeOfPath(`SRC/A.${ext.toUpperCase()}`), Number(code), ext);
      assert.equal(languageCodeOfPath(`.${ext}`), Number(code), `.${ext} alone`);
    }
  }
  assert.equal(languageCodeOfPath('Makefile'), NO_LANGUAGE);
  assert.equal(languageCodeOfPath('py'), NO_LANGUAGE);
  assert.equal(languageCodeOfPath('lib.py/README'), NO_LANGUAGE);
});

test('every VS Code language id keeps its hash code', () => {
  for (const [code, ids] of Object.entries(CODES_BY_VSCODE_ID)) {
    for (const id of ids.split(' ')) assert.equal(languageCodeOfId(id), Number(code), id);
  }
  assert.equal(languageCodeOfId(undefined), NO_LANGUAGE);
});

test('the index names languages, with the JS and C families, and calls the rest other', () => {
  assert.equal(languageOfPath('a/b.tsx'), 'typescript');
  assert.equal(languageFamily(languageOfPath('a/b.tsx')), languageFamily(languageOfPath('b.mjs')));
  assert.equal(languageFamily(languageOfPath('a/b.hxx')), languageFamily(languageOfPath('b.m')));
  assert.notEqual(languageFamily(languageOfPath('a.kt')), languageFamily(languageOfPath('a.java')));
  assert.equal(languageOfPath('x/Makefile'), 'makefile');
  for (const only of ['a.pyw', 'a.groovy', 'a.ipp', 'a.ksh', '.py', 'README']) assert.equal(languageOfPath(only), 'other', only);
});

test("the base corpus takes its 15 languages, with C++'s extra extensions, and .h as the source says", () => {
  assert.equal(baseCorpusLanguageOf('a/b.ipp'), 'cpp');
  assert.equal(baseCorpusLanguageOf('a/b.ksh'), 'shell');
  assert.equal(baseCorpusLanguageOf('a/b.h'), 'c');
  assert.equal(baseCorpusLanguageOf('a/b.h', 'cpp'), 'cpp');
  for (const not of ['a.pyw', 'a.scala', 'a.rb', 'a.txt', '.py', 'Makefile']) assert.equal(baseCorpusLanguageOf(not), undefined, not);
});
