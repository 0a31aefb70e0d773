/**
 * `cocreate agree`: options → codebook → corpus (filtered by `--where` and
 * `--ids` before coding) → each transcript reduced to its agreement segments
 * → rules vs human reference, or coder vs coder → the chosen format; then
 * the thresholds decide the exit code (1 when a code or the overall figure
 * is below `--min-alpha` / `--min-kappa`).
 */
import {
  agreementSegmentsOf,
  checkThresholds,
  compareCoders,
  compareWithHuman,
  type AgreementSegment,
  type HumanReference,
  type ThresholdFailure,
} from '../../analyze/agreement.js';
import { parseWhere, type AttributeFilter } from '../../analyze/quotes.js';
import type { Diagnostic } from '../../model/diagnostic.js';
import { UsageError } from '../../model/errors.js';
import {
  autoAgreementCsvTable,
  autoAgreementJson,
  autoAgreementTables,
  coderAgreementCsvTable,
  coderAgreementJson,
  coderAgreementTables,
  disagreementCsvTable,
  type AgreementContext,
} from '../../render/agreement-report.js';
import type { AgreeCommandOptions } from '../commands/agree.js';
import { resolveFormat } from '../commands/options.js';
import { openCodebook, storeCachedCodebook } from '../corpus.js';
import { exitCodeFromDiagnostics, reportDiagnostics } from '../diagnostics.js';
import { emit } from '../output.js';
import { reduceCodedCorpus, requireAttribute, requireWhereValues } from './coded-corpus.js';
import { renderReport } from './render-report.js';

/** Splits comma-separated option values (repeatable options collect several). */
function splitList(values: readonly string[]): string[] {
  return [...new Set(values.flatMap((value) => value.split(',')).map((value) => value.trim()).filter((value) => value !== ''))];
}

export async function runAgree(paths: string[], options: AgreeCommandOptions): Promise<number> {
  const format = resolveFormat(options.format, options.output, 'table', ['table', 'csv', 'json', 'md']);
  if (!['table', 'csv', 'json', 'md'].includes(format)) throw new UsageError(`The format "${format}" is not available here; use table, csv, json or md.`);
  if (options.coders !== undefined && options.human !== undefined) throw new UsageError('--human chooses the reference for the rules; --coders compares coders with each other. Use one of them.');
  const where = parseWhere(options.where);
  if ('error' in where) throw new UsageError(where.error);
  const ids = splitList(options.ids);
  const filters: AttributeFilter[] = ids.length > 0 ? [...where, { attribute: 'id', values: ids }] : where;
  const coders = options.coders === undefined ? undefined : splitList([options.coders]);
  if (coders !== undefined && coders.length < 2) throw new UsageError('--coders needs two or more coder names, comma-separated (e.g. --coders alice,bob).');
  if (coders !== undefined && coders.length > 2 && options.minKappa !== undefined) throw new UsageError("--min-kappa needs exactly two coders (Cohen's kappa); with three or more use --min-alpha.");

  const codebook = await openCodebook(options.codebook, { cache: options.cache !== false });
  const { compiled } = codebook;
  const corpus = await reduceCodedCorpus(paths, compiled, { includeInterviewer: options.includeInterviewer, where: filters }, (coded) => ({
    id: coded.transcript.id,
    segments: agreementSegmentsOf(compiled, coded),
  }));
  storeCachedCodebook(codebook);
  const diagnostics: Diagnostic[] = [...codebook.diagnostics, ...corpus.diagnostics];
  reportDiagnostics(diagnostics);
  requireWhereValues(where, corpus);
  const segments: AgreementSegment[] = corpus.results.flatMap((result) => result.segments);
  const found = new Set(corpus.results.map((result) => result.id));
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length > 0) throw new UsageError(`--ids: no transcript with the id ${missing.join(', ')}${where.length > 0 ? ' among those matching --where' : ''} in ${paths.join(', ')}.`);

  const knownCoders = [...new Set(segments.flatMap((segment) => [...segment.human.keys()]))].sort();
  const context: AgreementContext = { codebook: compiled.codebook.id, subset: [...options.where, ...(ids.length > 0 ? [`ids=${ids.join(',')}`] : [])] };
  const show = options.showDisagreements === true;
  let content: string;
  let failures: ThresholdFailure[];
  if (coders !== undefined) {
    const unknown = coders.filter((coder) => !knownCoders.includes(coder));
    if (unknown.length > 0) throw new UsageError(`--coders: no segment is coded by ${unknown.join(', ')}. Coders found: ${knownCoders.join(', ') || 'none'}.`);
    const result = compareCoders(compiled, segments, coders);
    if (result.segments === 0) throw new UsageError(`No segment was reviewed by all of ${coders.join(', ')} (${result.partial} segments were reviewed by only some of them).`);
    content = renderReport(
      format,
      {
        tables: () => coderAgreementTables(result, context, show),
        csv: () => (show ? disagreementCsvTable(result.disagreements) : coderAgreementCsvTable(result)),
        json: () => coderAgreementJson(result, context, show),
      },
      options.bom,
    );
    failures = checkThresholds(result.codes, result.overall, { minAlpha: options.minAlpha, minKappa: options.minKappa });
  } else {
    const reference = parseReference(options.human, knownCoders);
    const result = compareWithHuman(compiled, segments, reference);
    if (result.segments === 0) {
      throw new UsageError(
        knownCoders.length === 0
          ? `No segment in ${paths.join(', ')} has human codes, so there is nothing to compare the rules with. Add \`codes:\` to the segments a researcher coded (docs/transcript-format.md).`
          : `No segment has human codes for the reference "${reference.kind === 'coder' ? reference.coder : reference.kind}".`,
      );
    }
    content = renderReport(
      format,
      {
        tables: () => autoAgreementTables(result, context, show),
        csv: () => (show ? disagreementCsvTable(result.disagreements) : autoAgreementCsvTable(result)),
        json: () => autoAgreementJson(result, context, show),
      },
      options.bom,
    );
    failures = checkThresholds(result.codes, result.overall, { minAlpha: options.minAlpha, minKappa: options.minKappa });
  }
  await emit(content, options.output, [...paths, codebook.path]);
  if (failures.length > 0) {
    const lines = failures.map((failure) => `  ${failure.id}: ${failure.statistic} ${failure.value.toFixed(3)} < ${failure.threshold}`);
    process.stderr.write(`cocreate agree: ${failures.length} ${failures.length === 1 ? 'figure is' : 'figures are'} below the threshold:\n${lines.join('\n')}\n`);
    return 1;
  }
  return exitCodeFromDiagnostics(diagnostics);
}

/** `--human`: absent or `union` → union; `consensus`; else a coder who must exist. */
function parseReference(value: string | undefined, knownCoders: readonly string[]): HumanReference {
  if (value === undefined || value === 'union') return { kind: 'union' };
  if (value === 'consensus') return { kind: 'consensus' };
  if (!knownCoders.includes(value)) throw new UsageError(`--human: no segment is coded by "${value}". Coders found: ${knownCoders.join(', ') || 'none'} (or use union, consensus).`);
  return { kind: 'coder', coder: value };
}
