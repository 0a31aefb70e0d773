/**
 * `cocreate validate`: the project file, the codebook and every transcript,
 * checked the way a linter checks code, for people (text) and for CI (json,
 * GitHub annotations). Transcripts are read, checked and coded one at a
 * time, so memory stays flat; a file that cannot be read is one more
 * finding, never the end of the run. The report is this command's output,
 * so it goes to stdout (or `-o`); the exit code follows from the counts:
 * 0 clean (warnings allowed), 1 errors, or warnings under `--strict` or over
 * `--max-warnings`; 2 is left to usage errors and failures of the tool.
 */
import { renderSafeText, sanitizeText } from '../../render/sanitize.js';
import { pushAll } from '../../model/lists.js';
import { codeTranscript } from '../../code/coder.js';
import { compileCodebook, type CompiledCodebook } from '../../code/compile.js';
import { listCodes } from '../../model/codebook.js';
import { countSeverities, createDiagnostic, type Diagnostic } from '../../model/diagnostic.js';
import { UsageError } from '../../model/errors.js';
import { PROJECT_FILE_NAME } from '../../model/project.js';
import type { SourcePoint } from '../../model/transcript.js';
import { findDefaultCodebook, readCodebookFile, type LoadedCodebook } from '../../load/codebook.js';
import { listTranscriptFiles, loadTranscriptFile } from '../../load/corpus.js';
import { readProjectFile } from '../../load/project.js';
import { renderDiagnosticsGithub, renderDiagnosticsJson, renderDiagnosticsText, summaryLine } from '../../render/diagnostics.js';
import { plainStyle } from '../../render/style.js';
import { checkCodebook } from '../../validate/codebook-rules.js';
import { checkCodebookExamples } from '../../validate/codebook-examples.js';
import { checkDuplicateIds } from '../../validate/duplicate-ids.js';
import { checkPersonalData } from '../../validate/personal-data.js';
import { addRuleUsage, checkRuleUsage, createRuleUsage } from '../../validate/rule-usage.js';
import { checkTranscript } from '../../validate/transcript-rules.js';
import type { ValidateCommandOptions } from '../commands/validate.js';
import { resolveFormat } from '../commands/options.js';
import { emit, styleFor } from '../output.js';

/** Runs every check and writes the report; resolves to the exit code. */
export async function runValidate(paths: string[], options: ValidateCommandOptions): Promise<number> {
  const format = resolveFormat(options.format, options.output, 'text', ['text', 'json', 'github']);
  const diagnostics: Diagnostic[] = [];
  const personalSeverity = options.strict ? 'error' : 'warning';

  const projectPath = options.project ?? PROJECT_FILE_NAME;
  const loadedProject = await readProjectFile(projectPath, options.project !== undefined);
  pushAll(diagnostics, loadedProject.diagnostics);
  const project = loadedProject.project;
  const personalData = { redact: project.redact, allow: project.allow, severity: personalSeverity } as const;

  const codebookPath = await resolveCodebookPath(options.codebook, diagnostics);
  let loadedCodebook: LoadedCodebook | undefined;
  let compiled: CompiledCodebook | undefined;
  if (codebookPath !== undefined) {
    loadedCodebook = await readCodebookFile(codebookPath);
    pushAll(diagnostics, loadedCodebook.diagnostics);
    if (loadedCodebook.source !== undefined) pushAll(diagnostics, checkPersonalData(loadedCodebook.source, codebookPath, personalData));
    if (loadedCodebook.codebook) {
      const result = compileCodebook(loadedCodebook.codebook);
      compiled = result.compiled;
      pushAll(diagnostics, result.diagnostics);
    }
  }
  const codeIds = loadedCodebook?.codebook ? listCodes(loadedCodebook.codebook).map((code) => code.id) : undefined;

  const listing = await listTranscriptFiles(paths);
  pushAll(diagnostics, listing.diagnostics);
  if (listing.files.length === 0 && !listing.diagnostics.some((d) => d.severity === 'error')) {
    diagnostics.push(
      createDiagnostic('error', 'no-transcripts', paths[0] ?? '.', `No transcripts found in ${paths.map((path) => `"${path}"`).join(', ')}.`, {
        hint: 'Transcripts are .yaml, .yml, .md or .markdown files; pass the folder that holds them.',
      }),
    );
  }

  const usage = createRuleUsage();
  const identified: { id: string; file: string; idAt: SourcePoint }[] = [];
  const languages = new Map<string, number>();
  for (const entry of listing.files) {
    const loaded = await loadTranscriptFile(entry);
    pushAll(diagnostics, loaded.diagnostics);
    if (loaded.source !== undefined) pushAll(diagnostics, checkPersonalData(loaded.source, entry.file, personalData));
    const transcript = loaded.transcript;
    if (!transcript) continue;
    pushAll(diagnostics, checkTranscript(transcript, { project, codeIds, codebookFile: codebookPath }));
    identified.push({ id: transcript.id, file: transcript.file, idAt: transcript.idAt });
    languages.set(transcript.language, (languages.get(transcript.language) ?? 0) + 1);
    if (compiled) addRuleUsage(usage, codeTranscript(compiled, transcript));
  }
  pushAll(diagnostics, checkDuplicateIds(identified));
  if (loadedCodebook?.codebook) pushAll(diagnostics, checkCodebook(loadedCodebook.codebook, { corpusLanguages: languages }));
  if (compiled) pushAll(diagnostics, checkRuleUsage(compiled, usage));
  if (compiled) pushAll(diagnostics, checkCodebookExamples(compiled));

  // Findings about the codebook or the project file, apart from those about transcripts (issue 14):
  // CI can gate a pull request that adds a transcript on the transcripts' findings only (--scope transcripts).
  const projectFiles = new Set([codebookPath, projectPath, project.file, loadedProject.redactFile, 'codebooks/'].filter((file) => file !== undefined));
  const scopeOf = (d: Diagnostic): 'transcripts' | 'codebook' => (projectFiles.has(d.file) ? 'codebook' : 'transcripts');
  const scope = options.scope ?? 'all';
  const inScope = scope === 'all' ? diagnostics : diagnostics.filter((d) => scopeOf(d) === scope);
  const counts = countSeverities(inScope);
  const overWarnings = options.maxWarnings !== undefined && counts.warning > options.maxWarnings;
  const exitCode = counts.error > 0 || (options.strict && counts.warning > 0) || overWarnings ? 1 : 0;
  const shown = options.quiet ? inScope.filter((d) => d.severity === 'error') : inScope;
  const checked = `(${listing.files.length} transcript${listing.files.length === 1 ? '' : 's'}${codebookPath ? `, ${codebookPath}` : ''}${project.file ? `, ${project.file}` : ''} checked)`;
  const why = exitCode === 1 && counts.error === 0 ? (options.strict ? ' — warnings fail under --strict' : ` — more than --max-warnings ${options.maxWarnings}`) : '';
  const scopes = scopeSummary(diagnostics, scopeOf, scope);

  let content: string;
  if (format === 'json') content = renderDiagnosticsJson(shown);
  // Info (skipped files) would become notices on the pull request: noise there, so only errors and warnings.
  else if (format === 'github') content = sanitizeText(`${renderDiagnosticsGithub(shown.filter((d) => d.severity !== 'info'))}${summaryLine(counts.error, counts.warning)} ${checked}${why}\n${scopes}\n`);
  else if (format === 'text') {
    const style = options.output === undefined || options.output === '-' ? styleFor(process.stdout) : plainStyle;
    content = `${renderSafeText((safe) => renderDiagnosticsText(shown, safe, { showInfo: !options.quiet, counts, summaryDetail: `${checked}${why}` }), style)}${scopes}\n`;
  } else throw new UsageError(`Unknown --format "${format}"; use text, json or github.`);
  const inputs = [...paths, ...listing.files.map((entry) => entry.absolute), ...(codebookPath ? [codebookPath] : []), projectPath];
  await emit(content, options.output, loadedProject.redactFile ? [...inputs, loadedProject.redactFile] : inputs);
  return exitCode;
}

/**
 * One line saying how the findings split between transcripts and the
 * codebook with the project file, and what `--scope` left out, e.g.
 * `transcripts: 0 errors, 0 warnings · codebook and project file: 0 errors, 4 warnings`.
 */
function scopeSummary(diagnostics: readonly Diagnostic[], scopeOf: (d: Diagnostic) => 'transcripts' | 'codebook', scope: 'all' | 'transcripts' | 'codebook'): string {
  const part = (which: 'transcripts' | 'codebook') => {
    const counts = countSeverities(diagnostics.filter((d) => scopeOf(d) === which));
    const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
    const name = which === 'transcripts' ? 'transcripts' : 'codebook and project file';
    return `${name}: ${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}${scope !== 'all' && scope !== which ? ` (not counted: --scope ${scope})` : ''}`;
  };
  return `${part('transcripts')} · ${part('codebook')}`;
}

/**
 * The codebook to check: the one given, else the one in `./codebooks/`.
 * With no codebook at all the transcripts are still checked (a warning
 * says what is skipped); several codebooks and no choice is a usage error.
 */
async function resolveCodebookPath(given: string | undefined, diagnostics: Diagnostic[]): Promise<string | undefined> {
  if (given !== undefined) return given;
  try {
    return await findDefaultCodebook();
  } catch (error) {
    if (error instanceof UsageError && !/^Several codebooks/.test(error.message)) {
      diagnostics.push(
        createDiagnostic('warning', 'no-codebook', 'codebooks/', `${error.message.replace(/\.? Pass one with --codebook FILE\.$/, '')}; codes and codebook rules are not checked.`, {
          hint: 'Pass one with --codebook FILE.',
        }),
      );
      return undefined;
    }
    throw error;
  }
}
