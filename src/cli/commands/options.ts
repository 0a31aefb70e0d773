/**
 * Option parsers and option sets shared by several commands, so that
 * `--format`, `--codebook` and `-o` behave the same everywhere.
 */
import { InvalidArgumentError, Option, type Command } from 'commander';
import { UsageError } from '../../model/errors.js';
import { suggestClosest } from '../../validate/suggest.js';

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

/**
 * Every value `--measure` takes, on any command, and what it shows: one
 * vocabulary and one help text. A command takes the subset that fits its
 * output (code and compare: count, rate, share; cooccur: count, jaccard;
 * report's heatmap: share, interviews), and a value of the vocabulary it does
 * not take is an error saying which ones it does.
 */
export const MEASURES = {
  count: 'count (segments coded; cooccur: segments, or interviews with --level interview, carrying both codes)',
  rate: 'rate (segments coded per 1,000 words)',
  share: "share (segments coded, as a % of the group's segments)",
  interviews: "interviews (interviews coded, as a % of the group's interviews)",
  jaccard: 'jaccard (units carrying both codes / units carrying either)',
} as const;

/** A value of `--measure`. */
export type MeasureName = keyof typeof MEASURES;

/** Older spellings still read: report's `--measure segments` is `share`. */
const MEASURE_ALIASES: ReadonlyMap<string, MeasureName> = new Map([['segments', 'share']]);

/** Parses a `--measure` value against the measures a command takes (case-insensitive; aliases resolved). */
export function parseMeasure(value: string, accepted: readonly MeasureName[]): MeasureName {
  const name = value.trim().toLowerCase();
  // A Map, not an object, for the aliases: `__proto__` typed as a measure must be refused like any other word.
  const measure = Object.hasOwn(MEASURES, name) ? (name as MeasureName) : MEASURE_ALIASES.get(name);
  if (measure !== undefined && accepted.includes(measure)) return measure;
  const takes = accepted.map((entry) => MEASURES[entry]).join('; or ');
  if (measure !== undefined) throw new InvalidArgumentError(`${measure} is not a measure of this command, which takes ${takes}.`);
  const suggestion = suggestClosest(name, accepted);
  throw new InvalidArgumentError(`expected one of ${accepted.join(', ')}${suggestion ? ` (did you mean ${suggestion}?)` : ''}: ${takes}.`);
}

/**
 * Adds `--measure`, taking `accepted` (default: code's and compare's count,
 * rate, share), with `fallback` as its default; `what` says what the measure
 * applies to, e.g. `heatmap cells`.
 */
export function addMeasureOption(command: Command, accepted: readonly MeasureName[] = ['count', 'rate', 'share'], fallback: MeasureName = 'count', what = 'what counts show'): Command {
  const help = `${what}: ${accepted.map((entry) => MEASURES[entry]).join(', or ')} (default ${fallback})`;
  return command.addOption(new Option('--measure <measure>', help).argParser((value: string) => parseMeasure(value, accepted)).default(fallback));
}
