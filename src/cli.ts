// The headless CLI: `recur COMMAND ...` (bin/recur.js runs dist/cli.js). Each command is one
// file under src/cli/, loaded lazily, so tfjs-node is only loaded by the commands that need it.
// To add a command, add one line to COMMANDS.
import type { CliCommand } from './cli/command';
import { CliError } from './cli/output';

const COMMANDS: Record<string, () => Promise<{ command: CliCommand }>> = {
  train: () => import('./cli/train'),
  eval: () => import('./cli/eval'),
  sample: () => import('./cli/sample'),
  complete: () => import('./cli/complete'),
};

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(await usage());
    return name ? 0 : 1;
  }
  const load = COMMANDS[name];
  if (!load) throw new CliError(`unknown command "${name}" (commands: ${Object.keys(COMMANDS).join(', ')})`);
  const { command } = await load();
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`usage: recur ${command.name} ${command.usage}\n  ${command.summary}\n`);
    return 0;
  }
  await command.run(rest);
  return 0;
}

async function usage(): Promise<string> {
  const lines = ['usage: recur COMMAND [options]   (recur COMMAND --help for its options)', ''];
  for (const load of Object.values(COMMANDS)) {
    const { command } = await load();
    lines.push(`  recur ${command.name} ${command.usage}`, `      ${command.summary}`);
  }
  return lines.join('\n') + '\n';
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    // One line, never a stack trace (RECUR_DEBUG=1 prints it, for a bug report).
    const message = err instanceof Error ? err.message : String(err);
    if (err instanceof CliError || !process.env.RECUR_DEBUG)
      process.stderr.write(`recur: ${message.split('\n')[0]}${err instanceof CliError ? '' : ' (an unexpected error: RECUR_DEBUG=1 shows where)'}\n`);
    else process.stderr.write(`recur: ${err instanceof Error ? (err.stack ?? message) : message}\n`);
    process.exitCode = err instanceof CliError ? err.exitCode : 2;
  },
);
