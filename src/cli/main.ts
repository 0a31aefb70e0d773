/**
 * The command-line entry: commander wiring only. Each command's options
 * live in `commands/<name>.ts`; its work in `actions/<name>.ts`, imported
 * when the command runs so that start-up loads only what that command needs.
 * Exit codes: 0 ok, 1 findings, 2 usage error or internal failure.
 * A closed stdout (`cocreate quotes x | head -1`) ends any command quietly
 * with exit 0 (see endQuietlyOnClosedStdout).
 */
import { sanitizeText } from '../render/sanitize.js';
import { Command, CommanderError } from 'commander';
import { ExitRequest, UsageError } from '../model/errors.js';
import { defineCommands } from './commands/index.js';
import { assertPathArgumentsExist } from './paths.js';
import { VERSION } from './version.js';
import { writePolicy } from './write-file.js';

export { VERSION } from './version.js';

/** Runs the CLI with `argv` (as process.argv) and resolves to the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  endQuietlyOnClosedStdout();
  const program = new Command();
  program
    .name('cocreate')
    .description('Reproducible qualitative interview analysis: code transcripts against a codebook, compare groups, check agreement, export REFI-QDA.')
    .version(VERSION, '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({
      writeOut: (text) => process.stdout.write(text),
      writeErr: (text) => process.stderr.write(sanitizeText(text)),
    })
    .exitOverride()
    .hook('preAction', (_program, action) => {
      writePolicy.force = action.opts().force === true;
    });
  defineCommands(program);
  for (const command of program.commands) command.exitOverride();
  program.hook('preAction', (_program, command) => assertPathArgumentsExist(command));

  try {
    await program.parseAsync([...argv]);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    return exitCodeFor(error);
  }
}

/**
 * When the reader of stdout goes away (`| head -1`, a closed pager), the
 * next write fails with EPIPE: the command stops there, prints nothing and
 * exits 0. grep, rg and jq die of SIGPIPE instead (status 141 in a shell);
 * 0 is chosen so that `set -o pipefail` scripts and CI steps such as
 * `cocreate quotes x | head` do not fail because the reader had enough.
 * One handler for every command, so no command handles it itself (issue 14).
 */
function endQuietlyOnClosedStdout(): void {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
}

function exitCodeFor(error: unknown): number {
  if (error instanceof ExitRequest) return error.exitCode;
  // A write callback can see the EPIPE before the stream's 'error' event does.
  if ((error as NodeJS.ErrnoException | undefined)?.code === 'EPIPE') process.exit(0);
  if (error instanceof CommanderError) {
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return 0;
    // `cocreate` with no command: commander has printed the usage on stderr; that is a usage error (issue 14).
    if (error.code === 'commander.help') return error.exitCode === 0 ? 0 : 2;
    return 2;
  }
  if (error instanceof UsageError) {
    process.stderr.write(`cocreate: ${sanitizeText(error.message)}\n`);
    return 2;
  }
  process.stderr.write(`cocreate: internal error (please report it): ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return 2;
}
