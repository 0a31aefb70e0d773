/**
 * Option parsers and option sets shared by several commands, so that
 * `--format`, `--codebook` and `-o` behave the same everywhere.
 */
import { InvalidArgumentError, Option, type Command } from 'commander';
import { UsageError } from '../../model/errors.js';

/** Output formats of the analysis commands. */
export const REPORT_FORMATS = ['table', 'csv', 'json', 'md'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** Parses a positive integer option value. */
export function parsePositiveInteger(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw new InvalidArgumentError('expected a whole number of 1 or more.');
  return number;
}

/** Parses a non-negative integer option value. */
export function parseNonNegativeInteger(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0) throw new InvalidArgumentError('expected a whole number of 0 or more.');
  return number;
}

/** Adds `--codebook` and `--no-cache`: which codebook, and whether it may come compiled from the cache. */
export function addCodebookOptions(command: Command): Command {
  return command
    .option('--codebook <file>', 'codebook YAML (default: the one codebook in ./codebooks/)')
    .option('--no-cache', 'compile the codebook afresh, without reading or writing the compiled-codebook cache (.cocreate-cache/, see COCREATE_CACHE_DIR)');
}

/** Adds `--codebook`, `--no-cache`, `--format`, `-o`, `--force` and `--bom` as every analysis command has them. */
export function addReportOptions(command: Command, formats: readonly string[] = REPORT_FORMATS): Command {
  return addCodebookOptions(command)
    .addOption(new Option('--format <format>', 'output format (default: table, or from the -o file extension)').choices([...formats]))
    .option('-o, --output <file>', 'write the report to a file (atomically) instead of stdout')
    .option('--force', 'let -o replace a file that looks like a transcript, codebook or project file')
    .option('--bom', 'start CSV output with a UTF-8 byte-order mark (for Excel)')
    .option('--raw-csv', RAW_CSV_HELP);
}

/** Help text of `--raw-csv`, on every command with CSV output. */
export const RAW_CSV_HELP = 'keep CSV cells exactly as they are; by default a text cell starting with = + - @, a tab or CR gets a leading \' so spreadsheets do not run it as a formula (docs/interoperability.md)';

/** What each output file extension means (`txt`: the command's plain-text format). */
const EXTENSION_FORMATS: Record<string, string> = { csv: 'csv', json: 'json', jsonl: 'jsonl', ndjson: 'jsonl', md: 'md', markdown: 'md', html: 'html', htm: 'html', txt: 'text' };

/**
 * The format to use: explicit (under any file name), else from the output
 * file's extension, else `fallback`. With `formats` (what the command can
 * write), an extension naming another format or none it knows (`-o out.xlsx`,
 * `report -o report.pdf`) is a usage error listing them (issue 14).
 */
export function resolveFormat(format: string | undefined, output: string | undefined, fallback = 'table', formats?: readonly string[]): string {
  if (format) return format;
  const extension = output === undefined || output === '-' ? undefined : /\.([^./\\]+)$/.exec(output.toLowerCase())?.[1];
  if (extension === undefined) return fallback;
  let inferred = EXTENSION_FORMATS[extension];
  if (inferred === 'text' && formats && !formats.includes('text')) inferred = 'table';
  if (!formats) return inferred ?? fallback;
  if (inferred !== undefined && formats.includes(inferred)) return inferred;
  const named = formats.map((name) => (name === 'table' || name === 'text' ? `${name} (.txt)` : name === 'github' ? name : `${name} (.${name})`)).join(', ');
  throw new UsageError(`Cannot write "${output}": ${inferred ? `this command does not write ${inferred}` : `no format is known for .${extension} files`}. It writes ${named}; with --format one of them may go under any file name.`);
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** Adds `--where attr=value` (repeatable; `topic=NAME` keeps the segments under a protocol topic). */
export function addWhereOption(command: Command): Command {
  return command.option(
    '--where <attr=value>',
    'only interviews with this attribute value, or only segments under a topic (topic=challenges); repeat to combine (same attribute: any of the values; different attributes: all)',
    collect,
    [],
  );
}

/** Adds `--measure count|rate|share`: one vocabulary for every command that counts segments. */
export function addMeasureOption(command: Command): Command {
  return command.addOption(
    new Option('--measure <measure>', 'what counts show: count (segments coded), rate (segments coded per 1,000 words) or share (% of the group\'s segments)').choices(['count', 'rate', 'share']).default('count'),
  );
}
