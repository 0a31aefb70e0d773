/**
 * `--source` and `--model` for every command that counts (issue 12): whose
 * codes are counted — the codebook's rules, the learned model, the hybrid
 * of both, the human coders together or one coder — and, for `auto` (the
 * default), the hybrid when `models/<codebook id>.json` exists for this
 * very codebook (same SHA-256), else the rules. Every output names the
 * source that was used (`ResolvedSource.name`).
 *
 * Internally the automatic codes keep travelling as the tally's `auto`
 * source: a model or hybrid run replaces each coded transcript's rule codes
 * with the model's decisions (learn/score.ts `recodeTranscript`), so counts,
 * tables and agreement downstream are unchanged code.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { MAX_CODEBOOK_BYTES, readCheckedFileSync } from '../load/read-file.js';
import { join } from 'node:path';
import type { CodeSource } from '../analyze/tally.js';
import type { CompiledCodebook } from '../code/compile.js';
import type { CodedTranscript } from '../code/coder.js';
import type { LearnedModel } from '../learn/model.js';
import type { ScoringModel } from '../learn/score.js';
import type { ModelExpectation, ParsedModel } from '../load/model-file.js';
import { UsageError } from '../model/errors.js';
import { suggestClosest } from '../validate/suggest.js';

/** The `--source` keywords. */
export const SOURCE_KEYWORDS = ['auto', 'rules', 'model', 'hybrid', 'manual'] as const;

/** What the user asked for: a keyword or a coder's name (checked against the known coders once the corpus is read). */
export type SourceChoice = (typeof SOURCE_KEYWORDS)[number] | { coder: string };

/** The source a run uses, after `auto` and `--model` are resolved. */
export interface ResolvedSource {
  /** As outputs name it: `rules`, `model`, `hybrid`, `manual` or the coder's name. */
  name: string;
  /** `model` and `hybrid` count automatic codes; so does `rules`. */
  kind: 'rules' | 'model' | 'hybrid' | 'manual' | 'coder';
  /** The tally source the counting code uses (`auto` = the automatic codes, whichever produced them). */
  tally: CodeSource;
  /** The model file used (model and hybrid). */
  modelFile?: string;
  /** The model (model and hybrid). */
  model?: LearnedModel;
  /** Ready for scoring (model and hybrid). */
  scoring?: ScoringModel;
  /** learn/score.ts `recodeTranscript` (model and hybrid; loaded with the model, so rules-only runs never load it). */
  recode?: typeof import('../learn/score.js').recodeTranscript;
  /** True when `auto` chose this source. */
  automatic: boolean;
}

/** Parses `--source`: a keyword, or a coder's name (letters, digits, `_ . -`). */
export function parseSourceChoice(value: string, option = '--source'): SourceChoice {
  if ((SOURCE_KEYWORDS as readonly string[]).includes(value)) return value as SourceChoice;
  if (/^[\p{L}\p{N}_.-]+$/u.test(value)) return { coder: value };
  throw new UsageError(`${option} must be one of ${SOURCE_KEYWORDS.join(', ')} or a coder's name, not "${value}".`);
}

/** The default model file of a codebook: `models/<codebook id>.json` in the working folder. */
export function defaultModelPath(codebookId: string): string {
  return join('models', `${codebookId}.json`);
}

/** SHA-256 of the codebook file's bytes (hex). */
export function codebookSha256(path: string): string {
  const read = readCheckedFileSync(path, MAX_CODEBOOK_BYTES);
  if (!('bytes' in read)) throw new UsageError(`The codebook "${path}" ${read.reason}.`);
  return createHash('sha256').update(read.bytes).digest('hex');
}

/** What a model must match to be used with this codebook. */
export function modelExpectation(compiled: CompiledCodebook, codebookPath: string): ModelExpectation {
  return {
    id: compiled.codebook.id,
    sha256: codebookSha256(codebookPath),
    file: codebookPath,
    codes: compiled.codes.map((code) => code.id),
    themes: compiled.codebook.themes.map((theme) => theme.id),
  };
}

/** Reads and checks a model file (zod is loaded only here, not at start-up). */
async function readModel(file: string, expected: ModelExpectation): Promise<ParsedModel> {
  const { readModelFile } = await import('../load/model-file.js');
  return readModelFile(file, expected);
}

/** Loads a model or fails with a usage error naming the file (exit 2). */
export async function loadModelOrFail(file: string, expected: ModelExpectation): Promise<LearnedModel> {
  const loaded = await readModel(file, expected);
  if ('error' in loaded) throw new UsageError(loaded.error);
  return loaded.model;
}

/**
 * Resolves the choice: `auto` → hybrid with `--model` or the codebook's
 * default model when it exists and matches the codebook, else rules (with a
 * note on stderr when a default model exists for another codebook version;
 * a damaged default model is refused, exit 2);
 * `model`/`hybrid` → that model, which must exist and match.
 */
export async function resolveSource(choice: SourceChoice, compiled: CompiledCodebook, codebookPath: string, modelOption?: string, note: (message: string) => void = () => undefined): Promise<ResolvedSource> {
  if (typeof choice === 'object') return { name: choice.coder, kind: 'coder', tally: choice, automatic: false };
  if (choice === 'manual') return { name: 'manual', kind: 'manual', tally: 'manual', automatic: false };
  if (choice === 'rules') {
    if (modelOption !== undefined) throw new UsageError('--model is for --source model, hybrid or auto; --source rules uses no model.');
    return rulesSource(false);
  }
  if (choice === 'auto') {
    const file = modelOption ?? defaultModelPath(compiled.codebook.id);
    if (modelOption === undefined && !existsSync(file)) return rulesSource(true);
    const loaded = await readModel(file, modelExpectation(compiled, codebookPath));
    if ('error' in loaded) {
      // A model of an earlier codebook version is expected after editing the codebook: auto counts the rules and says so. A damaged one is refused.
      if (modelOption !== undefined || loaded.reason !== 'other-codebook') throw new UsageError(loaded.error);
      note(`cocreate: ${loaded.error} Counting the rules' codes instead (--source auto).`);
      return rulesSource(true);
    }
    return learnedSource('hybrid', file, loaded.model, true);
  }
  const file = modelOption ?? defaultModelPath(compiled.codebook.id);
  return learnedSource(choice, file, await loadModelOrFail(file, modelExpectation(compiled, codebookPath)), false);
}

function rulesSource(automatic: boolean): ResolvedSource {
  return { name: 'rules', kind: 'rules', tally: 'auto', automatic };
}

async function learnedSource(kind: 'model' | 'hybrid', file: string, model: LearnedModel, automatic: boolean): Promise<ResolvedSource> {
  const { prepareModel, recodeTranscript } = await import('../learn/score.js');
  return { name: kind, kind, tally: 'auto', modelFile: file, model, scoring: prepareModel(model), recode: recodeTranscript, automatic };
}

/** The coded transcript as the source counts it: the model's or hybrid's codes in place of the rules'. */
export function applySource(source: ResolvedSource, compiled: CompiledCodebook, coded: CodedTranscript): CodedTranscript {
  if (!source.scoring || !source.recode || (source.kind !== 'model' && source.kind !== 'hybrid')) return coded;
  return source.recode(source.scoring, compiled, coded, source.kind);
}

/**
 * Fails with "did you mean" when the source is a coder nobody in the corpus
 * or the project file is: a misspelt keyword (`manuel`) or coder (`alcie`).
 */
export function requireKnownCoder(choice: SourceChoice, corpusCoders: readonly string[], projectCoders: readonly string[] = [], option = '--source'): void {
  if (typeof choice !== 'object') return;
  const known = [...new Set([...corpusCoders, ...projectCoders])].sort();
  if (known.includes(choice.coder)) return;
  const suggestion = suggestClosest(choice.coder, [...SOURCE_KEYWORDS, ...known]);
  throw new UsageError(
    `${option}: "${choice.coder}" is neither a source (${SOURCE_KEYWORDS.join(', ')}) nor a coder of these transcripts${known.length > 0 ? ` (coders: ${known.join(', ')})` : ' (no segment has human codes)'}.${suggestion ? ` Did you mean "${suggestion}"?` : ''}`,
  );
}

/** Fields every JSON output adds: the source, and the model file when one was used. */
export function sourceFields(source: ResolvedSource): { source: string; model?: string } {
  return source.modelFile === undefined ? { source: source.name } : { source: source.name, model: source.modelFile };
}

/** One line naming the source, for table footers and Markdown: e.g. `Source: hybrid (rules + model models/coval.json; chosen by auto).` */
export function sourceLine(source: ResolvedSource): string {
  const how = source.automatic ? '; --source auto' : '';
  switch (source.kind) {
    case 'rules':
      return `Source: rules (the codebook's rules, automatic coding${how}).`;
    case 'model':
      return `Source: model (the learned model ${source.modelFile}, automatic coding${how}).`;
    case 'hybrid':
      return `Source: hybrid (the codebook's rules and the learned model ${source.modelFile}, automatic coding${how}).`;
    case 'manual':
      return 'Source: manual (the human coders, all together).';
    default:
      return `Source: the human coder ${source.name}.`;
  }
}

/** Codes whose cross-validated kappa (of the source's decisions) is below this are marked unreliable. */
export const UNRELIABLE_KAPPA = 0.4;

/** Code ids the model's own CV marks unreliable for this source (kappa < 0.4); empty without a model. */
export function unreliableCodes(source: ResolvedSource): Set<string> {
  const unreliable = new Set<string>();
  if (!source.model || (source.kind !== 'model' && source.kind !== 'hybrid')) return unreliable;
  for (const code of source.model.codes) {
    const kappa = code.cv?.[source.kind].kappa;
    if (kappa !== undefined && kappa !== null && kappa < UNRELIABLE_KAPPA) unreliable.add(code.id);
  }
  for (const theme of source.model.themes) {
    const kappa = theme.cv?.[source.kind].kappa;
    if (kappa !== undefined && kappa !== null && kappa < UNRELIABLE_KAPPA) unreliable.add(theme.id);
  }
  return unreliable;
}

/** A command's source, set up from `--source` (and `--model`): `both` counts the automatic source (as `auto` resolves) and the human codes. */
export interface SourceSetup {
  /** What was asked for (`both` is `auto` here, with `both` true). */
  choice: SourceChoice;
  /** The source used (for `both`: its automatic part). */
  resolved: ResolvedSource;
  /** `--source both`. */
  both: boolean;
  /** For reduceCodedCorpus: the model's codes in place of the rules' (undefined for rules and human sources). */
  recode?: (coded: CodedTranscript) => CodedTranscript;
}

/** Parses `--source`/`--model` and resolves them against the codebook; notes go to stderr. */
export async function setupSource(value: string, compiled: CompiledCodebook, codebookPath: string, modelOption: string | undefined, allowBoth = false): Promise<SourceSetup> {
  const both = allowBoth && value === 'both';
  const choice = both ? 'auto' : parseSourceChoice(value);
  const resolved = await resolveSource(choice, compiled, codebookPath, modelOption, (message) => process.stderr.write(`${message}\n`));
  const recode = resolved.scoring ? (coded: CodedTranscript) => applySource(resolved, compiled, coded) : undefined;
  return { choice, resolved, both, recode };
}

/** Coders named in ./cocreate.yaml (`coders:`), if the file exists and reads; else none. */
export async function projectCoders(): Promise<string[]> {
  if (!existsSync('cocreate.yaml')) return [];
  try {
    const { readProjectFile } = await import('../load/project.js');
    return (await readProjectFile('cocreate.yaml', false)).project.coders ?? [];
  } catch {
    return [];
  }
}

/** After the corpus is read: a coder source must name a known coder (corpus or cocreate.yaml), else a usage error with "did you mean". */
export async function checkSourceCoder(setup: SourceSetup, corpusCoders: readonly string[]): Promise<void> {
  if (typeof setup.choice !== 'object' || corpusCoders.includes(setup.choice.coder)) return;
  requireKnownCoder(setup.choice, corpusCoders, await projectCoders());
}

/** Marks unreliable rows (first cell a code or theme id with CV kappa < 0.4) with ` †`. */
export const UNRELIABLE_MARK = '†';

/**
 * Tables for the terminal and Markdown with their source named (a line
 * under the last table) and, with a model, codes and themes whose
 * cross-validated kappa is below 0.4 marked `†` with a footer line.
 */
export function labelTables<T extends { rows: (string | number | null)[][]; note?: string }>(tables: T[], source: ResolvedSource): T[] {
  const unreliable = unreliableCodes(source);
  let marked = 0;
  const labelled = tables.map((table) => ({
    ...table,
    rows: table.rows.map((row) => {
      const first = row[0];
      if (typeof first !== 'string' || !unreliable.has(first)) return row;
      marked++;
      return [`${first} ${UNRELIABLE_MARK}`, ...row.slice(1)];
    }),
  }));
  if (labelled.length === 0) return labelled;
  const last = labelled[labelled.length - 1]!;
  const lines = [last.note, sourceLine(source)];
  if (marked > 0) lines.push(`${UNRELIABLE_MARK} unreliable: cross-validated kappa of the ${source.name} coding against the human codes below ${UNRELIABLE_KAPPA} (${source.modelFile}).`);
  last.note = lines.filter((line): line is string => line !== undefined && line !== '').join('\n');
  return labelled;
}

/** A CSV table with a `source` column (the same value on every row). */
export function labelCsv<T extends { columns: { header: string }[]; rows: (string | number | null)[][] }>(table: T, source: ResolvedSource): T {
  if (table.columns.some((column) => column.header === 'source')) return table;
  return { ...table, columns: [...table.columns, { header: 'source' }], rows: table.rows.map((row) => [...row, source.name]) };
}
