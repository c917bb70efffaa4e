// Every `recur.*` setting and the option it sets: its default and range, declared next to
// the core type it configures (core/options.ts). settings.ts reads the settings through this
// table; package.json declares the same defaults, minimums, maximums and enums for VS Code's
// settings editor, and a unit test (test/unit/settings.test.ts) holds the two together. The
// settings only the editor has (suggestions on/off, debounce, the panel) are declared here.
// checkedSetting judges a value read from the configuration. No vscode import, so the test
// can read it.
import { booleanOption, integerOption, listOfStrings, mapOfBooleans, type Option, optionProblem, quoteValue, valueOption } from './core/options';
import { CONTEXT_MEMORY_OPTION, MODEL_OPTIONS, TRAIN_OPTIONS } from './core/model/config';
import { CORPUS_OPTIONS } from './core/corpus/readCorpus';
import { ENGINE_OPTIONS } from './core/complete/completionEngine';
import { THREADS_OPTION } from './core/threadLimits';

/** The editor's own settings: what no core type holds. */
export const EDITOR_OPTIONS = {
  useBaseModel: booleanOption(true),
  completionsEnabled: booleanOption(true),
  languages: valueOption<Readonly<Record<string, boolean>>>({ '*': true, plaintext: false, markdown: false, scminput: false }, mapOfBooleans('language ids (or "*")')),
  debounceMs: integerOption(0, { min: 0, max: 2000 }),
  windowCharacters: integerOption(600, { min: 50, max: 4000 }),
  followDebounceMs: integerOption(300, { min: 0, max: 5000 }),
  corpusExclude: valueOption<readonly string[]>([], listOfStrings('glob patterns (e.g. "**/generated/**")')),
} as const;

/** Setting key (without "recur.") -> the option it sets. */
export const SETTINGS = {
  'model.useBaseModel': EDITOR_OPTIONS.useBaseModel,
  'model.cell': MODEL_OPTIONS.cell,
  'model.layers': MODEL_OPTIONS.layers,
  'model.hiddenSize': MODEL_OPTIONS.hiddenSize,
  'model.embeddingSize': MODEL_OPTIONS.embeddingSize,
  'training.sequenceLength': TRAIN_OPTIONS.seqLength,
  'training.batchSize': TRAIN_OPTIONS.batchSize,
  'training.clipNorm': TRAIN_OPTIONS.clipNorm,
  'training.learningRate': TRAIN_OPTIONS.learningRate,
  'training.maxMinutes': TRAIN_OPTIONS.maxMinutes,
  'training.maxSteps': TRAIN_OPTIONS.maxSteps,
  'training.threads': THREADS_OPTION,
  'corpus.maxTotalSizeMB': CORPUS_OPTIONS.maxTotalSizeMB,
  'corpus.maxFileSizeKB': CORPUS_OPTIONS.maxFileSizeKB,
  'corpus.maxLineLength': CORPUS_OPTIONS.maxLineLength,
  'corpus.exclude': EDITOR_OPTIONS.corpusExclude,
  'context.memoryMB': CONTEXT_MEMORY_OPTION,
  'completions.enabled': EDITOR_OPTIONS.completionsEnabled,
  'completions.languages': EDITOR_OPTIONS.languages,
  'completions.contextLength': ENGINE_OPTIONS.contextLength,
  'completions.maxLines': ENGINE_OPTIONS.maxLines,
  'completions.maxCharacters': ENGINE_OPTIONS.maxCharacters,
  'completions.minAcceptProbability': ENGINE_OPTIONS.minAcceptProbability,
  'completions.multiLineMinProbability': ENGINE_OPTIONS.multiLineMinProbability,
  'completions.candidates': ENGINE_OPTIONS.candidates,
  'completions.sampleTemperature': ENGINE_OPTIONS.sampleTemperature,
  'completions.sampleSeed': ENGINE_OPTIONS.sampleSeed,
  'completions.debounceMs': EDITOR_OPTIONS.debounceMs,
  'panel.windowCharacters': EDITOR_OPTIONS.windowCharacters,
  'panel.followDebounceMs': EDITOR_OPTIONS.followDebounceMs,
} as const satisfies Record<string, Option>;

export type SettingKey = keyof typeof SETTINGS;

/**
 * The settings that size Recur's memory, CPU time or reading: in Restricted Mode (an untrusted
 * folder) VS Code ignores the workspace's values of these and gives the user's
 * (package.json: capabilities.untrustedWorkspaces.restrictedConfigurations lists the same).
 * The others only narrow what is read or change how suggestions look.
 */
export const RESTRICTED_SETTINGS: readonly SettingKey[] = [
  'model.layers',
  'model.hiddenSize',
  'model.embeddingSize',
  'training.sequenceLength',
  'training.batchSize',
  'training.maxMinutes',
  'training.maxSteps',
  'training.threads',
  'corpus.maxTotalSizeMB',
  'corpus.maxFileSizeKB',
  'corpus.maxLineLength',
  'context.memoryMB',
];

/** The value a setting of this key holds once checked (its option's type). */
export type SettingValue<K extends SettingKey> = (typeof SETTINGS)[K]['default'];

/**
 * A setting's value as Recur uses it: the user's value when its option takes it, else the
 * default and one line that names the setting, says what is wrong and how to fix it (the
 * one check: core/options.ts optionProblem, as for the CLI's flags and a checkpoint's
 * stored configuration).
 */
export function checkedSetting<K extends SettingKey>(key: K, value: unknown): { value: SettingValue<K>; problem?: string } {
  const option: Option = SETTINGS[key];
  if (value === undefined) return { value: option.default as SettingValue<K> };
  const problem = optionProblem(option, value);
  if (!problem) return { value: value as SettingValue<K> };
  return {
    value: option.default as SettingValue<K>,
    problem: `recur.${key} ${problem}: Recur uses the default, ${quoteValue(option.default)}. Fix it in your user or workspace settings (Preferences: Open Settings), or remove it.`,
  };
}
