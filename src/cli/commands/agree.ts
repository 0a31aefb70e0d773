/** `cocreate agree [paths...]`: the rules against human coders, or human coders against each other. */
import { InvalidArgumentError, type Command } from 'commander';
import { addReportOptions, parsePositiveInteger } from './options.js';
import { addSourceOptions } from './source-options.js';

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
  /** Which automatic coding is compared with the humans: auto, rules, model or hybrid. */
  source: string;
  /** `--model FILE`. */
  model?: string;
  /** `--cv`: each interview scored by a model trained without it (model and hybrid). */
  cv?: boolean;
  /** `--review-curve`: agreement after reviewing 0%, 10%, … of the decisions, least certain first and at random. */
  reviewCurve?: boolean;
  /** Seed of the bootstrap, learning-curve subsets and random review order. */
  seed: number;
  /** Bootstrap resamples. */
  resamples: number;
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
    .option('--human <coder>', 'human reference: a coder name, `union` (a code any reviewing coder applied; the default) or `consensus` (a code every reviewing coder applied); a model trained by agree (--cv, or --ids/--where with model or hybrid) learns from that coder\'s codes when it is a coder name, else from every coder\'s')
    .option('--coders <names>', 'compare human coders instead, e.g. alice,bob (two or more): percent agreement, kappa (two coders), alpha')
    .option('--show-disagreements', 'list every segment and code where the two sides differ, with file:line (with --format csv: the list instead of the table)')
    .option('--min-alpha <x>', "exit 1 when Krippendorff's alpha of a code or overall is below x (e.g. 0.8)", parseThreshold)
    .option('--min-kappa <x>', "exit 1 when Cohen's kappa of a code or overall is below x", parseThreshold)
    .option('--where <attr=value>', 'only interviews with this attribute value; repeat to combine (same attribute: any of the values; different attributes: all)', collect, [])
    .option('--ids <ids>', 'only these interviews, comma-separated (e.g. a held-out set: sgad-04,sgad-08)', collect, [])
    .option('--include-interviewer', 'include interviewer turns')
    .option('--cv', 'with --source model or hybrid: leave-one-interview-out (each interview scored by a model trained without it), 95% bootstrap intervals over interviews and a learning curve')
    .option('--review-curve', 'agreement after 0%, 10%, …, 100% of the segment × code decisions are reviewed (human codes as the oracle), least certain first and in random order')
    .option('--seed <n>', 'seed of the bootstrap, the learning-curve subsets and the random review order', parsePositiveInteger, 12)
    .option('--resamples <n>', 'bootstrap resamples for --cv', parsePositiveInteger, 1000);
  addSourceOptions(command, { fallback: 'auto' });
  addReportOptions(command);
  command.action(async (paths: string[], options: AgreeCommandOptions) => {
    const { runAgree } = await import('../actions/agree.js');
    process.exitCode = await runAgree(paths, options);
  });
}
