/**
 * The one check every command makes of its `[paths...]` before any work: a
 * path that does not exist is a usage error (exit 2), in `validate` as in
 * `code` (issue 14), naming every missing path. Files that exist but cannot
 * be read are still findings of the command itself (load/corpus.ts).
 */
import { lstatSync } from 'node:fs';
import type { Command } from 'commander';
import { UsageError } from '../model/errors.js';

/** Throws a UsageError when a `paths` argument of `command` names something that does not exist. */
export function assertPathArgumentsExist(command: Command): void {
  const index = command.registeredArguments.findIndex((argument) => argument.name() === 'paths');
  if (index < 0) return;
  // `export --qdc` writes the codebook only: its paths (default interviews/) are not read.
  if (command.name() === 'export' && command.opts().qdpx === undefined) return;
  const paths = (command.processedArgs[index] as string[] | undefined) ?? [];
  const missing = paths.filter((path) => !exists(path));
  if (missing.length === 0) return;
  const names = missing.map((path) => `"${path}"`).join(', ');
  throw new UsageError(
    `${missing.length === 1 ? `The path ${names} does not exist` : `These paths do not exist: ${names}`} (in ${process.cwd()}). Check the spelling, or run the command from the project folder.`,
  );
}

/** Whether anything is at `path` (a broken symbolic link counts: the walk reports it). */
function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}
