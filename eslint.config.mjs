// `npm run lint`: eslint + typescript-eslint on the sources and tests, and the import
// boundaries the design depends on (README, "Architecture"):
//   - src/core never imports vscode; only its training side (src/core/train/) imports tfjs;
//   - the portable training backend (src/core/train/portable/) runs where tfjs-node cannot
//     load: no tfjs, and nothing of the training side that imports it;
//   - src/shared (the contracts the host, the worker and the webview share) imports nothing
//     from the host but types;
//   - the webview (media/) imports only src/shared;
//   - the editor (what the extension host loads) never imports tfjs or the training side,
//     so libtensorflow stays out of the editor's process.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const TFJS = { group: ['@tensorflow/*'], message: 'tfjs is loaded by the training side only (src/core/train/, src/worker/).' };
const VSCODE = { name: 'vscode', message: 'src/core and src/shared run outside VS Code (the CLI, the worker, the webview): no vscode imports.' };
const TRAINING_SIDE = {
  group: ['**/core/train/**', '**/worker/loadTfjs', '**/worker/runWorkerJob', '**/worker/trainingWorker'],
  message: 'The editor runs training in a child process (src/editor/training/trainingProcess.ts); importing the training side would load tfjs into the extension host.',
};
const TFJS_TRAINING = {
  group: ['**/train/tf/**', '**/train/tf', '../tf', '../tf/**', '../adam', '../evaluate', '../trainer', '../trainStep', '../clipping', '../evaluateStack'],
  message: 'The portable backend must load without tfjs: import the tfjs-free modules (../adamMath, ../evaluationWindows, ../../model/*) instead.',
};
const CLI = { group: ['**/cli/**', '**/cli'], message: 'The CLI is a separate program (dist/cli.js); share code through src/core instead.' };

/** no-restricted-imports with these names and patterns (type-only imports allowed where `allowTypes`). */
function restrict({ paths = [], patterns = [], allowTypes = false }) {
  const allow = allowTypes ? { allowTypeImports: true } : {};
  return {
    'no-restricted-imports': 'off',
    '@typescript-eslint/no-restricted-imports': ['error', { paths: paths.map((p) => ({ ...p, ...allow })), patterns: patterns.map((p) => ({ ...p, ...allow })) }],
  };
}

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', 'test-output/**', 'test/fixtures/**', '**/*Module.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
      // Hot loops write `out[next++] = ...` to the last slot on purpose.
      'no-useless-assignment': 'off',
    },
  },
  { files: ['**/*.cjs', 'bin/**/*.js'], languageOptions: { sourceType: 'commonjs', globals: globals.node }, rules: { '@typescript-eslint/no-require-imports': 'off' } },
  { files: ['**/*.mjs', 'scripts/**', 'bin/**'], languageOptions: { globals: globals.node } },
  { files: ['media/**'], languageOptions: { globals: globals.browser } },

  { files: ['src/core/**'], ignores: ['src/core/train/**'], rules: restrict({ paths: [VSCODE], patterns: [TFJS, { group: ['**/train/**'], message: 'Outside src/core/train/, core code must not depend on the training side (it imports tfjs).' }] }) },
  { files: ['src/core/train/**'], ignores: ['src/core/train/portable/**'], rules: restrict({ paths: [VSCODE] }) },
  { files: ['src/core/train/portable/**'], rules: restrict({ paths: [VSCODE], patterns: [TFJS, TFJS_TRAINING] }) },
  {
    files: ['src/shared/**'],
    rules: restrict({
      paths: [VSCODE],
      patterns: [TFJS, { group: ['node:*', '**/core/**', '**/editor/**', '**/worker/**', '**/cli/**'], message: 'src/shared is bundled into the webview too: only types from the host side.' }],
      allowTypes: true,
    }),
  },
  {
    files: ['media/**'],
    rules: restrict({
      paths: [{ name: 'vscode', message: 'The webview talks to the host through messages (src/shared/panelProtocol.ts).' }],
      patterns: [TFJS, { group: ['node:*', '**/src/core/**', '**/src/editor/**', '**/src/worker/**', '**/src/cli/**', '**/src/cli', '**/src/settings*', '**/src/extension'], message: 'The webview imports only the shared contracts (src/shared/).' }],
    }),
  },
  { files: ['src/editor/**', 'src/extension.ts', 'src/settings.ts', 'src/settingSpecs.ts'], rules: restrict({ patterns: [TFJS, TRAINING_SIDE, CLI] }) },
);
