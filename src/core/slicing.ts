// Long model loops run in slices on the extension host (the completion provider, its
// prewarm, the panel's trace and sampling): a slice works for about `sliceMs`, then awaits
// `yieldNow()` so the editor's other work (typing, completions, messages) runs in between; `cancelled()` is checked before every unit of work, so stale
// work (the cursor moved on, the panel closed) stops early.

export interface SliceControl {
  /** Resolves when other work has had its turn (setImmediate on the extension host). */
  yieldNow(): Promise<void>;
  /** True when the result is no longer wanted. */
  cancelled(): boolean;
  /** Work per slice in milliseconds. Default 8. */
  sliceMs?: number;
  /** Clock in milliseconds (tests pass a fake one). Default performance.now. */
  now?(): number;
  /** Called just before each yield (e.g. to report progress). */
  onSliceEnd?(): void;
}

export const DEFAULT_SLICE_MS = 8;

/** A yield that lets timers and I/O run: setImmediate where it exists (Node), else a zero timeout. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => (typeof setImmediate === 'function' ? setImmediate(resolve) : setTimeout(resolve, 0)));
}

/**
 * Calls `step()` until it returns false, yielding whenever a slice has used its time.
 * Returns false when cancelled first.
 */
export async function sliceLoop(control: SliceControl, step: () => boolean): Promise<boolean> {
  const now = control.now ?? (() => performance.now());
  const budget = control.sliceMs ?? DEFAULT_SLICE_MS;
  let sliceStart = now();
  for (;;) {
    if (control.cancelled()) return false;
    if (!step()) return true;
    if (now() - sliceStart >= budget) {
      control.onSliceEnd?.();
      await control.yieldNow();
      sliceStart = now();
    }
  }
}

/** Calls work(from, to) over [0, total) in chunks of `chunk` items, in slices. False when cancelled. */
export function inSlices(total: number, chunk: number, control: SliceControl, work: (from: number, to: number) => void): Promise<boolean> {
  let from = 0;
  return sliceLoop(control, () => {
    if (from >= total) return false;
    const to = Math.min(total, from + chunk);
    work(from, to);
    from = to;
    return from < total;
  });
}
