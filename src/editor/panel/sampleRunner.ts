// The sampling playground on the host: one sample at a time (a new request or a cancel stops
// the running one), drawn in slices (core/panel/sampling.ts) with progress about ten times a
// second, each update carrying the text so far and the surprisal of every sampled character.
import { sampleInSlices } from '../../core/panel/sampling';
import { yieldToEventLoop } from '../../core/slicing';
import { characterBytes, charSurprisal, textOfCharacters } from '../../core/panel/surprisal';
import type { SampleRequestMessage, SampleUpdate } from '../../shared/panelProtocol';
import type { InferenceModel } from '../../core/infer/inferenceModel';

const PROGRESS_EVERY_MS = 100;

export class SampleRunner {
  private running: number | undefined;
  private cancelledIds = new Set<number>();

  /** Stops the running sample (if it is `id`, or any when id is undefined). */
  cancel(id?: number): void {
    if (this.running !== undefined && (id === undefined || id === this.running)) this.cancelledIds.add(this.running);
  }

  async run(request: SampleRequestMessage, model: InferenceModel | undefined, post: (update: SampleUpdate) => void): Promise<void> {
    this.cancel();
    const started = performance.now();
    const update = (bytes: Uint8Array, probs: Float32Array, done: boolean, stop?: SampleUpdate['stop'], message?: string): SampleUpdate => {
      const chars = characterBytes(bytes);
      return { id: request.id, text: textOfCharacters(bytes, chars), surprisal: charSurprisal(probs, chars), done, stop, message, ms: Math.round(performance.now() - started) };
    };
    if (!model) {
      post(update(new Uint8Array(0), new Float32Array(0), true, 'noModel', 'No model yet: train one first.'));
      return;
    }
    const id = request.id;
    this.running = id;
    let lastProgress = started;
    try {
      const result = await sampleInSlices(
        model,
        { ...request, stopAtRepetition: true },
        {
          yieldNow: yieldToEventLoop,
          cancelled: () => this.cancelledIds.has(id),
          onProgress: (bytes, probs) => {
            const now = performance.now();
            if (now - lastProgress < PROGRESS_EVERY_MS) return;
            lastProgress = now;
            post(update(bytes, probs, false));
          },
        },
      );
      post(update(result.bytes, result.probs, true, result.stop));
    } catch (err) {
      post(update(new Uint8Array(0), new Float32Array(0), true, 'error', (err as Error).message));
    } finally {
      this.cancelledIds.delete(id);
      if (this.running === id) this.running = undefined;
    }
  }
}
