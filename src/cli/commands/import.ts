/**
 * `cocreate import`: brings material made elsewhere into the project.
 * `--dictionary FILE` turns a published dictionary (quanteda YAML or LIWC
 * .dic) into a codebook. `--qdc FILE` turns a REFI-QDA codebook into one, and
 * `--qdpx FILE -o DIR` a whole project from another QDA tool into a codebook
 * and transcripts with the other tool's codings (actions/import-refi.ts).
 */
import { Option, type Command } from 'commander';
import { UsageError } from '../../model/errors.js';

export interface ImportCommandOptions {
  dictionary?: string;
  dictionaryLanguage?: string;
  dictionaryFormat?: 'quanteda' | 'liwc';
  output?: string;
  /** REFI-QDA codebook (`.qdc`, or the codebook of a `.qde`/`.qdpx`) → codebook YAML. */
  qdc?: string;
  /** REFI-QDA project (`.qdpx` or `.qde`) → DIR/codebooks/ and DIR/interviews/. */
  qdpx?: string;
  language?: string;
  speaker?: string;
  paragraphs?: 'auto' | 'line' | 'blank-line';
  speakerLabels?: boolean;
  markReviewed?: boolean;
  force?: boolean;
}

export function defineImportCommand(program: Command): void {
  program
    .command('import')
    .description('import a published dictionary (quanteda YAML, LIWC .dic) or a REFI-QDA codebook or project (NVivo, ATLAS.ti, MAXQDA, QualCoder)')
    .option('--dictionary <file>', 'dictionary to turn into a codebook (quanteda .yml or LIWC .dic)')
    .option('--dictionary-language <codes>', 'rule languages that receive the patterns, comma-separated (default: en,es)')
    .addOption(new Option('--dictionary-format <format>', 'dictionary format (default: from the extension, .dic = liwc)').choices(['quanteda', 'liwc']))
    .option('--qdc <file>', 'REFI-QDA codebook (.qdc; or the codebook inside a .qde/.qdpx) to turn into a codebook')
    .option('--qdpx <file>', 'REFI-QDA project (.qdpx, or a .qde with sources/ beside it) to turn into transcripts and a codebook under -o DIR')
    .addOption(new Option('--language <language>', 'language of imported sources without a language variable').choices(['en', 'es']).default('en'))
    .option('--speaker <name>', 'speaker of imported paragraphs without a speaker label', 'respondent')
    .addOption(new Option('--paragraphs <rule>', 'how imported texts split into segments: one per line, per blank-line paragraph, or auto').choices(['auto', 'line', 'blank-line']).default('auto'))
    .option('--speaker-labels', 'read "Name: " at the start of paragraphs of other tools\' texts as speaker labels (always on for cocreate exports)')
    .option('--mark-reviewed', 'count every coder as having reviewed all segments of the sources they coded (uncoded = their "no" in agreement)')
    .option('--force', 'overwrite files that already exist (--qdc, --qdpx) or look like a transcript, codebook or project file (--dictionary)')
    .option('-o, --output <file>', 'write the codebook to this file (atomically) instead of stdout, e.g. codebooks/lsd.yaml; for --qdpx, the folder to create the project in')
    .action(async (options: ImportCommandOptions) => {
      if (options.dictionary !== undefined) {
        const { runImportDictionary } = await import('../actions/import-dictionary.js');
        process.exitCode = await runImportDictionary(options.dictionary, options);
        return;
      }
      if (options.qdc !== undefined || options.qdpx !== undefined) {
        const { runImportRefi } = await import('../actions/import-refi.js');
        process.exitCode = await runImportRefi(options);
        return;
      }
      throw new UsageError('Say what to import, e.g. `cocreate import --dictionary dict.yml -o codebooks/dict.yaml`.');
    });
}
