/**
 * The command-line entry: commander wiring only. Each command's options
 * live in `commands/<name>.ts`; its work in `actions/<name>.ts`, imported
 * when the command runs so that start-up loads only what that command needs.
 * Exit codes: 0 ok, 1 findings, 2 usage error or internal failure.
 */
import { Command, CommanderError } from 'commander';
import { ExitRequest, UsageError } from '../model/errors.js';
import { defineCommands } from './commands/index.js';
import { VERSION } from './version.js';
import { writePolicy } from './write-file.js';

export { VERSION } from './version.js';

/** Runs the CLI with `argv` (as process.argv) and resolves to the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const program = new Command();
  program
    .name('cocreate')
    .description('Reproducible qualitative interview analysis: code transcripts against a codebook, compare groups, check agreement, export REFI-QDA.')
    .version(VERSION, '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({
      writeOut: (text) => process.stdout.write(text),
      writeErr: (text) => process.stderr.write(text),
    })
    .exitOverride()
    .hook('preAction', (_program, action) => {
      writePolicy.force = action.opts().force === true;
    });
  defineCommands(program);
  for (const command of program.commands) command.exitOverride();

  try {
    await program.parseAsync([...argv]);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    return exitCodeFor(error);
  }
}

function exitCodeFor(error: unknown): number {
  if (error instanceof ExitRequest) return error.exitCode;
  if (error instanceof CommanderError) {
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return 0;
    return 2;
  }
  if (error instanceof UsageError) {
    process.stderr.write(`cocreate: ${error.message}\n`);
    return 2;
  }
  process.stderr.write(`cocreate: internal error (please report it): ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return 2;
}
