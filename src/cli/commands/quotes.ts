/** `cocreate quotes CODE_OR_THEME [paths...]`: the coded segments behind a number, to quote. */
import { Option, type Command } from 'commander';
import { addReportOptions, parseNonNegativeInteger, parsePositiveInteger } from './options.js';
import { addSourceOptions } from './source-options.js';

export interface QuotesCommandOptions {
  /** False with `--no-cache`. */
  cache?: boolean;
  by?: string;
  where: string[];
  kwic?: number;
  limit?: number;
  source: string;
  /** `--model FILE`: the model for --source model, hybrid or auto. */
  model?: string;
  sort: 'strength' | 'document';
  includeInterviewer?: boolean;
  codebook?: string;
  format?: string;
  output?: string;
  bom?: boolean;
  /** Keep CSV cells as they are (no quote before a leading = + - @ tab or CR), for R and pandas. */
  rawCsv?: boolean;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export function defineQuotesCommand(program: Command): void {
  const command = program
    .command('quotes')
    .description('the coded segments for a code or theme, with interview, attributes, file:line and the matched words highlighted')
    .argument('<code-or-theme>', 'full code id (success.quick-wins), theme id (success), or a code id unique across themes (quick-wins)')
    .argument('[paths...]', 'transcript files or folders', ['interviews/'])
    .option('--by <attribute>', 'group quotes by a document attribute (e.g. role), or by protocol topic (topic)')
    .option('--where <attr=value>', 'only interviews with this attribute value, or only segments under a topic (topic=challenges); repeat to combine (same attribute: any of the values; different attributes: all)', collect, [])
    .option('--kwic <n>', 'keyword-in-context lines with n words on each side instead of whole quotes', parseNonNegativeInteger)
    .option('--limit <n>', 'at most n quotes (per group with --by)', parsePositiveInteger)
    .addOption(new Option('--sort <order>', 'strength: most distinct matched words first; document: corpus order').choices(['strength', 'document']).default('strength'))
    .option('--include-interviewer', 'quote interviewer turns too');
  addSourceOptions(command, { both: true });
  addReportOptions(command);
  command.action(async (target: string, paths: string[], options: QuotesCommandOptions) => {
    const { runQuotes } = await import('../actions/quotes.js');
    process.exitCode = await runQuotes(target, paths, options);
  });
}
