/** `cocreate explain FILE:LINE`: which rule of which code matched which words in one segment, next to the human codes. */
import { Option, type Command } from 'commander';

export interface ExplainCommandOptions {
  codebook?: string;
  format?: string;
  output?: string;
}

export function defineExplainCommand(program: Command): void {
  program
    .command('explain')
    .description('for the segment at FILE:LINE: which rule of which code matched which words, and the codes human coders applied')
    .argument('<file:line>', 'a transcript and a line of the segment, e.g. interviews/sgad-03.md:42 (as `agree --show-disagreements` lists them)')
    .option('--codebook <file>', 'codebook YAML (default: the one codebook in ./codebooks/)')
    .addOption(new Option('--format <format>', 'output format (default: table)').choices(['table', 'json', 'md']))
    .option('-o, --output <file>', 'write to a file (atomically) instead of stdout')
    .option('--force', 'let -o replace a file that looks like a transcript, codebook or project file')
    .action(async (location: string, options: ExplainCommandOptions) => {
      const { runExplain } = await import('../actions/explain.js');
      process.exitCode = await runExplain(location, options);
    });
}
