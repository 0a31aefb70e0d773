/**
 * `cocreate codebook`: print the codebook (the appendix of a paper), and
 * `cocreate codebook test`: run every example and counter-example through
 * the rules (exit 1 on a failure, with the codebook's file:line).
 */
import { Option, type Command } from 'commander';
import { RAW_CSV_HELP, REPORT_FORMATS } from './options.js';

export interface CodebookShowOptions {
  codebook?: string;
  format?: string;
  output?: string;
  bom?: boolean;
  /** Keep CSV cells as they are (no quote before a leading = + - @ tab or CR), for R and pandas. */
  rawCsv?: boolean;
}

export interface CodebookTestOptions {
  codebook?: string;
  format?: string;
  output?: string;
}

export function defineCodebookCommand(program: Command): void {
  const codebook = program.command('codebook').description('print the codebook as a table or Markdown appendix; `codebook test` checks its examples against its rules');
  codebook
    .command('show', { isDefault: true })
    .description('print the codebook: theme, code, label, definition, when to use, when not to use, examples (the default)')
    .option('--codebook <file>', 'codebook YAML (default: the one codebook in ./codebooks/)')
    .addOption(new Option('--format <format>', 'output format (default: table, or from the -o file extension)').choices([...REPORT_FORMATS]))
    .option('-o, --output <file>', 'write to a file (atomically) instead of stdout')
    .option('--force', 'let -o replace a file that looks like a transcript, codebook or project file')
    .option('--bom', 'start CSV output with a UTF-8 byte-order mark (for Excel)')
    .option('--raw-csv', RAW_CSV_HELP)
    .action(async (options: CodebookShowOptions) => {
      const { runCodebookShow } = await import('../actions/codebook.js');
      process.exitCode = await runCodebookShow(options);
    });
  codebook
    .command('test')
    .description("every example must be coded with its code by the rules, every counter-example must not (each language); exit 1 on a failure")
    .option('--codebook <file>', 'codebook YAML (default: the one codebook in ./codebooks/)')
    .addOption(new Option('--format <format>', 'report format: text for people, json for scripts, github for GitHub Actions annotations').choices(['text', 'json', 'github']))
    .option('-o, --output <file>', 'write the report to a file (atomically) instead of stdout')
    .option('--force', 'let -o replace a file that looks like a transcript, codebook or project file')
    .action(async (options: CodebookTestOptions) => {
      const { runCodebookTest } = await import('../actions/codebook.js');
      process.exitCode = await runCodebookTest(options);
    });
}
