// Simple features of a text, per character, and which units of the network track them.
//
// Karpathy, Johnson & Fei-Fei (Visualizing and Understanding Recurrent Networks) found by
// hand LSTM cells that turn on inside quotes, count indentation or follow the position in a
// line. The activations view finds such units for the user: for each feature below, the
// Pearson correlation of every unit (every layer, h and c) with the feature over the window,
// and the units with the largest |r|.
//
// A feature's value at character k describes the text after reading character k (as a
// unit's state row k is the state after character k): "inside a string" is 1 from the
// opening quote up to the character before the closing one. The lexer is deliberately
// simple and language-agnostic (quotes ' " `, // and /* */ comments, # comments at the start
// of a line's code); it reads `prefix` (the text before the window) first so a window that
// starts inside a string or a comment knows it. The list of features (TEXT_FEATURES) and the
// shape of the result are part of the panel's protocol (src/shared/panelProtocol.ts).
import { type FeatureTrack, TEXT_FEATURES, type TextFeatureId, type UnitCorrelation, type UnitRef } from '../../shared/panelProtocol';
import { type SliceControl, sliceLoop } from '../slicing';

/** Per feature, a value per character [C]. */
export type TextFeatureValues = Record<TextFeatureId, Float32Array>;

const isWordChar = (c: string) => /[\p{L}\p{N}_$]/u.test(c);

/** The lexical state after each character: inside a string or comment, bracket depth, the line's layout. */
class Lexer {
  private quote = ''; // the open quote, or ''
  private escaped = false;
  private comment: '' | 'line' | 'block' = '';
  depth = 0;
  column = 0;
  indent = 0;
  private inIndent = true;
  private lineHasCode = false;
  previous = '\n';
  /** Whether the character just read is inside a string / a comment. */
  stringNow = false;
  commentNow = false;

  /** Reads character `c` (`next` is the one after it, or ''). */
  read(c: string, next: string): void {
    if (this.previous !== '\n') this.column++;
    else this.column = 0;
    this.readLexical(c, next);
    this.readLayout(c);
  }

  /** Strings, comments and brackets. */
  private readLexical(c: string, next: string): void {
    this.stringNow = this.quote !== '';
    this.commentNow = this.comment !== '';
    if (c === '\n') {
      if (this.comment === 'line') this.comment = '';
      if (this.quote === '"' || this.quote === "'") this.quote = ''; // an unterminated string ends with its line
      this.escaped = false;
      this.commentNow = this.comment !== '';
      this.stringNow = this.quote !== '';
    } else if (this.comment === 'block') {
      if (c === '/' && this.previous === '*') {
        this.comment = '';
        this.commentNow = true; // the closing slash still belongs to the comment
      }
    } else if (this.comment === 'line') {
      // to the end of the line
    } else if (this.quote) this.readInString(c);
    else this.readInCode(c, next);
  }

  private readInString(c: string): void {
    if (this.escaped) this.escaped = false;
    else if (c === '\\') this.escaped = true;
    else if (c === this.quote) {
      this.quote = '';
      this.stringNow = false; // after the closing quote the string is over
    }
  }

  private readInCode(c: string, next: string): void {
    if (c === '"' || c === "'" || c === '`') {
      this.quote = c;
      this.stringNow = true;
    } else if ((c === '/' && (next === '/' || next === '*')) || (c === '#' && !this.lineHasCode)) {
      this.comment = c === '/' && next === '*' ? 'block' : 'line';
      this.commentNow = true;
    } else if (c === '(' || c === '[' || c === '{') this.depth++;
    else if (c === ')' || c === ']' || c === '}') this.depth = Math.max(0, this.depth - 1);
  }

  /** Indentation and whether the line has code yet. */
  private readLayout(c: string): void {
    if (c === '\n') {
      this.indent = 0;
      this.inIndent = true;
      this.lineHasCode = false;
    } else if (this.inIndent && (c === ' ' || c === '\t')) this.indent += c === '\t' ? 4 : 1;
    else {
      this.inIndent = false;
      if (c !== ' ' && c !== '\t') this.lineHasCode = true;
    }
  }
}

/** The features of `text` (one value per code point), after reading `prefix` for the lexical state. */
export function textFeatures(text: string, prefix = ''): TextFeatureValues {
  const chars = Array.from(text);
  const C = chars.length;
  const out = Object.fromEntries(TEXT_FEATURES.map((f) => [f.id, new Float32Array(C)])) as TextFeatureValues;
  const all = Array.from(prefix).concat(chars);
  const offset = all.length - C;
  const lexer = new Lexer();
  for (let i = 0; i < all.length; i++) {
    const c = all[i];
    const previous = lexer.previous;
    lexer.read(c, all[i + 1] ?? '');
    lexer.previous = c;
    const k = i - offset;
    if (k < 0) continue;
    out.string[k] = lexer.stringNow ? 1 : 0;
    out.comment[k] = lexer.commentNow ? 1 : 0;
    out.depth[k] = lexer.depth;
    out.indent[k] = lexer.indent;
    out.column[k] = c === '\n' ? 0 : lexer.column;
    const word = isWordChar(c);
    out.identStart[k] = word && !isWordChar(previous) && !/\p{N}/u.test(c) ? 1 : 0;
    out.inWord[k] = word ? 1 : 0;
    out.afterNewline[k] = c === '\n' ? 1 : 0;
    out.space[k] = c === ' ' || c === '\t' ? 1 : 0;
  }
  return out;
}

/**
 * Pearson correlation of every column of values [C*H] with feature [C]: [H] (NaN where the
 * unit or the feature is constant).
 */
export function correlations(values: Float32Array, C: number, H: number, feature: Float32Array): Float32Array {
  const out = new Float32Array(H).fill(NaN);
  if (C < 2) return out;
  let fMean = 0;
  for (let k = 0; k < C; k++) fMean += feature[k];
  fMean /= C;
  let fVar = 0;
  for (let k = 0; k < C; k++) fVar += (feature[k] - fMean) ** 2;
  if (!(fVar > 0)) return out;
  const mean = new Float64Array(H);
  for (let k = 0; k < C; k++) for (let j = 0; j < H; j++) mean[j] += values[k * H + j];
  for (let j = 0; j < H; j++) mean[j] /= C;
  const cov = new Float64Array(H);
  const sq = new Float64Array(H);
  for (let k = 0; k < C; k++) {
    const f = feature[k] - fMean;
    for (let j = 0; j < H; j++) {
      const d = values[k * H + j] - mean[j];
      cov[j] += d * f;
      sq[j] += d * d;
    }
  }
  for (let j = 0; j < H; j++) if (sq[j] > 1e-12) out[j] = cov[j] / Math.sqrt(sq[j] * fVar);
  return out;
}

/** A layer's state over the window, as the analysis holds it. */
export interface StateMatrix extends Omit<UnitRef, 'unit'> {
  values: Float32Array; // [C*H]
}

/** For each feature, the `top` units (over every layer and state kind given) whose activation correlates most with it. */
export function featureTracks(states: StateMatrix[], C: number, H: number, features: TextFeatureValues, top = 3): FeatureTrack[] {
  const found = TEXT_FEATURES.map((): UnitCorrelation[] => []);
  for (let f = 0; f < TEXT_FEATURES.length; f++) for (const s of states) collect(found[f], s, C, H, features[TEXT_FEATURES[f].id]);
  return tracksOf(found, top);
}

/** featureTracks in slices (one state matrix and feature per unit of work: a few milliseconds on a 2,000-character window); undefined when cancelled. */
export async function featureTracksInSlices(states: StateMatrix[], C: number, H: number, features: TextFeatureValues, control: SliceControl, top = 3): Promise<FeatureTrack[] | undefined> {
  const found = TEXT_FEATURES.map((): UnitCorrelation[] => []);
  let i = 0;
  const total = TEXT_FEATURES.length * states.length;
  const done = await sliceLoop(control, () => {
    if (i >= total) return false;
    const f = Math.floor(i / states.length);
    collect(found[f], states[i % states.length], C, H, features[TEXT_FEATURES[f].id]);
    i++;
    return i < total;
  });
  return done ? tracksOf(found, top) : undefined;
}

function collect(into: UnitCorrelation[], s: StateMatrix, C: number, H: number, feature: Float32Array): void {
  const r = correlations(s.values, C, H, feature);
  for (let j = 0; j < H; j++) if (Number.isFinite(r[j])) into.push({ layer: s.layer, kind: s.kind, unit: j, r: r[j] });
}

function tracksOf(found: UnitCorrelation[][], top: number): FeatureTrack[] {
  return TEXT_FEATURES.map(({ id }, f) => ({ feature: id, units: found[f].sort((a, b) => Math.abs(b.r) - Math.abs(a.r)).slice(0, top) }));
}
