// Which training backend a run uses (./backend.ts): chosen here, by the entry points only
// (src/worker/trainingWorker.ts, `recur train`, `recur eval`), so that the training program
// never names one. A backend is loaded only when chosen: tfjs-node loads libtensorflow.
//   'auto'        the first of AUTO_ORDER that loads here
//   a name        that backend, or an Error saying which ones this build has
// To add a backend: its folder beside tf/, one line in BACKENDS, and its place in AUTO_ORDER.
import type { BackendName, TrainingBackend } from './backend';

export type BackendChoice = 'auto' | BackendName;

export interface BackendOptions {
  /** CPU threads the backend may use (undefined: what the environment says, ../threadLimits.ts). */
  threads?: number;
}

const BACKENDS: Partial<Record<BackendName, (options: BackendOptions) => Promise<TrainingBackend>>> = {
  tensorflow: async (options) => (await import('./tf/tfjsBackend')).createTfjsBackend(options),
};

/** What 'auto' tries, in order. */
const AUTO_ORDER: readonly BackendName[] = ['tensorflow'];

export async function chooseBackend(requested: BackendChoice = 'auto', options: BackendOptions = {}): Promise<TrainingBackend> {
  if (requested !== 'auto') {
    const create = BACKENDS[requested];
    if (!create) throw new Error(`the training backend "${requested}" is not part of this build of Recur; available: ${availableBackends().join(', ')} (or "auto")`);
    return create(options);
  }
  let firstError: unknown;
  for (const name of AUTO_ORDER) {
    try {
      return await BACKENDS[name]!(options);
    } catch (err) {
      firstError ??= err;
    }
  }
  throw firstError;
}

/** The backends this build has. */
export function availableBackends(): BackendName[] {
  return Object.keys(BACKENDS) as BackendName[];
}
