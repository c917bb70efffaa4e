// What the prediction stack is made of: its predictors, in the order of the mixer's inputs,
// the selectors of the mixer's weight sets, in the order of its weight tables, and the one of
// its final layer's. Adding a predictor is a file in predictors/ (predictor.ts says what it
// implements) and a line here; the mixer's size, the memory, the checkpoint section and the
// attribution follow from the list. A checkpoint section records what it was built with and
// is refused by a stack made of other parts (stackState.ts).
import { BIT_NODE, BRACKET_STATE, CLASS_SHAPE, COPY_EVIDENCE, DEPTH_BY_MATCH, PREVIOUS_BYTE, type SelectorKind, WORD_POSITION } from './mixerSelectors';
import type { PredictorKind } from './predictor';
import { BIAS } from './predictors/biasPredictor';
import { CONTEXT_MODELS } from './predictors/contextPredictor';
import { LSTM_INPUT } from './predictors/lstmPredictor';
import { MATCH_MODELS } from './predictors/matchPredictor';

export interface StackComposition {
  readonly predictors: readonly PredictorKind[];
  readonly selectors: readonly SelectorKind[];
  /** What chooses the final layer's weight set. */
  readonly final: SelectorKind;
}

export const DEFAULT_COMPOSITION: StackComposition = {
  predictors: [
    CONTEXT_MODELS, // order 0-12, word, column, indentation, brackets, line head, bracket word, char classes, indirect (17 x 2 inputs)
    MATCH_MODELS, // the workspace's text, the document (2)
    LSTM_INPUT, // the network (1)
    BIAS, // a constant (1)
  ],
  selectors: [BIT_NODE, COPY_EVIDENCE, PREVIOUS_BYTE, WORD_POSITION, CLASS_SHAPE, BRACKET_STATE],
  final: DEPTH_BY_MATCH,
};
