/**
 * `cocreate import --dictionary FILE`: a published dictionary (quanteda
 * YAML or LIWC .dic) → a codebook YAML file. The result is checked by
 * loading and compiling it exactly as `code` will, so a codebook that
 * import writes is one that codes.
 */
import { sanitizeText } from '../../render/sanitize.js';
import { pushAll } from '../../model/lists.js';
import { basename } from 'node:path';
import { compileCodebook } from '../../code/compile.js';
import { parseCodebook } from '../../load/codebook.js';
import { readDictionaryFile, type DictionaryFormat } from '../../load/dictionary.js';
import type { Diagnostic } from '../../model/diagnostic.js';
import { UsageError } from '../../model/errors.js';
import { renderCodebookYaml } from '../../render/codebook-yaml.js';
import { exitCodeFromDiagnostics, reportDiagnostics } from '../diagnostics.js';
import { emit } from '../output.js';

export interface ImportDictionaryOptions {
  /** Where to write the codebook (stdout when absent). */
  output?: string;
  /** Comma-separated rule languages, e.g. `en,es` (the default). */
  dictionaryLanguage?: string;
  /** `quanteda` or `liwc`; by default from the extension. */
  dictionaryFormat?: DictionaryFormat;
}

/** Rule languages when `--dictionary-language` is not given: the transcript languages cocreate reads. */
export const DEFAULT_DICTIONARY_LANGUAGES = ['en', 'es'];

export async function runImportDictionary(file: string, options: ImportDictionaryOptions): Promise<number> {
  const languages = parseLanguages(options.dictionaryLanguage);
  const id = idFromPath(options.output && options.output !== '-' ? options.output : file);
  const imported = await readDictionaryFile(file, { id, languages, format: options.dictionaryFormat });
  const diagnostics: Diagnostic[] = [...imported.diagnostics];
  const codes = imported.themes.reduce((sum, theme) => sum + theme.codes.length, 0);
  if (codes === 0 || diagnostics.some((d) => d.severity === 'error')) {
    if (codes === 0 && !diagnostics.some((d) => d.severity === 'error')) {
      diagnostics.push({ file, severity: 'error', ruleId: 'dictionary-empty', source: 'cocreate', message: 'The dictionary has no categories with usable values; nothing was written.' });
    }
    reportDiagnostics(diagnostics);
    return 1;
  }
  const format = imported.format === 'liwc' ? 'LIWC .dic' : 'quanteda YAML';
  const content = renderCodebookYaml({
    id,
    title: `${basename(file)} (imported dictionary)`,
    description: `Imported from ${basename(file)} (${format} dictionary) by cocreate import: ${codes} categories, ${imported.patterns} patterns.`,
    languages,
    themes: imported.themes,
    header: [
      `Imported from ${basename(file)} (${format} dictionary) with \`cocreate import --dictionary\`.`,
      'Matching as in quanteda: case-insensitive, no stemming. `=word` is that word exactly,',
      '`word*` any word starting with word, a phrase its words in a row. Regexes stand for',
      'globs with `*` or `?` at the start or inside a word.',
      '',
    ],
  });

  // The written codebook must load and compile; report its problems against the output path.
  const target = options.output && options.output !== '-' ? options.output : `${id}.yaml`;
  const loaded = parseCodebook(content, target);
  pushAll(diagnostics, loaded.diagnostics);
  if (loaded.codebook) pushAll(diagnostics, compileCodebook(loaded.codebook).diagnostics);
  else throw new Error(`the imported codebook does not load: ${loaded.diagnostics.map((d) => d.message).join('; ')}`);

  await emit(content, options.output, [file]);
  reportDiagnostics(diagnostics);
  if (options.output && options.output !== '-') {
    process.stderr.write(sanitizeText(`Imported ${codes} categories (${imported.patterns} patterns) from ${file} into ${options.output}, with rules for ${languages.join(', ')}.\n`));
  }
  return exitCodeFromDiagnostics(diagnostics);
}

function parseLanguages(value: string | undefined): string[] {
  if (value === undefined) return DEFAULT_DICTIONARY_LANGUAGES;
  const languages = [...new Set(value.split(',').map((language) => language.trim().toLowerCase()).filter((language) => language !== ''))];
  if (languages.length === 0 || languages.some((language) => !/^[a-z]{2,3}$/.test(language))) {
    throw new UsageError(`--dictionary-language takes language codes separated by commas, e.g. "en" or "en,es"; got "${value}".`);
  }
  return languages;
}

/** `codebooks/LIWC 2015.yaml` → `liwc-2015`. */
function idFromPath(path: string): string {
  const name = basename(path).replace(/\.[^.]*$/, '');
  const id = name
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return id === '' ? 'dictionary' : id;
}
