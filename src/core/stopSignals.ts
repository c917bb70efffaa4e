// SIGINT (Ctrl-C) and SIGTERM (kill, a service manager, a shutdown) end a training run the
// way a stop request does: the run stops after its current step and writes its latest
// checkpoint, so the steps since the last save are kept. A second signal ends the process at
// once, and so does the grace period running out (a run that is still reading a large
// workspace has nothing to save yet). Used by `recur train` and the training process.

/** How long a run may take to stop and save after the first signal. */
export const STOP_GRACE_MS = 15_000;

const EXIT_CODES: Record<'SIGINT' | 'SIGTERM', number> = { SIGINT: 130, SIGTERM: 143 };

/**
 * Calls `onStop(signal)` on the first SIGINT or SIGTERM; the second, or STOP_GRACE_MS later,
 * exits with 128 + the signal's number. Returns a function that removes the handlers.
 */
export function onStopSignals(onStop: (signal: 'SIGINT' | 'SIGTERM') => void, graceMs = STOP_GRACE_MS): () => void {
  let stopping = false;
  let timer: NodeJS.Timeout | undefined;
  const handle = (signal: 'SIGINT' | 'SIGTERM') => {
    if (stopping) process.exit(EXIT_CODES[signal]);
    stopping = true;
    timer = setTimeout(() => process.exit(EXIT_CODES[signal]), graceMs);
    timer.unref();
    onStop(signal);
  };
  const onInt = () => handle('SIGINT');
  const onTerm = () => handle('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  return () => {
    clearTimeout(timer);
    process.off('SIGINT', onInt);
    process.off('SIGTERM', onTerm);
  };
}
