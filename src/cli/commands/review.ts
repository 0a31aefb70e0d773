/** `cocreate review [paths…] --coder NAME`: the machine proposes, the coder decides; decisions are written into the transcripts as that coder's codes. */
import { InvalidArgumentError, Option, type Command } from 'commander';
import { addCodebookOptions } from './options.js';

export interface ReviewCommandOptions {
  /** The coder whose decisions are recorded, e.g. `alice`. */
  coder?: string;
  /** `auto`, `rules`, `model` or `hybrid` (default `auto`: hybrid with a model for the codebook, rules otherwise). */
  source?: string;
  /** Model file (default: models/<codebook id>.json). */
  model?: string;
  /** With a model: also ask about codes it would not apply when the uncertainty of that "no" (its probability) is at least this (0–1). */
  minUncertainty?: number;
  /** Write the queue as CSV to this file instead of asking on the terminal. */
  export?: string;
  /** Apply the decisions of a queue CSV. */
  apply?: string;
  /** Review interviewer turns too. */
  includeInterviewer?: boolean;
  /** Codebook file (default: the one codebook in ./codebooks/). */
  codebook?: string;
  /** False with `--no-cache`. */
  cache?: boolean;
  /** Let `--export` replace a file that looks like an input, or a queue with filled-in decisions. */
  force?: boolean;
  /** Start the exported queue with a UTF-8 byte-order mark. */
  bom?: boolean;
}

/** Parses `--min-uncertainty`: a number from 0 to 1. */
export function parseUncertainty(value: string): number {
  const number = Number(value);
  if (value.trim() === '' || !Number.isFinite(number) || number < 0 || number > 1) throw new InvalidArgumentError('expected a number from 0 to 1, e.g. 0.05.');
  return number;
}

export function defineReviewCommand(program: Command): void {
  const command = program
    .command('review')
    .description("review the machine's proposed codes one decision at a time, least certain first; each decision is written into the transcript as the coder's human codes (or --export / --apply a CSV queue)")
    .argument('[paths...]', 'transcript files or folders', ['interviews/'])
    .option('--coder <name>', 'the coder making the decisions (required), e.g. alice')
    .addOption(new Option('--source <source>', 'where proposals come from (default: hybrid when a model exists, rules otherwise)').choices(['auto', 'rules', 'model', 'hybrid']))
    .option('--model <file>', 'the model file (default: models/<codebook id>.json)')
    .option('--min-uncertainty <u>', 'with a model: also ask about codes it would not apply when its probability that they apply is at least this (default 0.05; lower asks more)', parseUncertainty)
    .option('--export <file>', 'write the queue to a CSV file (one row per decision, with an empty decision column) instead of asking')
    .option('--force', 'let --export replace a file that looks like a transcript, codebook or project file, or a queue whose decision column is filled in')
    .option('--apply <file>', 'apply the decisions (y/n/accept/reject) of a queue CSV written by --export')
    .option('--include-interviewer', 'review interviewer turns too')
    .option('--bom', 'start the exported CSV with a UTF-8 byte-order mark (for Excel)');
  addCodebookOptions(command);
  command.action(async (paths: string[], options: ReviewCommandOptions) => {
    const { runReview } = await import('../actions/review.js');
    process.exitCode = await runReview(paths, options);
  });
}
