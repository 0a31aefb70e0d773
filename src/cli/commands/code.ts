/** `cocreate code [paths...]`: code transcripts and report frequencies. */
import { Option, type Command } from 'commander';
import { addMeasureOption, addReportOptions, addWhereOption, parsePositiveInteger } from './options.js';
import { addSourceOptions } from './source-options.js';

export interface CodeCommandOptions {
  codebook?: string;
  format?: string;
  output?: string;
  bom?: boolean;
  /** Keep CSV cells as they are (no quote before a leading = + - @ tab or CR), for R and pandas. */
  rawCsv?: boolean;
  by?: string;
  /** `attr=value` conditions (`topic=NAME` keeps segments under a topic). */
  where: string[];
  /** What count cells show: count, rate (per 1,000 words) or share (% of segments). */
  measure: 'count' | 'rate' | 'share';
  matrix?: boolean;
  level: 'code' | 'theme';
  includeInterviewer?: boolean;
  source: string;
  /** `--model FILE`: the model for --source model, hybrid or auto. */
  model?: string;
  codings?: boolean;
  jobs?: number;
  progress?: boolean;
  /** False with `--no-cache`. */
  cache?: boolean;
}

export function defineCodeCommand(program: Command): void {
  const command = program
    .command('code')
    .description('code transcripts against the codebook and report how often each code and theme occurs')
    .argument('[paths...]', 'transcript files or folders', ['interviews/'])
    .option('--by <attribute>', 'crosstab by a document attribute (e.g. unit, role, language), or by protocol topic (topic: segments grouped by the question they answer)')
    .option('--matrix', 'theme matrix: one row per interview (its attributes first), one column per code (--level theme: per theme), cells = coded segments');
  addWhereOption(command);
  addMeasureOption(command);
  command
    .addOption(new Option('--level <level>', 'rows are codes or themes').choices(['code', 'theme']).default('code'))
    .option('--include-interviewer', 'code interviewer turns too')
    .option('--codings', 'one record per coded segment and code (tidy form; use with --format jsonl or csv)')
    .option('-j, --jobs <n>', 'worker threads (default: one per core from 48 transcripts on; output is the same for any n)', parsePositiveInteger)
    .option('--no-progress', 'no progress bar on stderr');
  addSourceOptions(command, { both: true });
  addReportOptions(command, ['table', 'csv', 'json', 'md', 'jsonl']);
  command.action(async (paths: string[], options: CodeCommandOptions) => {
    const { runCode } = await import('../actions/code.js');
    process.exitCode = await runCode(paths, options);
  });
}
