// Which training backend a run uses (./backend.ts): chosen here, by the entry points only
// (src/worker/trainingWorker.ts, `recur train`, `recur eval`), so that the training program
// never names one. A backend is loaded only when chosen:
//   'tensorflow'  tfjs-node (tf/): TensorFlow's native kernels; loading it loads libtensorflow,
//                 which a universal VSIX does not ship (require fails: caught below)
//   'wasm'        the portable backend (portable/): WebAssembly SIMD, no native code, no tfjs
//   'auto'        the first of AUTO_ORDER that loads here: tfjs-node where its binding
//                 loads, else the portable backend
//   a name        that backend, or an Error saying which ones this build has
// There is no 'cpu' backend: the portable one runs wherever VS Code runs (WebAssembly SIMD is
// in every supported Node and Electron).
// To add a backend: its folder beside tf/, one line in BACKENDS, and its place in AUTO_ORDER.
import type { BackendName, TrainingBackend } from './backend';

export type BackendChoice = 'auto' | BackendName;

export interface BackendOptions {
  /**
   * CPU threads, when the user chose a number (--threads). Undefined: each backend's default:
   * tfjs-node the limit already in the environment (../threadLimits.ts; the training
   * process's parent and `recur train` set it), the portable backend PORTABLE_DEFAULT_THREADS.
   */
  threads?: number;
  /** Told when 'auto' passes over a backend that does not load here, with the reason. */
  onUnavailable?: (name: BackendName, reason: string) => void;
}

/** The portable backend's threads unless told: a second thread was not measured to gain (README, "portable training backend"). */
export const PORTABLE_DEFAULT_THREADS = 1;

const BACKENDS: Partial<Record<BackendName, (options: BackendOptions) => Promise<TrainingBackend>>> = {
  tensorflow: async (options) => (await import('./tf/tfjsBackend')).createTfjsBackend(options),
  wasm: async (options) => (await import('./portable/backend')).createPortableBackend({ threads: options.threads ?? PORTABLE_DEFAULT_THREADS }),
};

/** What 'auto' tries, in order. */
const AUTO_ORDER: readonly BackendName[] = ['tensorflow', 'wasm'];

/** The names `--backend` takes. */
export const BACKEND_CHOICES: readonly BackendChoice[] = ['auto', ...(Object.keys(BACKENDS) as BackendName[])];

export async function chooseBackend(requested: BackendChoice = 'auto', options: BackendOptions = {}): Promise<TrainingBackend> {
  if (requested !== 'auto') {
    const create = BACKENDS[requested];
    if (!create) throw new Error(`the training backend "${requested}" is not part of this build of Recur; available: ${availableBackends().join(', ')} (or "auto")`);
    return create(options);
  }
  const reasons: string[] = [];
  for (const name of AUTO_ORDER) {
    try {
      return await BACKENDS[name]!(options);
    } catch (err) {
      const reason = unavailableReason(name, err);
      reasons.push(`${name}: ${reason}`);
      options.onUnavailable?.(name, reason);
    }
  }
  throw new Error(`no training backend loads here (${reasons.join('; ')})`);
}

/** The backends this build has. */
export function availableBackends(): BackendName[] {
  return Object.keys(BACKENDS) as BackendName[];
}

/** One line on why a backend did not load: a missing tfjs-node says so plainly, other errors as they are. */
function unavailableReason(name: BackendName, err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  if (name === 'tensorflow' && /Cannot find module '@tensorflow\/tfjs-(node|core)'/.test(message)) return 'tfjs-node is not installed: a universal VSIX does not ship it';
  return message.split('\n')[0];
}
