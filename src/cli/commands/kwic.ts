/** `cocreate kwic PATTERN [paths...]`: every occurrence of a word, glob, phrase or regular expression, in context. */
import { Option, type Command } from 'commander';
import { addWhereOption, parseNonNegativeInteger, parsePositiveInteger, RAW_CSV_HELP, REPORT_FORMATS } from './options.js';

export interface KwicCommandOptions {
  /** Words of context on each side. */
  window: number;
  by?: string;
  /** `attr=value` conditions (`topic=NAME` keeps segments under a topic). */
  where: string[];
  limit?: number;
  includeInterviewer?: boolean;
  format?: string;
  output?: string;
  bom?: boolean;
  /** `--raw-csv`: CSV cells exactly as they are (no formula neutralising). */
  rawCsv?: boolean;
  /** `--force`: let -o replace a file that looks like a transcript, codebook or project file. */
  force?: boolean;
}

export function defineKwicCommand(program: Command): void {
  const command = program
    .command('kwic')
    .description('keyword in context: every occurrence of a word, glob (cooperat*), exact word (=data), phrase or /regular expression/, matched as a codebook rule is (same folding, stemming and languages)')
    .argument('<pattern>', 'one codebook rule term: word (matched by stem), word* (prefix), =word (exact), several words (phrase); or /regex/ (RE2 syntax on folded text; words near each other: /\\bopen\\W+(\\w+\\W+){0,3}data\\b/). Not near: or exclude:, which only a codebook rule takes')
    .argument('[paths...]', 'transcript files or folders', ['interviews/'])
    .option('--window <n>', 'words of context on each side', parseNonNegativeInteger, 5)
    .option('--by <attribute>', 'group occurrences by a document attribute (e.g. role), or by protocol topic (topic)')
    .option('--limit <n>', 'at most n occurrences (per group with --by)', parsePositiveInteger)
    .option('--include-interviewer', 'search interviewer turns too');
  addWhereOption(command);
  command
    .addOption(new Option('--format <format>', 'output format (default: table, or from the -o file extension)').choices([...REPORT_FORMATS]))
    .option('-o, --output <file>', 'write the report to a file (atomically) instead of stdout')
    .option('--force', 'let -o replace a file that looks like a transcript, codebook or project file')
    .option('--bom', 'start CSV output with a UTF-8 byte-order mark (for Excel)')
    .option('--raw-csv', RAW_CSV_HELP);
  command.action(async (pattern: string, paths: string[], options: KwicCommandOptions) => {
    const { runKwic } = await import('../actions/kwic.js');
    process.exitCode = await runKwic(pattern, paths, options);
  });
}
