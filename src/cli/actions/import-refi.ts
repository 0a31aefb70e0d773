/**
 * `cocreate import --qdc FILE` and `cocreate import --qdpx FILE -o DIR`:
 * a codebook or a whole project from NVivo, ATLAS.ti, MAXQDA, QualCoder,
 * f4 or Taguette becomes a cocreate codebook (codes without rules yet) and,
 * for projects, Markdown transcripts whose segments carry the other tool's
 * codings as human codes, so `agree`, `compare` and `report` run on them.
 * Everything written is read back with cocreate's own loaders first, so an
 * import never leaves files that `code` cannot read. Existing files are
 * kept unless `--force`; a project is written all at once (writeProject).
 */
import { sanitizeText } from '../../render/sanitize.js';
import { pushAll } from '../../model/lists.js';
import { access, mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { parseCodebook } from '../../load/codebook.js';
import { importCodebook, importProject, type ImportedCodebook, type ParagraphMode } from '../../load/refi-import.js';
import { readRefiFile, type RefiDocument } from '../../load/refi-qda.js';
import { parseMarkdownTranscript } from '../../load/transcript-markdown.js';
import { createDiagnostic, type Diagnostic } from '../../model/diagnostic.js';
import { UsageError } from '../../model/errors.js';
import { slugify } from '../../model/ids.js';
import type { Language } from '../../model/transcript.js';
import { renderCodebookYaml } from '../../render/codebook-yaml.js';
import { renderImportedTranscript } from '../../render/transcript-markdown.js';
import { exitCodeFromDiagnostics, reportDiagnostics } from '../diagnostics.js';
import { readCheckedFile } from '../../load/read-file.js';
import { emit } from '../output.js';
import { isProcessAlive, registerTemporary, removeTemporary, unregisterTemporary, writeFileSafely } from '../write-file.js';

export interface ImportRefiOptions {
  qdc?: string;
  qdpx?: string;
  output?: string;
  language?: string;
  speaker?: string;
  paragraphs?: ParagraphMode | 'auto';
  speakerLabels?: boolean;
  markReviewed?: boolean;
  force?: boolean;
}

export async function runImportRefi(options: ImportRefiOptions): Promise<number> {
  if (options.qdc !== undefined && options.qdpx !== undefined) throw new UsageError('Give either --qdc or --qdpx, not both.');
  return options.qdc !== undefined ? importQdc(options.qdc, options) : importQdpx(options.qdpx!, options);
}

/** `3 codes`, `1 code`. */
function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** `codebooks/Team codes.yaml` → `team-codes`. */
function idFromPath(path: string, fallback: string): string {
  return slugify(basename(path).replace(/\.[^.]*$/, ''), fallback);
}

function describeOrigin(document: RefiDocument): string {
  return document.origin ? ` (${document.origin})` : '';
}

function codebookHeader(file: string, document: RefiDocument, imported: ImportedCodebook, flag: string): string[] {
  return [
    `Imported from ${basename(file)}${describeOrigin(document)} with \`cocreate import ${flag}\`: ${count(imported.refiCodes, 'code')} read.`,
    'Top-level codes with children, and folders at any depth, became themes; deeper codes were flattened into their theme (label = path).',
    'The codes have no rules yet: add `rules:` per language to code automatically (docs/codebook-format.md).',
    '',
  ];
}

/** The codebook YAML, checked by loading it as `code` would. */
function codebookYaml(imported: ImportedCodebook, header: string[], target: string, diagnostics: Diagnostic[]): string {
  const content = renderCodebookYaml({ ...imported.codebook, id: imported.codebook.id ?? 'imported', header });
  const loaded = parseCodebook(content, target);
  if (!loaded.codebook) throw new Error(`the imported codebook does not load: ${loaded.diagnostics.map((d) => d.message).join('; ')}`);
  pushAll(diagnostics, loaded.diagnostics);
  return content;
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * Writes the imported files under `directory` all at once, as far as a file
 * system allows: everything goes into a staging folder first (beside a new
 * `directory`, or inside an existing one), which is renamed into place, or
 * whose files are renamed in one by one, at the end. Interrupted (SIGINT,
 * SIGTERM), the staging folder is removed; killed outright, it is left as a
 * dot-folder that the next import removes. A file that already holds exactly
 * what would be written is no conflict, so a rerun after an interruption
 * works; any other existing file stops the import unless `force`.
 */
async function writeProject(directory: string, files: Map<string, string>, force: boolean): Promise<void> {
  const existing: string[] = [];
  const unchanged = new Set<string>();
  for (const [path, content] of files) {
    if (!(await exists(path))) continue;
    if (await holds(path, content)) unchanged.add(path);
    else if (!force) existing.push(path);
  }
  if (existing.length > 0) {
    throw new UsageError(`${existing.length} file(s) already exist (${existing.slice(0, 3).join(', ')}${existing.length > 3 ? ', …' : ''}); nothing was written. Use --force to replace them, or another -o folder.`);
  }
  const target = resolve(directory);
  let info;
  try {
    info = await stat(target);
  } catch {
    // a new folder
  }
  if (info && !info.isDirectory()) throw new UsageError(`Cannot import into "${directory}": it exists and is not a folder.`);
  const parent = info ? target : dirname(target);
  const prefix = info ? '.cocreate-import-' : `.${basename(target)}.cocreate-import-`;
  await mkdir(parent, { recursive: true });
  await removeStaleStaging(parent, prefix);
  const staging = join(parent, `${prefix}${process.pid}.tmp`);
  registerTemporary(staging);
  try {
    await placeFiles(target, staging, info !== undefined, files, unchanged);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`Cannot import into "${directory}": ${(error as Error).message}`);
  } finally {
    removeTemporary(staging);
  }
}

/** Writes the files into `staging`, then moves them into place: the whole folder when `target` is new, else file by file. */
async function placeFiles(target: string, staging: string, targetExists: boolean, files: Map<string, string>, unchanged: ReadonlySet<string>): Promise<void> {
  for (const [path, content] of files) {
    const staged = join(staging, relative(target, resolve(path)));
    await mkdir(dirname(staged), { recursive: true });
    await writeFile(staged, content, { flag: 'wx' });
  }
  if (!targetExists) {
    await rename(staging, target);
    unregisterTemporary(staging);
    return;
  }
  for (const [path, content] of files) {
    const staged = join(staging, relative(target, resolve(path)));
    if (unchanged.has(path)) continue;
    if (await exists(path)) {
      // Replaced with --force: through the safe writer (links followed, mode kept).
      await writeFileSafely(path, content, { force: true });
      continue;
    }
    await mkdir(dirname(path), { recursive: true });
    await rename(staged, path);
  }
}

/** Whether `path` holds exactly `content`. */
async function holds(path: string, content: string): Promise<boolean> {
  const read = await readCheckedFile(path, Buffer.byteLength(content) + 1);
  return 'bytes' in read && Buffer.from(read.bytes).equals(Buffer.from(content));
}

/** Removes staging folders left by imports that were killed (their process is gone). */
async function removeStaleStaging(parent: string, prefix: string): Promise<void> {
  let names: string[];
  try {
    names = await readdir(parent);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith('.tmp')) continue;
    const pid = Number(name.slice(prefix.length, -'.tmp'.length));
    if (!Number.isInteger(pid) || pid <= 0 || isProcessAlive(pid)) continue;
    await rm(join(parent, name), { recursive: true, force: true });
  }
}


async function importQdc(file: string, options: ImportRefiOptions): Promise<number> {
  const input = await readRefiFile(file);
  const diagnostics: Diagnostic[] = [...input.diagnostics];
  const document = input.document;
  if (!document || document.codes.length === 0) {
    if (document) diagnostics.push(createDiagnostic('error', 'no-codes', file, 'The file has no codes; nothing was written.'));
    reportDiagnostics(diagnostics);
    return 1;
  }
  const toFile = options.output !== undefined && options.output !== '-';
  if (toFile && !options.force && (await exists(options.output!))) {
    throw new UsageError(`"${options.output}" already exists; use --force to replace it.`);
  }
  const imported = importCodebook(document.codes, { id: idFromPath(toFile ? options.output! : file, 'codebook'), title: `${document.name ?? basename(file)} (imported)` });
  const content = codebookYaml(imported, codebookHeader(file, document, imported, '--qdc'), toFile ? options.output! : 'codebook.yaml', diagnostics);
  if (Object.keys(document.ignored).length > 0) {
    diagnostics.push(createDiagnostic('warning', 'not-imported', file, `Not imported: ${Object.entries(document.ignored).map(([name, n]) => `${n} ${name}`).join(', ')}.`));
  }
  await emit(content, options.output, [file]);
  reportDiagnostics(diagnostics);
  if (toFile) {
    const themes = imported.codebook.themes.length;
    const codes = imported.codebook.themes.reduce((sum, theme) => sum + theme.codes.length, 0);
    process.stderr.write(sanitizeText(`Imported ${count(imported.refiCodes, 'code')} from ${file} into ${options.output}: ${count(themes, 'theme')}, ${count(codes, 'code')} (no rules yet).\n`));
  }
  return exitCodeFromDiagnostics(diagnostics);
}

async function importQdpx(file: string, options: ImportRefiOptions): Promise<number> {
  if (options.output === undefined || options.output === '-') throw new UsageError('--qdpx needs -o DIR: the folder to write codebooks/ and interviews/ into.');
  const input = await readRefiFile(file);
  const diagnostics: Diagnostic[] = [...input.diagnostics];
  const document = input.document;
  if (!document) {
    reportDiagnostics(diagnostics);
    return 1;
  }
  if (document.kind === 'codebook') throw new UsageError(`${file} is a codebook, not a project; import it with --qdc.`);
  const language = (options.language ?? 'en') as Language;
  const name = idFromPath(file, 'project');
  const project = importProject(input, file, {
    codebookId: name,
    language,
    speaker: options.speaker,
    paragraphs: options.paragraphs,
    speakerLabels: options.speakerLabels,
    markReviewed: options.markReviewed,
  });
  pushAll(diagnostics, project.diagnostics);

  const directory = options.output;
  const files = new Map<string, string>();
  if (project.codebook.codebook.themes.length > 0) {
    const target = join(directory, 'codebooks', `${name}.yaml`);
    files.set(target, codebookYaml(project.codebook, codebookHeader(file, document, project.codebook, '--qdpx'), target, diagnostics));
  }
  for (const transcript of project.transcripts) {
    const target = join(directory, 'interviews', `${transcript.id}.md`);
    const rendered = renderImportedTranscript(transcript, { file: basename(file), origin: document.origin });
    for (const change of rendered.changes) diagnostics.push(createDiagnostic('warning', 'text-changed', target, `Changed so the Markdown reads back: ${change}.`));
    // Read it back as `code` will: the segments must be the ones the codings were placed on.
    const check = parseMarkdownTranscript(rendered.text, target);
    if (!check.transcript || check.transcript.segments.length !== transcript.segments.length) {
      throw new Error(`the imported transcript ${target} does not read back (${check.diagnostics.map((d) => d.message).join('; ') || 'segment count differs'})`);
    }
    files.set(target, rendered.text);
  }
  if (files.size === 0) {
    diagnostics.push(createDiagnostic('error', 'nothing-imported', file, 'The project has neither codes nor readable text sources; nothing was written.'));
    reportDiagnostics(diagnostics);
    return 1;
  }
  await writeProject(directory, files, options.force === true);

  reportDiagnostics(diagnostics);
  const { statistics } = project;
  const segments = project.transcripts.reduce((sum, transcript) => sum + transcript.segments.length, 0);
  const units = [...new Set(project.transcripts.filter((t) => t.reading.checked > 0).map((t) => (t.reading.unit === 'utf-16' ? 'UTF-16 units' : 'code points')))];
  process.stderr.write(
    `Imported ${file} into ${directory}: ${count(project.codebook.refiCodes, 'code')}; ${count(statistics.sources, 'source')} → ${count(project.transcripts.length, 'transcript')}, ${count(segments, 'segment')}` +
      (statistics.sourcesSkipped > 0 ? ` (${count(statistics.sourcesSkipped, 'source')} without text skipped)` : '') +
      `; ${statistics.selectionsPlaced} of ${statistics.selections} coded selections placed` +
      (statistics.selectionsSpanning > 0 ? ` (${statistics.selectionsSpanning} span several segments)` : '') +
      (statistics.rulesCodings > 0 ? `; ${count(statistics.rulesCodings, 'coding')} by cocreate's rules left out` : '') +
      (units.length > 0 ? `; positions read as ${units.join(' / ')}` : '') +
      '.\n',
  );
  return exitCodeFromDiagnostics(diagnostics);
}
