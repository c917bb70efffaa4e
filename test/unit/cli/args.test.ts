// The CLI's flags (node:util parseArgs, strict): values, booleans, positionals, and one short
// line for an unknown flag or a missing value.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { booleanFlag, numberFlag, parseFlags, stringFlag } from '../../../src/cli/args';
import { integerOption } from '../../../src/core/options';

const SPEC = { strings: ['out', 'steps'], booleans: ['json'] };

test('--name value, --name=value, booleans and positionals (everything after -- too)', () => {
  const args = parseFlags(['DIR', '--out', 'm.recur', '--steps=4', '--json', '--', '--not-a-flag'], SPEC);
  assert.deepEqual(args.positionals, ['DIR', '--not-a-flag']);
  assert.equal(stringFlag(args, 'out'), 'm.recur');
  assert.equal(numberFlag(args, 'steps', integerOption(0, { min: 1 })), 4);
  assert.equal(booleanFlag(args, 'json'), true);
  assert.equal(stringFlag(parseFlags([], SPEC), 'out'), undefined);
});

test('an unknown flag, a missing value and a value out of range are refused in one line', () => {
  assert.throws(() => parseFlags(['--ouut', 'x'], SPEC), { message: 'unknown option --ouut' });
  assert.throws(() => parseFlags(['DIR', '--out'], SPEC), { message: '--out needs a value' });
  assert.throws(() => parseFlags(['--json=yes'], SPEC), /--json/);
  assert.throws(() => numberFlag(parseFlags(['--steps', '0'], SPEC), 'steps', integerOption(0, { min: 1 })), { message: '--steps must be an integer >= 1, not "0"' });
});
