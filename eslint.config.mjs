// `npm run lint`: eslint + typescript-eslint on the sources and tests, and the import
// boundaries the design depends on (README, "Architecture"):
//   - src/core never imports vscode; only the tfjs-node backend (src/core/train/tf/) imports
//     tfjs, and the training program around it (the rest of src/core/train/) imports no
//     backend: an entry point chooses one (src/core/train/chooseBackend.ts);
//   - the backends (src/core/train/tf/, src/core/train/portable/) do not import each other:
//     the portable one runs where tfjs-node cannot load, so it imports no tfjs at all;
//   - outside src/core/train/, core code does not import the training side;
//   - src/shared (the contracts the host, the worker and the webview share) imports nothing
//     outside src/shared, not even types;
//   - the webview (media/) imports only src/shared;
//   - the editor (what the extension host loads) never imports tfjs or src/core/train, so
//     libtensorflow stays out of the editor's process;
//   - nothing imports the training process (src/worker/) or the CLI: the editor starts the
//     worker by its file, and what they share is in src/core.
// test/unit/importGraph.test.ts checks what per-import rules cannot: no import loops.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const TFJS = { group: ['@tensorflow/*'], message: 'Only the tfjs-node training backend (src/core/train/tf/) imports tfjs; elsewhere use the backend interface (src/core/train/backend.ts).' };
const VSCODE = { name: 'vscode', message: 'src/core and src/shared run outside VS Code (the CLI, the worker, the webview): no vscode imports.' };
const TRAINING_SIDE = {
  group: ['**/core/train/**', '**/core/train'],
  message: 'The editor runs training in a child process (src/editor/training/trainingProcess.ts); importing the training side would load tfjs into the extension host.',
};
const WORKER = {
  group: ['**/worker/**', '**/worker'],
  message: 'The training process (src/worker/) is a separate program (dist/worker.js), started by its file; share code through src/core instead.',
};
const CLI = { group: ['**/cli/**', '**/cli'], message: 'The CLI is a separate program (dist/cli.js); share code through src/core instead.' };
const EDITOR = { group: ['**/editor/**', '**/extension', '**/settings', '**/settingSpecs'], message: 'The editor side runs in the extension host; share code through src/core instead.' };
const BACKENDS = {
  group: ['**/tf/**', '**/tf', '**/portable/**', '**/portable'],
  message: 'The training program knows no backend: it gets a TrainingBackend (./backend.ts) from the entry point (./chooseBackend.ts).',
};
const TF_BACKEND = { group: ['**/tf/**', '**/tf'], message: 'The portable backend runs where tfjs-node cannot load: it imports nothing of the tfjs backend (src/core/train/tf/).' };
const PORTABLE_BACKEND = { group: ['**/portable/**', '**/portable'], message: 'The backends do not depend on each other; share backend-neutral code through src/core/train/ or src/core/model/.' };
const TRAIN = { group: ['**/train/**', '**/train'], message: 'Outside src/core/train/, core code must not depend on the training side (the training process and the CLI run it).' };

/** no-restricted-imports with these names and patterns (type-only imports too). One block per file: a later block's list replaces an earlier one's. */
function restrict({ paths = [], patterns = [] }) {
  return {
    'no-restricted-imports': 'off',
    '@typescript-eslint/no-restricted-imports': ['error', { paths, patterns }],
  };
}

export default tseslint.config(
  // Generated, not ours: builds, test output, and VS Code profiles (`npm start` keeps one in
  // .vscode-test/, whose local history holds copies of edited files).
  { ignores: ['dist/**', 'out/**', 'node_modules/**', 'test-output/**', '.vscode-test/**', '**/.vscode-test/**', 'test/fixtures/**', '**/*Module.ts', '*.vsix'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
      // Hot loops write `out[next++] = ...` to the last slot on purpose.
      'no-useless-assignment': 'off',
      // Small functions with one job each (a mocha suite's body counts: name its tests' bodies).
      'max-lines-per-function': ['error', { max: 60, skipBlankLines: true, skipComments: true }],
    },
  },
  { files: ['**/*.cjs', 'bin/**/*.js'], languageOptions: { sourceType: 'commonjs', globals: globals.node }, rules: { '@typescript-eslint/no-require-imports': 'off' } },
  { files: ['**/*.mjs', 'scripts/**', 'bin/**'], languageOptions: { globals: globals.node } },
  { files: ['media/**'], languageOptions: { globals: globals.browser } },

  { files: ['src/core/**'], ignores: ['src/core/train/**'], rules: restrict({ paths: [VSCODE], patterns: [TFJS, TRAIN] }) },
  {
    files: ['src/core/train/**'],
    ignores: ['src/core/train/tf/**', 'src/core/train/portable/**', 'src/core/train/chooseBackend.ts'],
    rules: restrict({ paths: [VSCODE], patterns: [TFJS, BACKENDS] }),
  },
  { files: ['src/core/train/chooseBackend.ts'], rules: restrict({ paths: [VSCODE], patterns: [TFJS] }) },
  { files: ['src/core/train/tf/**'], rules: restrict({ paths: [VSCODE], patterns: [PORTABLE_BACKEND] }) },
  { files: ['src/core/train/portable/**'], rules: restrict({ paths: [VSCODE], patterns: [TFJS, TF_BACKEND] }) },
  {
    files: ['src/shared/*'],
    rules: restrict({
      patterns: [{ regex: '^(?!\\./)', message: 'src/shared is the ground the host, the worker and the webview stand on: it imports only src/shared (not even types from elsewhere).' }],
    }),
  },
  {
    files: ['src/shared/*/**'],
    rules: restrict({
      patterns: [
        { regex: '^(?!\\.\\.?/)|^\\.\\./\\.\\.', message: 'src/shared is the ground the host, the worker and the webview stand on: it imports only src/shared (not even types from elsewhere).' },
      ],
    }),
  },
  {
    files: ['media/**'],
    rules: restrict({
      paths: [{ name: 'vscode', message: 'The webview talks to the host through messages (src/shared/panelProtocol.ts).' }],
      patterns: [
        TFJS,
        {
          group: ['node:*', '**/src/core/**', '**/src/editor/**', '**/src/worker/**', '**/src/cli/**', '**/src/cli', '**/src/settings*', '**/src/extension'],
          message: 'The webview imports only the shared contracts (src/shared/).',
        },
      ],
    }),
  },
  { files: ['src/editor/**', 'src/extension.ts', 'src/settings.ts', 'src/settingSpecs.ts'], rules: restrict({ patterns: [TFJS, TRAINING_SIDE, WORKER, CLI] }) },
  { files: ['src/cli/**', 'src/cli.ts'], rules: restrict({ paths: [VSCODE], patterns: [TFJS, WORKER, EDITOR] }) },
  { files: ['src/worker/**'], rules: restrict({ paths: [VSCODE], patterns: [TFJS, CLI, EDITOR] }) },
);
