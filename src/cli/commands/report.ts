/** `cocreate report [paths...]`: one self-contained HTML (or Markdown) report of the whole analysis. */
import { Option, type Command } from 'commander';
import { addCodebookOptions, addMeasureOption, parsePositiveInteger } from './options.js';
import { addSourceOptions } from './source-options.js';

export interface ReportCommandOptions {
  codebook?: string;
  format?: 'html' | 'md';
  output?: string;
  by: string;
  source: string;
  /** `--model FILE`: the model for --source model, hybrid or auto. */
  model?: string;
  quotes: number;
  /** Heatmap cells: `share` (segments coded, % of the group's) or `interviews` (interviews coded, % of the group's). */
  measure: 'share' | 'interviews';
  includeInterviewer?: boolean;
  timestamp?: boolean;
  /** False with `--no-cache`. */
  cache?: boolean;
}

export function defineReportCommand(program: Command): void {
  const command = program
    .command('report')
    .description('write one self-contained report (HTML, or Markdown with --format md): corpus, frequencies, themes by group, co-occurrence, quotes, agreement, codebook')
    .argument('[paths...]', 'transcript files or folders', ['interviews/']);
  addSourceOptions(command);
  addCodebookOptions(command)
    .addOption(new Option('--format <format>', 'html or md (default: html, or from the -o file extension)').choices(['html', 'md']))
    .option('-o, --output <file>', 'write the report to a file (atomically) instead of stdout')
    .option('--force', 'let -o replace a file that looks like a transcript, codebook or project file')
    .option('--by <attribute>', 'document attribute for the theme × group heatmap (e.g. unit, role, language)', 'unit')
    .option('--quotes <n>', 'quotes per theme', parsePositiveInteger, 3)
    .option('--include-interviewer', 'code interviewer turns too')
    .option('--timestamp', 'print the time of generation in the report (off by default so reports are reproducible byte for byte)');
  // `--measure segments`, the older name of share, is still read.
  addMeasureOption(command, ['share', 'interviews'], 'share', 'heatmap cells')
    .action(async (paths: string[], options: ReportCommandOptions) => {
      const { runReport } = await import('../actions/report.js');
      process.exitCode = await runReport(paths, options);
    });
}
