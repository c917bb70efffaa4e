// Reads a checkpoint for a command, turning every failure into one clear line; a checkpoint
// of an older format says once (on stderr) what its checksums do not cover.
import { existsSync } from 'node:fs';
import { type Checkpoint, integrityNote, readCheckpoint } from '../core/model/checkpoint';
import { CliError, progress } from './output';

export function loadCheckpointOrFail(file: string | undefined): Checkpoint {
  if (!file) throw new CliError('missing checkpoint file argument');
  if (!existsSync(file)) throw new CliError(`${file}: no such checkpoint file`);
  let checkpoint: Checkpoint;
  try {
    checkpoint = readCheckpoint(file);
  } catch (err) {
    throw new CliError((err as Error).message);
  }
  const note = integrityNote(checkpoint, file);
  if (note) progress(`note: ${note}`);
  return checkpoint;
}
