// --backend auto|tensorflow|wasm for the commands that run a network through a training
// backend (train, eval): the choice is the entry point's (../core/train/chooseBackend.ts).
// A named backend that does not load here fails with one line that says what to do instead.
import type { TrainingBackend } from '../core/train/backend';
import { BACKEND_CHOICES, type BackendChoice, chooseBackend } from '../core/train/chooseBackend';
import { type FlagSpec, type ParsedArgs, stringFlag } from './args';
import { CliError, progress } from './output';

export const BACKEND_FLAGS: FlagSpec = { strings: ['backend'] };

/** The --backend flag's choice (default 'auto'), checked against this build's backends. */
export function backendFlag(args: ParsedArgs): BackendChoice {
  const value = stringFlag(args, 'backend') ?? 'auto';
  if (!(BACKEND_CHOICES as readonly string[]).includes(value)) throw new CliError(`--backend must be one of ${BACKEND_CHOICES.join(', ')}, not "${value}"`);
  return value as BackendChoice;
}

/** Loads the chosen backend; with 'auto', says on stderr which one was passed over and why (unless quiet). */
export async function loadBackendOrFail(choice: BackendChoice, threads: number | undefined, quiet: boolean): Promise<TrainingBackend> {
  try {
    return await chooseBackend(choice, {
      threads,
      onUnavailable: (name, reason) => {
        if (!quiet) progress(`note: the ${name} backend is not available here (${reason}); using the next one`);
      },
    });
  } catch (err) {
    const message = (err as Error).message.split('\n')[0];
    if (choice === 'tensorflow') throw new CliError(`--backend tensorflow: tfjs-node cannot be loaded here (${message}); use --backend wasm (the portable backend) or --backend auto`);
    throw new CliError(`--backend ${choice}: ${message}`);
  }
}
