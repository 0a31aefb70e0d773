/** `cocreate cooccur [paths...]`: which codes occur together, per segment or per interview. */
import { Option, type Command } from 'commander';
import { addMeasureOption, addReportOptions, addWhereOption, parsePositiveInteger } from './options.js';
import { addSourceOptions } from './source-options.js';

export interface CooccurCommandOptions {
  /** False with `--no-cache`. */
  cache?: boolean;
  level: 'segment' | 'interview';
  measure: 'count' | 'jaccard';
  theme?: string;
  /** Co-occurrence within each group of a document attribute, or of protocol topics (`topic`). */
  by?: string;
  /** `attr=value` conditions (`topic=NAME` keeps segments under a topic). */
  where?: string[];
  matrix?: boolean;
  limit?: number;
  source: string;
  /** `--model FILE`: the model for --source model, hybrid or auto. */
  model?: string;
  includeInterviewer?: boolean;
  codebook?: string;
  format?: string;
  output?: string;
  bom?: boolean;
  /** Keep CSV cells as they are (no quote before a leading = + - @ tab or CR), for R and pandas. */
  rawCsv?: boolean;
}

export function defineCooccurCommand(program: Command): void {
  const command = program
    .command('cooccur')
    .description('code × code co-occurrence: counts or Jaccard coefficients, per segment or per interview (CSV edge list for network tools)')
    .argument('[paths...]', 'transcript files or folders', ['interviews/'])
    .addOption(new Option('--level <level>', 'unit of co-occurrence: the same segment, or the same interview').choices(['segment', 'interview']).default('segment'))
    .option('--theme <theme>', 'only the codes of one theme (theme id, e.g. success)')
    .option('--matrix', 'the full code × code matrix instead of the ranked pairs (CSV: a matrix instead of an edge list)')
    .option('--limit <n>', 'show at most n pairs (table and md)', parsePositiveInteger)
    .option('--include-interviewer', 'code interviewer turns too')
    .option('--by <attribute>', 'co-occurrence within each group of a document attribute, or within each protocol topic (topic)');
  addMeasureOption(command, ['count', 'jaccard'], 'count', 'what cells and edge weights show');
  addWhereOption(command);
  addSourceOptions(command);
  addReportOptions(command);
  command.action(async (paths: string[], options: CooccurCommandOptions) => {
    const { runCooccur } = await import('../actions/cooccur.js');
    process.exitCode = await runCooccur(paths, options);
  });
}
