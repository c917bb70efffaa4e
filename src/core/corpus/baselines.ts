// Reference scores on the validation bytes, drawn by the panel as horizontal lines next to
// the model's curve: what a general-purpose compressor and a simple n-gram model achieve.
import { brotliCompressSync, constants } from 'node:zlib';
import type { BaselineScore } from '../../shared/metrics';
import { countChars } from '../vocabulary';
import { ByteNgramModel } from './ngram';

/** Bits per character of the validation bytes compressed by brotli at maximum quality. */
export function brotliBpc(validation: Uint8Array): number {
  const chars = countChars(validation);
  if (chars === 0) return NaN;
  const compressed = brotliCompressSync(validation, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_LGWIN]: constants.BROTLI_MAX_WINDOW_BITS,
      [constants.BROTLI_PARAM_SIZE_HINT]: validation.length,
    },
  });
  return (compressed.length * 8) / chars;
}

/** Training bytes the n-gram counts at most (keeps the baseline to about a second). */
export const NGRAM_MAX_TRAIN_BYTES = 4 * 1024 * 1024;

export function computeBaselines(train: Uint8Array, validation: Uint8Array, order = 3): BaselineScore[] {
  const scores: BaselineScore[] = [];
  const brotli = brotliBpc(validation);
  if (Number.isFinite(brotli)) scores.push({ name: 'brotli (max quality)', bpc: brotli });
  if (validation.length >= 2 && train.length > 0) {
    const ngram = new ByteNgramModel(order);
    ngram.train(train.subarray(0, NGRAM_MAX_TRAIN_BYTES));
    const bpc = ngram.bitsPerChar(validation);
    if (Number.isFinite(bpc)) scores.push({ name: `${order + 1}-gram bytes (Witten-Bell)`, bpc });
  }
  return scores;
}
