// What the activations view says when the model has read the file it shows (FileMemory):
// the predictor attribution there is memory of the file, not prediction. Pure.
import type { FileMemory } from '../panelProtocol';

/** The predictor families whose share on a file the model read is recall of that file. */
export const MEMORY_FAMILIES: readonly string[] = ['long contexts', 'workspace copy'];

/** One paragraph; `when`: the time the model read the workspace, as the reader's locale writes it. */
export function memorySentences(memory: FileMemory, when: string): string {
  const network =
    memory.network === 'trained'
      ? 'The network trained on it too.'
      : memory.network === 'heldOut'
        ? "The network did not train on it (one of the held-out files): the network alone's surprisal here is prediction."
        : memory.network === 'never'
          ? 'The network is the base model’s, never trained on this workspace.'
          : '';
  const changed = memory.changedSince ? ' The file has changed since: what changed is new to the model.' : '';
  return `Memory, not prediction: the model read this file when it read the workspace (${when}), so long contexts and copies carrying its text recall it. ${network}${changed}`.replace(/\s+$/, '');
}
