// The portable training backend: WebAssembly SIMD, no native code, no tfjs (../backend.ts's
// TrainingBackend). createPortableBackend() compiles the kernels once (throwing a clear
// Error where WebAssembly SIMD is missing) and makes networks that share them.
//   threads: the matrix products' threads (1 = this thread alone; more: worker threads on
//            the shared memory, threads.ts)
import type { AdamState } from '../../model/checkpoint';
import type { ModelConfig } from '../../model/config';
import type { Weights } from '../../model/weights';
import { compileKernels } from './kernels';
import { PortableNetwork } from './network';
import type { TrainingBackend } from '../backend';

export interface PortableBackendOptions {
  threads?: number;
  /** Use the relaxed-SIMD (fused multiply-add) product where the runtime has it; default true. */
  relaxed?: boolean;
}

export function createPortableBackend(options: PortableBackendOptions = {}): TrainingBackend & { createNetwork(config: ModelConfig, weights: Weights, optimizer?: AdamState): PortableNetwork } {
  const kernels = compileKernels({ relaxed: options.relaxed });
  const threads = Math.max(1, Math.floor(options.threads ?? 1));
  return {
    name: 'wasm',
    description: `WebAssembly (portable, SIMD${kernels.relaxed ? ' with fused multiply-add' : ''}, ${threads} thread${threads === 1 ? '' : 's'})`,
    createNetwork: (config, weights, optimizer) => new PortableNetwork(config, weights, optimizer, { kernels, threads }),
  };
}
