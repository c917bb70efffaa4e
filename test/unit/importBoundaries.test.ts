// The import boundaries are eslint rules (eslint.config.mjs, run by `npm run lint`); these
// cases check that the rules catch what they are meant to, and let through what is allowed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { ESLint } from 'eslint';

const eslint = new ESLint({ cwd: path.resolve(__dirname, '..', '..') });

/** The boundary errors eslint reports for `source` as if it were the file `file`. */
async function boundaryErrors(file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${source}\nexport const used = x;\n`, { filePath: file });
  return result.messages.filter((m) => m.ruleId === '@typescript-eslint/no-restricted-imports').map((m) => m.message);
}

const cases: { file: string; source: string; allowed: boolean }[] = [
  { file: 'src/core/predict/probe.ts', source: "import * as x from 'vscode';", allowed: false },
  { file: 'src/core/train/probe.ts', source: "import * as x from 'vscode';", allowed: false },
  { file: 'src/core/model/probe.ts', source: "import * as x from '@tensorflow/tfjs-core';", allowed: false },
  { file: 'src/core/predict/probe.ts', source: "import { runTraining as x } from '../train/trainer';", allowed: false },
  { file: 'src/core/train/tf/probe.ts', source: "import * as x from '@tensorflow/tfjs-core';", allowed: true },
  { file: 'src/core/train/probe.ts', source: "import * as x from '@tensorflow/tfjs-core';", allowed: false },
  { file: 'src/core/train/probe.ts', source: "import { TrainableModel as x } from './tf/trainStep';", allowed: false },
  { file: 'src/core/train/probe.ts', source: "import type { TrainingBackend as x } from './backend';", allowed: true },
  { file: 'src/core/index/probe.ts', source: "import { runTraining as x } from '../train/trainer';", allowed: false },
  { file: 'src/worker/probe.ts', source: "import * as x from '@tensorflow/tfjs-node';", allowed: false },
  { file: 'src/cli/probe.ts', source: "import * as x from '@tensorflow/tfjs-node';", allowed: false },
  { file: 'src/cli/probe.ts', source: "import { chooseBackend as x } from '../core/train/chooseBackend';", allowed: true },
  { file: 'src/editor/training/probe.ts', source: "import type { TrainingBackend as x } from '../../core/train/backend';", allowed: false },
  { file: 'src/editor/probe.ts', source: "import * as x from '@tensorflow/tfjs-node';", allowed: false },
  { file: 'src/editor/training/probe.ts', source: "import { runTraining as x } from '../../core/train/trainer';", allowed: false },
  { file: 'src/editor/training/probe.ts', source: "import { loadTfjs as x } from '../../core/train/tf/loadTfjs';", allowed: false },
  { file: 'src/editor/training/probe.ts', source: "import { runWorkerJob as x } from '../../worker/runWorkerJob';", allowed: false },
  { file: 'src/editor/training/probe.ts', source: "import { command as x } from '../../cli/train';", allowed: false },
  { file: 'src/editor/training/probe.ts', source: "import { automaticThreads as x } from '../../core/threadLimits';", allowed: true },
  { file: 'src/cli/probe.ts', source: "import { runWorkerJob as x } from '../worker/runWorkerJob';", allowed: false },
  { file: 'src/cli/probe.ts', source: "import { automaticThreads as x } from '../core/threadLimits';", allowed: true },
  { file: 'src/extension.ts', source: "import * as x from '@tensorflow/tfjs-node';", allowed: false },
  { file: 'media/panel/probe.ts', source: "import { DEFAULT_MODEL_CONFIG as x } from '../../src/core/model/config';", allowed: false },
  { file: 'media/panel/probe.ts', source: "import { readPanelSettings as x } from '../../src/settings';", allowed: false },
  { file: 'media/panel/probe.ts', source: "import * as x from 'vscode';", allowed: false },
  { file: 'media/panel/probe.ts', source: "import { parseWebviewMessage as x } from '../../src/shared/panelProtocol';", allowed: true },
  { file: 'src/shared/probe.ts', source: "import { DEFAULT_MODEL_CONFIG as x } from '../core/model/config';", allowed: false },
  { file: 'src/shared/probe.ts', source: "import type { ModelConfig as x } from '../core/model/config';", allowed: false },
  { file: 'src/shared/probe.ts', source: "import type { ModelConfig as x } from './modelConfig';", allowed: true },
  { file: 'src/shared/probe.ts', source: "export type { ModelConfig as x } from '../core/model/config';", allowed: false },
  { file: 'src/shared/probe.ts', source: "import * as x from 'vscode';", allowed: false },
  { file: 'src/shared/probe.ts', source: "import { readFileSync as x } from 'node:fs';", allowed: false },
  { file: 'src/shared/present/probe.ts', source: "import type { MetricsHistory as x } from '../metrics';", allowed: true },
  { file: 'src/shared/present/probe.ts', source: "import type { ModelConfig as x } from '../../core/model/config';", allowed: false },
  { file: 'src/shared/present/probe.ts', source: "import { readFileSync as x } from 'node:fs';", allowed: false },
];

for (const c of cases) {
  test(`${c.allowed ? 'allowed' : 'refused'}: ${c.file}: ${c.source}`, async () => {
    const errors = await boundaryErrors(c.file, c.source);
    if (c.allowed) assert.deepEqual(errors, []);
    else assert.equal(errors.length, 1, `one boundary error, got ${JSON.stringify(errors)}`);
  });
}
