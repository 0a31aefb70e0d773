/** `cocreate compare --by ATTRIBUTE [paths...]`: code × group table with exact/permutation tests. */
import { InvalidArgumentError, Option, type Command } from 'commander';
import { addMeasureOption, addReportOptions, addWhereOption, parsePositiveInteger } from './options.js';
import { addSourceOptions } from './source-options.js';

export interface CompareCommandOptions {
  /** False with `--no-cache`. */
  cache?: boolean;
  by: string;
  /** `attr=value` conditions (`topic=NAME` keeps segments under a topic). */
  where?: string[];
  /** What the second column per group shows: count (seg), rate (per 1,000 words) or share (% of segments). */
  measure?: 'count' | 'rate' | 'share';
  level: 'code' | 'theme';
  source: string;
  /** `--model FILE`: the model for --source model, hybrid or auto. */
  model?: string;
  test: 'auto' | 'permutation';
  seed?: number;
  permutations?: number;
  includeInterviewer?: boolean;
  codebook?: string;
  format?: string;
  output?: string;
  bom?: boolean;
  /** Keep CSV cells as they are (no quote before a leading = + - @ tab or CR), for R and pandas. */
  rawCsv?: boolean;
}

/** Parses a seed: a whole number from 0 to 2³² − 1. */
export function parseSeed(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0 || number > 0xffffffff) throw new InvalidArgumentError('expected a whole number from 0 to 4294967295.');
  return number;
}

export function defineCompareCommand(program: Command): void {
  const command = program
    .command('compare')
    .description('compare groups of a document attribute: interviews coded per group, exact or permutation test per code, adjusted residuals, q-values')
    .argument('[paths...]', 'transcript files or folders', ['interviews/'])
    .requiredOption('--by <attribute>', 'document attribute whose values are the groups (e.g. role, unit, language), or topic: segments by protocol topic (tests segments)')
    .addOption(new Option('--level <level>', 'rows are codes or themes').choices(['code', 'theme']).default('code'))
    .addOption(new Option('--test <test>', 'auto: Fisher–Freeman–Halton exact test when feasible, else permutation; permutation: always Monte Carlo').choices(['auto', 'permutation']).default('auto'))
    // Defaults live in analyze/compare.ts (not imported here: start-up loads only commander wiring).
    .option('--seed <n>', 'seed of the permutation test, reported with the results (default: 20260101)', parseSeed)
    .option('--permutations <n>', 'number of Monte Carlo permutations (default: 10000)', parsePositiveInteger)
    .option('--include-interviewer', 'code interviewer turns too');
  addWhereOption(command);
  addMeasureOption(command);
  addSourceOptions(command);
  addReportOptions(command);
  command.action(async (paths: string[], options: CompareCommandOptions) => {
    const { runCompare } = await import('../actions/compare.js');
    process.exitCode = await runCompare(paths, options);
  });
}
