/** `cocreate export --qdc FILE` / `--qdpx FILE [paths...]` / `--codebook-csv FILE`: REFI-QDA files for NVivo, ATLAS.ti, MAXQDA, QualCoder; a codebook CSV for Taguette. */
import type { Command } from 'commander';
import { addSourceOptions } from './source-options.js';

export interface ExportCommandOptions {
  qdc?: string;
  qdpx?: string;
  /** Taguette's codebook CSV (`code`, `path`, `description`). */
  codebookCsv?: string;
  /** Position unit in the .qdpx: `code-points` (default, the standard) or `utf16` (NVivo). */
  offsets: string;
  codebook?: string;
  source: string;
  /** `--model FILE`: the model for --source model, hybrid or auto. */
  model?: string;
  includeInterviewer?: boolean;
  name?: string;
}

export function defineExportCommand(program: Command): void {
  const command = program
    .command('export')
    .description('export the codebook (.qdc) or the coded project (.qdpx) in the REFI-QDA exchange format, or the codebook as CSV for Taguette')
    .argument('[paths...]', 'transcript files or folders (for --qdpx)', ['interviews/'])
    .option('--qdc <file>', 'write the codebook as a REFI-QDA codebook (.qdc)')
    .option('--qdpx <file>', 'write codebook, transcripts and codings as a REFI-QDA project (.qdpx)')
    .option('--codebook-csv <file>', 'write the codebook as a CSV file that Taguette imports (columns code, path, description)')
    .option('--offsets <unit>', 'how the .qdpx counts positions: code-points (the standard) or utf16 (NVivo)', 'code-points')
    .option('--codebook <file>', 'codebook YAML (default: the one codebook in ./codebooks/)')
    .option('--include-interviewer', 'export codings of interviewer turns too')
    .option('--force', 'let --qdc/--qdpx replace a file that looks like a transcript, codebook or project file')
    .option('--name <name>', 'project name inside the .qdpx (default: the codebook title)');
  addSourceOptions(command, { both: true, fallback: 'both' });
  command.action(async (paths: string[], options: ExportCommandOptions) => {
      const { runExport } = await import('../actions/export.js');
      process.exitCode = await runExport(paths, options);
    });
}
