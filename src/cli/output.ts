/**
 * Where results go: stdout (data only), or a file written by the one safe
 * writer (write-file.ts: atomic for regular files, links kept, devices and
 * FIFOs written through, folders refused, input-like files kept unless
 * `--force`), and never a file that is one of the inputs.
 * Also builds the terminal Style from chalk, honouring NO_COLOR and TTYs.
 */
import { existsSync, realpathSync } from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { UsageError } from '../model/errors.js';
import { plainStyle, type Style } from '../render/style.js';
import { writeFileSafely, type WriteOptions } from './write-file.js';

/** Writes `content` to `path` through the one safe writer (write-file.ts): atomic for regular files, through for devices and FIFOs. */
export async function writeFileAtomic(path: string, content: string | Uint8Array, options: WriteOptions = {}): Promise<void> {
  await writeFileSafely(path, content, options);
}

/** Refuses an output path that is one of the input files or folders (or inside an input folder's files). */
export function assertNotInput(output: string, inputs: readonly string[]): void {
  const target = realOrResolved(output);
  for (const input of inputs) {
    const source = realOrResolved(input);
    if (target === source) throw new UsageError(`The output "${output}" is one of the inputs; choose another file so no input is overwritten.`);
    // An existing file inside an input folder is an input too (`validate interviews/ -o interviews/sgad-01.yaml`).
    if (target.startsWith(source + sep) && existsSync(target)) {
      throw new UsageError(`The output "${output}" is a file inside the input folder "${input}"; choose another file so no input is overwritten.`);
    }
  }
}

function realOrResolved(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    try {
      return join(realpathSync(dirname(resolve(path))), basename(path));
    } catch {
      return resolve(path);
    }
  }
}

/** Sends a report to stdout or, with `-o`, to a file. */
export async function emit(content: string | Uint8Array, output: string | undefined, inputs: readonly string[] = []): Promise<void> {
  if (output === undefined || output === '-') {
    await new Promise<void>((resolvePromise, reject) => {
      process.stdout.write(content, (error) => (error ? reject(error) : resolvePromise()));
    });
    return;
  }
  assertNotInput(output, inputs);
  await writeFileAtomic(output, content);
}

/** Whether colour should be used on a stream: TTY, no NO_COLOR, or FORCE_COLOR set. */
export function colourEnabled(stream: NodeJS.WriteStream): boolean {
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
  if (process.env.FORCE_COLOR !== undefined && process.env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true && process.env.TERM !== 'dumb';
}

/**
 * chalk, loaded only when stdout or stderr may get colour: piped and CI runs
 * (most runs of a large corpus) skip its ~20 ms of loading.
 */
const chalkModule = colourEnabled(process.stdout) || colourEnabled(process.stderr) ? await import('chalk') : undefined;

/** A Style for a stream: chalk colours when enabled, plain text otherwise. */
export function styleFor(stream: NodeJS.WriteStream): Style {
  if (!colourEnabled(stream) || !chalkModule) return plainStyle;
  const chalk = new chalkModule.Chalk({ level: 1 });
  return {
    bold: (text) => chalk.bold(text),
    dim: (text) => chalk.dim(text),
    high: (text) => chalk.green(text),
    low: (text) => chalk.red(text),
    error: (text) => chalk.red(text),
    warning: (text) => chalk.yellow(text),
    match: (text) => chalk.bold.underline(text),
  };
}

/** Width to wrap terminal tables to: stdout's columns when the report goes to a terminal; undefined when piped, redirected or written with -o (never wrapped). */
export function terminalWidth(output?: string): number | undefined {
  if (output !== undefined && output !== '-') return undefined;
  return process.stdout.isTTY === true && typeof process.stdout.columns === 'number' && process.stdout.columns > 0 ? process.stdout.columns : undefined;
}

/** The Style for a report: colour only when it goes to stdout and stdout takes colour; never in an `-o` file (issue 16, item 15). */
export function outputStyle(output: string | undefined): Style {
  return output === undefined || output === '-' ? styleFor(process.stdout) : plainStyle;
}
