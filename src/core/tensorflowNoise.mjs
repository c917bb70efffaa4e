// The lines libtensorflow prints on stderr as it loads, which say nothing to a user, and a
// filter that drops them from a child process's stderr (everything else passes, in order).
// No environment variable silences these lines short of turning oneDNN off (why:
// docs/decisions.md), so they are filtered where we start the processes that load
// libtensorflow: the training process (its log), and the test runners (`npm test`'s output). Plain JavaScript, so that the scripts share it.

/** The known start-up lines (anchored: a line that merely mentions oneDNN passes). */
export const TENSORFLOW_STARTUP_NOISE = [
  /^WARNING: All log messages before absl::InitializeLog\(\) is called are written to STDERR$/,
  /^I\d{4} [\d:.]+\s+\d+ port\.cc:\d+\] oneDNN custom operations are on\. /,
];

/**
 * Whether a line (without its newline; a "# " prefix, as node --test prints a child's
 * stderr, is allowed) is one of TensorFlow's start-up lines.
 * @param {string} line
 * @returns {boolean}
 */
export function isTensorflowNoise(line) {
  const text = line.replace(/\r$/, '').replace(/^# /, '');
  return TENSORFLOW_STARTUP_NOISE.some((pattern) => pattern.test(text));
}

/**
 * A line filter for a stream of text: `write` receives every complete line that is not
 * TensorFlow's start-up noise (with its newline), and at `end` whatever is left.
 * @param {(text: string) => void} write
 * @returns {{ push(chunk: string | Uint8Array): void; end(): void }}
 */
export function tensorflowNoiseFilter(write) {
  const decoder = new TextDecoder();
  let pending = '';
  return {
    push(chunk) {
      pending += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
      let newline;
      let kept = '';
      while ((newline = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, newline);
        pending = pending.slice(newline + 1);
        if (!isTensorflowNoise(line)) kept += `${line}\n`;
      }
      if (kept) write(kept);
    },
    end() {
      pending += decoder.decode();
      if (pending && !isTensorflowNoise(pending)) write(pending);
      pending = '';
    },
  };
}
