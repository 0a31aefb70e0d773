/** `cocreate train [paths...]`: learn a model of the human coding (issue 12) and write the model file. */
import type { Command } from 'commander';
import { addCodebookOptions } from './options.js';

export interface TrainCommandOptions {
  /** Learn from this coder's codes only (default: every coder, their codes together). */
  coder?: string;
  /** Only these transcripts (repeatable, comma-separated). */
  ids: string[];
  /** Leave these transcripts out (repeatable, comma-separated), e.g. a held-out set. */
  excludeIds: string[];
  output?: string;
  codebook?: string;
  /** False with `--no-cache`. */
  cache?: boolean;
  includeInterviewer?: boolean;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export function defineTrainCommand(program: Command): void {
  const command = program
    .command('train')
    .description("learn a model of the researchers' own coding (per code and theme; thresholds and agreement by cross-validation over interviews) and write it to models/<codebook id>.json")
    .argument('[paths...]', 'transcript files or folders with human codes', ['interviews/'])
    .option('--coder <name>', "learn from one coder's codes (default: all coders, a code any reviewing coder applied)")
    .option('--ids <ids>', 'only these transcripts, comma-separated', collect, [])
    .option('--exclude-ids <ids>', 'leave these transcripts out, comma-separated (e.g. a held-out set: sgad-04,sgad-08)', collect, [])
    .option('--include-interviewer', 'learn from coded interviewer turns too')
    .option('-o, --output <file>', 'model file to write (default: models/<codebook id>.json)')
    .option('--force', 'let -o replace a file that looks like a transcript, codebook or project file');
  addCodebookOptions(command);
  command.action(async (paths: string[], options: TrainCommandOptions) => {
    const { runTrain } = await import('../actions/train.js');
    process.exitCode = await runTrain(paths, options);
  });
}
