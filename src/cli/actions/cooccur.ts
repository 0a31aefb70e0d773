/**
 * `cocreate cooccur`: options → codebook and corpus → per-segment code sets
 * with their topics (each transcript reduced as soon as it is coded, `--where`
 * applied) → co-occurrence counts and Jaccard, overall and per `--by` group
 * (attribute or topic) → ranked pairs, matrix, edge list or JSON.
 */
import { countCooccurrence, coverageOf, groupSegments, type Cooccurrence, type TopicCodeSets } from '../../analyze/cooccurrence.js';
import { TOPIC_GROUPING } from '../../analyze/frequencies.js';
import { attributeValue } from '../../analyze/quotes.js';
import { indexCodes, isReviewed, segmentCodes } from '../../analyze/tally.js';
import type { ReportTable } from '../../render/report-table.js';
import type { Diagnostic } from '../../model/diagnostic.js';
import { UsageError } from '../../model/errors.js';
import {
  cooccurrenceEdgeTable,
  cooccurrenceJson,
  cooccurrenceMatrixCsvTable,
  cooccurrenceMatrixTable,
  cooccurrencePairsTable,
} from '../../render/cooccurrence-report.js';
import type { CooccurCommandOptions } from '../commands/cooccur.js';
import { resolveFormat } from '../commands/options.js';
import { openCodebook, storeCachedCodebook } from '../corpus.js';
import { exitCodeFromDiagnostics, reportDiagnostics } from '../diagnostics.js';
import { emit } from '../output.js';
import { checkSourceCoder, labelTables, setupSource, sourceFields } from '../sources.js';
import { parseWhereOption, readProjectTopics, reduceCodedCorpus, requireAttribute, requireWhereValues, resolveTopics } from './coded-corpus.js';
import { suggestClosest } from '../../validate/suggest.js';
import { renderReport } from './render-report.js';

export async function runCooccur(paths: string[], options: CooccurCommandOptions): Promise<number> {
  const format = resolveFormat(options.format, options.output, 'table', ['table', 'csv', 'json', 'md']);
  const codebook = await openCodebook(options.codebook, { cache: options.cache !== false });
  const { compiled } = codebook;
  const setup = await setupSource(options.source, compiled, codebook.path, options.model);
  const source = setup.resolved.tally;
  if (options.theme !== undefined && !compiled.codebook.themes.some((theme) => theme.id === options.theme)) {
    const themes = compiled.codebook.themes.map((theme) => theme.id);
    const close = suggestClosest(options.theme, themes);
    throw new UsageError(`--theme: the codebook has no theme "${options.theme}".${close ? ` Did you mean "${close}"?` : ''} Themes: ${themes.join(', ')}.`);
  }
  const where = parseWhereOption(options.where);
  const withTopics = options.by === TOPIC_GROUPING || where.topics !== undefined;
  if (options.by !== undefined && options.matrix && format === 'csv') throw new UsageError('--matrix --by has one matrix per group: use --format json (or the CSV edge list without --matrix, which has a group column).');
  const project = withTopics ? await readProjectTopics() : undefined;
  const topicFilter = where.topics ? new Set(where.topics) : undefined;
  const codeIndex = indexCodes(compiled);
  const corpus = await reduceCodedCorpus(paths, compiled, { includeInterviewer: options.includeInterviewer, where: where.attributes, recode: setup.recode }, (coded): TopicCodeSets => ({
    interview: { id: coded.transcript.id, language: coded.transcript.language, attributes: coded.transcript.attributes },
    segments: coded.segments.flatMap((segment) => {
      const topic = segment.segment.question ?? null;
      return topicFilter && !topicFilter.has(topic) ? [] : [{ topic, codes: segmentCodes(compiled, segment, source, codeIndex), reviewed: isReviewed(segment, source) }];
    }),
  }));
  storeCachedCodebook(codebook);
  const diagnostics: Diagnostic[] = [...codebook.diagnostics, ...(project?.diagnostics ?? []), ...corpus.diagnostics];
  reportDiagnostics(diagnostics);
  await checkSourceCoder(setup, corpus.coders);
  requireWhereValues(where.attributes, corpus);
  if (options.by !== undefined && options.by !== TOPIC_GROUPING) requireAttribute(options.by, corpus.attributes, '--by');
  // Topic names for "did you mean": the project's and those of the segments kept.
  const topics = project ? resolveTopics(project.topics, corpus.results.flatMap((interview) => interview.segments.flatMap((segment) => (segment.topic === null ? [] : [segment.topic]))), where) : [];

  const settings = { level: options.level, theme: options.theme };
  // Counted as before; the coverage (segments the source has coded) only feeds the note and the JSON.
  const count = (interviews: readonly TopicCodeSets['segments'][]): Cooccurrence => ({
    ...countCooccurrence(compiled, interviews.map((segments) => segments.map((segment) => segment.codes)), settings),
    ...coverageOf(interviews),
  });
  const cooccurrence = count(corpus.results.map((interview) => interview.segments));
  const by = options.by;
  const groups: { name: string; cooccurrence: Cooccurrence }[] =
    by === undefined
      ? []
      : [...groupSegments(corpus.results, by, (interview) => attributeValue(interview, by), topics)].map(([name, sets]) => ({ name, cooccurrence: count(sets) }));
  const measure = options.measure;
  const meta = { codebook: compiled.codebook.id, ...sourceFields(setup.resolved), ...(Object.keys(where.given).length > 0 ? { where: where.given } : {}) };
  const tableOf = (result: Cooccurrence): ReportTable => (options.matrix ? cooccurrenceMatrixTable(result, measure) : cooccurrencePairsTable(result, measure, options.limit));
  const content = renderReport(
    format,
    {
      tables: () =>
        by === undefined
          ? labelTables([tableOf(cooccurrence)], setup.resolved)
          : labelTables(
              groups.map(({ name, cooccurrence: result }) => {
                const table = tableOf(result);
                return { ...table, title: `${by} = ${name}: ${table.title ?? ''}` };
              }),
              setup.resolved,
            ),
      csv: () => {
        if (by === undefined) return options.matrix ? cooccurrenceMatrixCsvTable(cooccurrence, measure) : cooccurrenceEdgeTable(cooccurrence, measure);
        const parts = groups.map(({ name, cooccurrence: result }) => ({ name, table: cooccurrenceEdgeTable(result, measure) }));
        return {
          columns: [{ header: 'group' }, { header: 'group_units' }, ...(parts[0]?.table.columns ?? cooccurrenceEdgeTable(cooccurrence, measure).columns)],
          rows: parts.flatMap(({ name, table }, index) => table.rows.map((row) => [name, groups[index]!.cooccurrence.units, ...row])),
        };
      },
      json: () => ({
        ...cooccurrenceJson(cooccurrence, measure, meta),
        ...(by === undefined ? {} : { by, groups: groups.map(({ name, cooccurrence: result }) => ({ name, ...cooccurrenceJson(result, measure) })) }),
      }),
    },
    { bom: options.bom, raw: options.rawCsv },
    options.output,
  );
  await emit(content, options.output, [...paths, codebook.path]);
  return exitCodeFromDiagnostics(diagnostics);
}
