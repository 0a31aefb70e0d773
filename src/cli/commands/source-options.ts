/**
 * `--source` and `--model`, the same on every command that counts (issue
 * 12). Only option text here: resolving a source (and loading a model)
 * happens in the action (cli/sources.ts), so defining commands stays cheap.
 */
import type { Command } from 'commander';

/** What `--source` accepts, for help texts. */
export const SOURCE_HELP =
  "whose codes to count: auto (the default: hybrid when models/<codebook id>.json was trained on this codebook, else rules), rules (the codebook's rules), model (the learned model), hybrid (rules and model), manual (all human coders) or a coder's name";

/** Adds `--source` (default `auto`; `both` too where automatic and human codes can be listed together) and `--model`. */
export function addSourceOptions(command: Command, options: { both?: boolean; fallback?: string } = {}): Command {
  const help = options.both ? `${SOURCE_HELP}, or both (automatic and human)` : SOURCE_HELP;
  return command
    .option('--source <source>', help, options.fallback ?? 'auto')
    .option('--model <file>', 'model file for --source model, hybrid or auto (default: models/<codebook id>.json; written by `cocreate train`)');
}
