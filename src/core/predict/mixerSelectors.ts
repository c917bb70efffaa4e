// What chooses the mixer's weight sets (mixer.ts: one selector per first-layer weight
// table): small contexts, each of `sets` values, computed per node after the predictors
// have written their inputs, so a selector may read what a predictor saw at that node.
// The mixer is sized from the sets each selector declares; the stack composes a list of
// them (stackComposition.ts), in the order of the mixer's weight tables.
//
//   bit node       c0, the bits of the byte read so far                         256
//   copy evidence  the document match's length bucket, the workspace match's     128
//                  (in 4 steps), and whether the word being typed is new to the
//                  context models (where a copy from the document is the best
//                  evidence there is)
//   previous byte  the byte before                                             256
//   word position  how far into a word the byte is (0-7) and the bit's depth     64
//   class shape    the byte classes of the last two runs of bytes (charClasses.ts: 1024
//                  cursor.classRuns' low 10 bits), so `foo.` and `x = quux.` share a set
//   bracket state  the open brackets ( [ { (0-3, more count as 3), the last one     192
//                  opened, whether the line so far is indentation, the bit's depth
// and one selector of the final layer's weight set:
//   depth x match  the bit's depth and the longer match that has a say at the node   40
//                  in 5 steps (none, 2-5, 6-15, 16-63, 64 and more bytes)
// (A selector by the network's confidence was measured and dropped: its sets train too slowly.)
import { MATCH_DOCUMENT, MATCH_WORKSPACE } from './matchModel';
import type { ByteStart, Predictor } from './predictor';
import { CONTEXT_NAMES } from './cursor';
import { ContextPredictor } from './predictors/contextPredictor';
import { MatchPredictor } from './predictors/matchPredictor';

export interface MixerSelector {
  begin(at: ByteStart): void;
  /** The weight set at node c0 (depth bits read), in [0, sets). */
  select(c0: number, depth: number): number;
}

export interface SelectorKind {
  readonly name: string;
  readonly sets: number;
  /** A selector over the stack's predictors (it may read those it needs; it throws when one is missing). */
  create(predictors: readonly Predictor[]): MixerSelector;
}

class BitNode implements MixerSelector {
  begin(): void {}

  select(c0: number): number {
    return c0;
  }
}

class PreviousByte implements MixerSelector {
  private c1 = 0;

  begin(at: ByteStart): void {
    this.c1 = at.cursor.back(0);
  }

  select(): number {
    return this.c1;
  }
}

class WordPosition implements MixerSelector {
  private wordLength = 0;

  begin(at: ByteStart): void {
    this.wordLength = at.cursor.wordLength;
  }

  select(_c0: number, depth: number): number {
    return Math.min(this.wordLength, 7) * 8 + depth;
  }
}

/** Two runs' classes, 5 bits each (charClasses.ts). */
const CLASS_SHAPE_SETS = 32 * 32;

class ClassShape implements MixerSelector {
  private runs = 0;

  begin(at: ByteStart): void {
    this.runs = at.cursor.classRuns & (CLASS_SHAPE_SETS - 1);
  }

  select(): number {
    return this.runs;
  }
}

class BracketState implements MixerSelector {
  private state = 0;

  begin(at: ByteStart): void {
    const cursor = at.cursor;
    const open = cursor.lastOpen === 0x28 ? 0 : cursor.lastOpen === 0x5b ? 1 : 2;
    this.state = ((Math.min(cursor.depth, 3) * 3 + open) * 2 + (cursor.inIndent ? 1 : 0)) * 8;
  }

  select(_c0: number, depth: number): number {
    return this.state + depth;
  }
}

const WORD_CONTEXT = CONTEXT_NAMES.indexOf('word');

class CopyEvidence implements MixerSelector {
  constructor(
    private readonly matches: MatchPredictor,
    private readonly contexts: ContextPredictor,
  ) {}

  begin(): void {}

  select(): number {
    const bucket = this.matches.bucket;
    const newWord = this.contexts.states[WORD_CONTEXT] === 0 ? 1 : 0;
    return bucket[MATCH_DOCUMENT] + 16 * (bucket[MATCH_WORKSPACE] >> 2) + 64 * newWord;
  }
}

class DepthByMatch implements MixerSelector {
  constructor(private readonly matches: MatchPredictor) {}

  begin(): void {}

  select(_c0: number, depth: number): number {
    const bucket = this.matches.bucket;
    const longer = Math.max(bucket[MATCH_DOCUMENT], bucket[MATCH_WORKSPACE]);
    return ((longer + 3) >> 2) * 8 + depth; // length buckets (matchModel.ts) 0 | 1-4 | 5-8 | 9-12 | 13-15
  }
}

function find<T extends Predictor>(predictors: readonly Predictor[], type: new (...args: never[]) => T, selector: string): T {
  const found = predictors.find((p): p is T => p instanceof type);
  if (!found) throw new Error(`the ${selector} selector needs the ${type.name} among the stack's predictors`);
  return found;
}

export const BIT_NODE: SelectorKind = { name: 'bit node', sets: 256, create: () => new BitNode() };
export const PREVIOUS_BYTE: SelectorKind = { name: 'previous byte', sets: 256, create: () => new PreviousByte() };
export const WORD_POSITION: SelectorKind = { name: 'word position', sets: 8 * 8, create: () => new WordPosition() };
export const COPY_EVIDENCE: SelectorKind = {
  name: 'copy evidence',
  sets: 16 * 4 * 2,
  create: (predictors) => new CopyEvidence(find(predictors, MatchPredictor, 'copy evidence'), find(predictors, ContextPredictor, 'copy evidence')),
};
export const CLASS_SHAPE: SelectorKind = { name: 'class shape', sets: CLASS_SHAPE_SETS, create: () => new ClassShape() };
export const BRACKET_STATE: SelectorKind = { name: 'bracket state', sets: 4 * 3 * 2 * 8, create: () => new BracketState() };
export const DEPTH_BY_MATCH: SelectorKind = { name: 'depth x match', sets: 5 * 8, create: (predictors) => new DepthByMatch(find(predictors, MatchPredictor, 'depth x match')) };
