/** `cocreate validate [paths...]`: check transcripts, the codebook and the project file as CI would. */
import { Option, type Command } from 'commander';
import { parseNonNegativeInteger } from './options.js';

export interface ValidateCommandOptions {
  codebook?: string;
  project?: string;
  format?: string;
  output?: string;
  strict?: boolean;
  maxWarnings?: number;
  quiet?: boolean;
  /** Which findings are reported and counted: all, those about transcripts, or those about the codebook and project file. */
  scope?: 'all' | 'transcripts' | 'codebook';
}

export function defineValidateCommand(program: Command): void {
  program
    .command('validate')
    .description('check transcripts, the codebook and personal data; exit 1 on errors (for CI)')
    .argument('[paths...]', 'transcript files or folders', ['interviews/'])
    .option('--codebook <file>', 'codebook YAML (default: the one codebook in ./codebooks/)')
    .option('--project <file>', 'project file with required attributes, topics, coders and redaction list (default: ./cocreate.yaml if present)')
    .addOption(new Option('--format <format>', 'report format: text for people, json for scripts, github for GitHub Actions annotations').choices(['text', 'json', 'github']))
    .option('-o, --output <file>', 'write the report to a file (atomically) instead of stdout')
    .option('--force', 'let -o replace a file that looks like a transcript, codebook or project file')
    .option('--strict', 'personal data is an error, and any warning makes the exit code 1')
    .option('--max-warnings <n>', 'exit 1 when there are more than n warnings', parseNonNegativeInteger)
    .option('-q, --quiet', 'report errors only (warnings still count for --strict and --max-warnings)')
    .addOption(
      new Option('--scope <scope>', 'findings reported and counted for the exit code: about transcripts, about the codebook and project file, or all')
        .choices(['all', 'transcripts', 'codebook'])
        .default('all'),
    )
    .action(async (paths: string[], options: ValidateCommandOptions) => {
      const { runValidate } = await import('../actions/validate.js');
      process.exitCode = await runValidate(paths, options);
    });
}
