// The settings as package.json declares them (what VS Code's settings editor shows and
// validates) against the options the code reads them with (src/settingSpecs.ts, declared next
// to the core types): the same keys, defaults, minimums, maximums and enums. And the CLI's
// flags take the same defaults and ranges.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type Option, type NumberOption } from '../../src/core/options';
import { checkedSetting, RESTRICTED_SETTINGS, SETTINGS } from '../../src/settingSpecs';
import { parseFlags } from '../../src/cli/args';
import { corpusOptions, CORPUS_FLAGS } from '../../src/cli/corpusFlags';
import { automaticThreads, MULTI_THREAD_MIN_BATCH } from '../../src/core/threadLimits';
import { DEFAULT_TRAIN_CONFIG } from '../../src/core/model/config';

interface DeclaredSetting {
  type: string;
  default: unknown;
  minimum?: number;
  exclusiveMinimum?: number;
  maximum?: number;
  enum?: string[];
}

const manifest = JSON.parse(readFileSync(path.resolve(__dirname, '..', '..', 'package.json'), 'utf8'));
const declared: Record<string, DeclaredSetting> = manifest.contributes.configuration.properties;

/** What package.json should say of a setting read with `option`. */
function expectedDeclaration(option: Option): Partial<DeclaredSetting> {
  switch (option.kind) {
    case 'number':
      return { type: option.integer ? 'integer' : 'number', default: option.default, ...numberBounds(option) };
    case 'choice':
      return { type: 'string', default: option.default, enum: [...option.values] };
    case 'boolean':
      return { type: 'boolean', default: option.default };
    case 'value':
      return { type: Array.isArray(option.default) ? 'array' : 'object', default: option.default };
  }
}

function numberBounds(option: NumberOption): Partial<DeclaredSetting> {
  const bounds: Partial<DeclaredSetting> = {};
  if (option.min > -Infinity) bounds[option.exclusiveMin ? 'exclusiveMinimum' : 'minimum'] = option.min;
  if (option.max < Infinity) bounds.maximum = option.max;
  return bounds;
}

function declaredPart(setting: DeclaredSetting): Partial<DeclaredSetting> {
  const { type, default: value, minimum, exclusiveMinimum, maximum, enum: values } = setting;
  return Object.fromEntries(Object.entries({ type, default: value, minimum, exclusiveMinimum, maximum, enum: values }).filter(([, v]) => v !== undefined));
}

test('package.json declares exactly the settings the code reads', () => {
  assert.deepEqual(
    Object.keys(declared).sort(),
    Object.keys(SETTINGS)
      .map((key) => `recur.${key}`)
      .sort(),
  );
});

test("each setting's type, default, minimum, maximum and enum in package.json are those of the option it sets", () => {
  for (const [key, option] of Object.entries(SETTINGS)) {
    assert.deepEqual(declaredPart(declared[`recur.${key}`]), expectedDeclaration(option), `recur.${key}`);
  }
});

test('the comparison sees a difference (so the test above can fail)', () => {
  const changed: DeclaredSetting = { ...declared['recur.model.hiddenSize'], maximum: 4096 };
  assert.notDeepEqual(declaredPart(changed), expectedDeclaration(SETTINGS['model.hiddenSize']));
});

test("the CLI's corpus flags default to the settings' defaults and refuse what the settings refuse", () => {
  const fromFlags = corpusOptions(parseFlags([], CORPUS_FLAGS));
  assert.equal(fromFlags.maxTotalBytes, (declared['recur.corpus.maxTotalSizeMB'].default as number) * 1024 * 1024);
  assert.equal(fromFlags.maxFileBytes, (declared['recur.corpus.maxFileSizeKB'].default as number) * 1024);
  assert.equal(fromFlags.maxLineLength, declared['recur.corpus.maxLineLength'].default);
  const minLine = declared['recur.corpus.maxLineLength'].minimum!;
  assert.equal(corpusOptions(parseFlags(['--max-line', String(minLine)], CORPUS_FLAGS)).maxLineLength, minLine);
  assert.throws(() => corpusOptions(parseFlags(['--max-line', String(minLine - 1)], CORPUS_FLAGS)), new RegExp(`--max-line must be an integer >= ${minLine}`));
});

test('automatic threads: one below MULTI_THREAD_MIN_BATCH (a second thread measured slower), then half the cores (extension) or all (CLI), at least 1', () => {
  assert.equal(automaticThreads(DEFAULT_TRAIN_CONFIG.batchSize, 'half', 8), 1);
  assert.equal(automaticThreads(MULTI_THREAD_MIN_BATCH - 1, 'all', 8), 1);
  assert.equal(automaticThreads(MULTI_THREAD_MIN_BATCH, 'half', 8), 4);
  assert.equal(automaticThreads(MULTI_THREAD_MIN_BATCH, 'all', 8), 8);
  assert.equal(automaticThreads(256, 'half', 1), 1);
  assert.ok(DEFAULT_TRAIN_CONFIG.batchSize < MULTI_THREAD_MIN_BATCH, 'the default configuration trains on one thread, as measured fastest');
});

test('a setting the option cannot take reads as its default, with one line naming the setting and the fix', () => {
  const exclude = checkedSetting('corpus.exclude', 5);
  assert.deepEqual(exclude.value, []);
  assert.equal(
    exclude.problem,
    'recur.corpus.exclude must be a list of glob patterns (e.g. "**/generated/**"), not 5: Recur uses the default, []. Fix it in your user or workspace settings (Preferences: Open Settings), or remove it.',
  );
  assert.match(checkedSetting('model.layers', 9).problem!, /^recur\.model\.layers must be an integer >= 1 <= 4, not 9: Recur uses the default, 2\./);
  assert.match(checkedSetting('model.cell', 'lstmm').problem!, /^recur\.model\.cell must be one of "lstm", "gru", "rnn", not "lstmm"/);
  assert.match(checkedSetting('model.useBaseModel', 'yes').problem!, /^recur\.model\.useBaseModel must be true or false, not "yes"/);
  assert.match(checkedSetting('completions.languages', { python: 'on' }).problem!, /^recur\.completions\.languages must be an object of language ids/);
  assert.match(checkedSetting('training.learningRate', Number.NaN).problem!, /not NaN/);
  for (const [key, value] of [
    ['corpus.exclude', ['**/gen/**']],
    ['model.layers', 3],
    ['completions.languages', { python: false }],
    ['model.useBaseModel', false],
  ] as const) {
    assert.deepEqual(checkedSetting(key, value), { value }, `${key} = ${JSON.stringify(value)} is taken`);
  }
  assert.deepEqual(checkedSetting('model.hiddenSize', undefined), { value: 256 }, 'unset: the default, no problem');
});

test('Restricted Mode: package.json restricts exactly the settings that size memory, CPU time and reading', () => {
  const trust = manifest.capabilities.untrustedWorkspaces;
  assert.equal(trust.supported, 'limited');
  assert.deepEqual([...trust.restrictedConfigurations].sort(), RESTRICTED_SETTINGS.map((k) => `recur.${k}`).sort());
  // Every setting with an unbounded or memory-sized range is among them.
  for (const key of ['context.memoryMB', 'corpus.maxTotalSizeMB', 'training.threads', 'model.hiddenSize'] as const) assert.ok(RESTRICTED_SETTINGS.includes(key), key);
});
