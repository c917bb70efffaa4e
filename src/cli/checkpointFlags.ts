// Reads a checkpoint for a command, turning every failure into one clear line.
import { existsSync } from 'node:fs';
import { type Checkpoint, readCheckpoint } from '../core/model/checkpoint';
import { CliError } from './output';

export function loadCheckpointOrFail(file: string | undefined): Checkpoint {
  if (!file) throw new CliError('missing checkpoint file argument');
  if (!existsSync(file)) throw new CliError(`${file}: no such checkpoint file`);
  try {
    return readCheckpoint(file);
  } catch (err) {
    throw new CliError((err as Error).message);
  }
}
