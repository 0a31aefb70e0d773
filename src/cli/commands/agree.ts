/** `cocreate agree [paths...]`: the rules against human coders, or human coders against each other. */
import { InvalidArgumentError, type Command } from 'commander';
import { addReportOptions } from './options.js';

export interface AgreeCommandOptions {
  /** False with `--no-cache`. */
  cache?: boolean;
  human?: string;
  coders?: string;
  showDisagreements?: boolean;
  minAlpha?: number;
  minKappa?: number;
  where: string[];
  ids: string[];
  includeInterviewer?: boolean;
  codebook?: string;
  format?: string;
  output?: string;
  bom?: boolean;
  /** Keep CSV cells as they are (no quote before a leading = + - @ tab or CR), for R and pandas. */
  rawCsv?: boolean;
}

/** Parses a reliability threshold: a number from -1 to 1. */
export function parseThreshold(value: string): number {
  const number = Number(value);
  if (value.trim() === '' || !Number.isFinite(number) || number < -1 || number > 1) throw new InvalidArgumentError('expected a number from -1 to 1, e.g. 0.8.');
  return number;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export function defineAgreeCommand(program: Command): void {
  const command = program
    .command('agree')
    .description('agreement of the automatic coding with human coders (precision, recall, F1, kappa, alpha per code and theme), or between coders (--coders)')
    .argument('[paths...]', 'transcript files or folders', ['interviews/'])
    .option('--human <coder>', 'human reference: a coder name, `union` (a code any reviewing coder applied; the default) or `consensus` (a code every reviewing coder applied)')
    .option('--coders <names>', 'compare human coders instead, e.g. alice,bob (two or more): percent agreement, kappa (two coders), alpha')
    .option('--show-disagreements', 'list every segment and code where the two sides differ, with file:line (with --format csv: the list instead of the table)')
    .option('--min-alpha <x>', "exit 1 when Krippendorff's alpha of a code or overall is below x (e.g. 0.8)", parseThreshold)
    .option('--min-kappa <x>', "exit 1 when Cohen's kappa of a code or overall is below x", parseThreshold)
    .option('--where <attr=value>', 'only interviews with this attribute value; repeat to combine (same attribute: any of the values; different attributes: all)', collect, [])
    .option('--ids <ids>', 'only these interviews, comma-separated (e.g. a held-out set: sgad-04,sgad-08)', collect, [])
    .option('--include-interviewer', 'include interviewer turns');
  addReportOptions(command);
  command.action(async (paths: string[], options: AgreeCommandOptions) => {
    const { runAgree } = await import('../actions/agree.js');
    process.exitCode = await runAgree(paths, options);
  });
}
