/**
 * Everything `cocreate report` shows, assembled once as plain data so the
 * HTML and Markdown renderers draw the same numbers: corpus overview,
 * theme and code frequencies, the theme × group table, agreement with the
 * human coders, and — so that every number can be traced — the coded
 * segments behind each count, with stable anchors (`seg-sgad-01-12`).
 * Pure: no IO, no clock (a timestamp is passed in only when asked for), and
 * every list in a fixed order, so the same inputs give the same report bytes.
 */
import { ownValue } from '../model/records.js';
import type { CompiledCodebook } from '../code/compile.js';
import type { CodedSegment, CodedTranscript } from '../code/coder.js';
import { agreementSegmentsOf, compareCoders, compareWithHuman, reliabilityMark, type ReliabilityMark } from './agreement.js';
import { compareGroups, RESIDUAL_THRESHOLD, type Comparison } from './compare.js';
import { countCooccurrence, segmentCodeSets, type Cooccurrence, type CooccurrencePair } from './cooccurrence.js';
import { countFrequencies, crosstabFrequencies, groupTallies, MISSING_GROUP, TOPIC_GROUPING, type Crosstab, type FrequencyTable } from './frequencies.js';
import { PROTOCOL_TOPICS } from '../model/transcript.js';
import { knownTopics } from './topics.js';
import { quotesOfTranscript, resolveQuoteTarget, selectQuotes, type Quote, type QuoteSource } from './quotes.js';
import { indexCodes, segmentCodes, tallyTranscript, type CodeSource } from './tally.js';

/** Attributes the corpus overview always breaks down by (when present), besides the `--by` attribute. */
export const OVERVIEW_ATTRIBUTES = ['unit', 'role', 'language'] as const;

export interface ReportOptions {
  /** Attribute the theme × group table groups by, e.g. `unit`. */
  by: string;
  /** Whose codes are counted (default `auto`). */
  source: CodeSource;
  /** Quotes shown per theme. */
  quotesPerTheme: number;
  /** What the heatmap cells show and are shaded by: segments coded (default) or interviews coded. */
  measure?: HeatmapMeasure;
  /** cocreate version, printed in the footer. */
  version: string;
  /** ISO time the report was made; only when the user asked for it (`--timestamp`), so reports stay byte-identical. */
  generatedAt?: string;
  /** Whether interviewer turns were coded (stated in the method note). */
  includeInterviewer?: boolean;
  /** The project's protocol topics, in order: the columns of the topic × theme heatmap (default: the eight of the model). */
  topics?: readonly string[];
  /** The source as outputs name it when automatic codes are counted: `rules`, `model` or `hybrid` (default: the tally source's name). */
  sourceName?: string;
  /** The model file behind a `model` or `hybrid` source, e.g. `models/coval.json`. */
  modelFile?: string;
  /** What the model file says about its own agreement (model and hybrid sources). */
  quality?: ReportModelQuality;
}

/** Kappa of the rules, the model and the hybrid on cross-validated decisions. */
export interface ReportKappas {
  rules: number | null;
  model: number | null;
  hybrid: number | null;
}

/**
 * A learned model's own agreement with the human coding, from its model
 * file (leave-one-interview-out inside `cocreate train`), shown when the
 * report counts the model's or the hybrid's codes.
 */
export interface ReportModelQuality {
  /** `model` or `hybrid`. */
  source: string;
  /** Model file, e.g. `models/coval.json`. */
  file: string;
  /** Transcript ids the model learned from. */
  trainedOn: string[];
  /** Interviews and segments of its cross-validation. */
  interviews: number;
  segments: number;
  pooled: ReportKappas;
  /** Per theme, codebook order. */
  themes: (ReportKappas & { id: string; label: string })[];
  /** Pooled kappa after reviewing 0%, 10%, … of the hybrid's cross-validated decisions, least certain first and at random. */
  reviewCurve?: { seed: number; points: { fraction: number; reviewed: number; kappa: number | null; randomKappa: number | null }[] };
}

/** A `[start, end)` span of UTF-16 offsets into a segment's text. */
export interface TextSpan {
  start: number;
  end: number;
}

export interface InterviewOverview {
  id: string;
  file: string;
  language: string;
  illustrative: boolean;
  attributes: Record<string, string>;
  /** The interview's group for `--by` (its attribute value, or `(none)`). */
  group: string;
  /** Segments analysed (respondent turns, plus interviewer turns when included). */
  segments: number;
  /** Words in those segments. */
  words: number;
  /** Segments carrying at least one code of the counted source. */
  codedSegments: number;
  /** Anchor of the interview's block in the coded-segments appendix, e.g. `int-sgad-01`. */
  anchor: string;
}

/** How many interviews take each value of one attribute. */
export interface AttributeDistribution {
  /** Attribute name, e.g. `role`. */
  attribute: string;
  /** Values by count (descending), then name. */
  values: { value: string; count: number }[];
}

/** One interview and the segments of it behind a count. */
export interface TraceInterview {
  id: string;
  /** Segment anchors (`seg-…`) and 0-based turn indexes, in text order. */
  segments: { index: number; anchor: string }[];
}

/** The segments behind one count, by group. */
export interface TraceGroup {
  /** Group name (attribute value). */
  name: string;
  /** Interviews in the group. */
  size: number;
  /** Anchor of this row in the sources appendix, e.g. `idx-success--g3`. */
  anchor: string;
  interviews: TraceInterview[];
}

/** Where the numbers of one theme or code come from. */
export interface TraceEntry {
  /** Theme id or full code id. */
  id: string;
  level: 'theme' | 'code';
  label: string;
  /** Anchor in the sources appendix, e.g. `idx-success.quick-wins`. */
  anchor: string;
  /** Anchor of the definition in the codebook appendix, e.g. `cb-success.quick-wins`. */
  codebookAnchor: string;
  /** Segments carrying it (equals the frequency table's count). */
  segments: number;
  /** Interviews with at least one such segment. */
  interviews: number;
  groups: TraceGroup[];
}

/** A coded segment in the appendix. */
export interface SegmentEntry {
  /** Anchor, e.g. `seg-sgad-01-12`. */
  anchor: string;
  interview: string;
  /** 0-based turn index (the `segment` column of `code --codings`). */
  index: number;
  file: string;
  /** 1-based line where the text starts. */
  line: number;
  speaker: string;
  language: string;
  text: string;
  /** Words the rules matched, merged, in order. */
  highlights: TextSpan[];
  /** Codes the rules applied (full ids, codebook order). */
  auto: string[];
  /** Codes each human coder applied (known ids only), coders sorted. */
  human: { coder: string; codes: string[] }[];
  /** Codes of the counted source (what the report's numbers count). */
  counted: string[];
}

export interface InterviewSegments {
  id: string;
  anchor: string;
  file: string;
  language: string;
  attributes: Record<string, string>;
  segments: SegmentEntry[];
}

/** One cell of the topic × theme heatmap: segments under a protocol topic coded with a theme. */
export interface TopicHeatmapCell {
  theme: string;
  /** Topic name, or `(none)` for segments without a topic. */
  topic: string;
  /** Segments under the topic carrying the theme (the value written in the cell). */
  segments: number;
  /** Segments under the topic (the denominator). */
  topicSegments: number;
  /** segments / topicSegments, in [0, 1]; null for a topic without segments. */
  share: number | null;
  /** Interviews with at least one such segment. */
  interviews: number;
  /** Interviews with segments under the topic. */
  size: number;
  /** Set when the segment-level comparison flags the cell (only in themes whose test has p < {@link FLAG_P}). */
  mark?: 'high' | 'low';
  /** Adjusted standardised residual of the segment-level comparison; null when not tested. */
  residual: number | null;
  /** Anchor of the theme's segments in the sources appendix. */
  anchor: string;
}

/** Which themes come up under which question: themes × protocol topics, counted in segments and tested per segment. */
export interface TopicHeatmap {
  /** Topics in protocol order (every declared topic, then others found, then `(none)` when some segments have no topic). */
  topics: { name: string; size: number; segments: number; words: number; tested: boolean }[];
  themes: { id: string; label: string }[];
  /** cells[theme][topic]. */
  cells: TopicHeatmapCell[][];
  /** Per-theme tests of presence per segment × topic (tested themes only). */
  tests: ThemeTest[];
  /** `compared` counts segments here (under a topic with at least two interviews). */
  method: HeatmapMethod & {
    /** Segments without a topic, left out of the tests. */
    excluded: number;
  };
}

/** Cells are flagged only in themes whose test of independence has p below this. */
export const FLAG_P = 0.05;

/** `interviews`: interviews coded / interviews in the group; `segments`: segments coded / segments of the group. */
export type HeatmapMeasure = 'interviews' | 'segments';

/** One cell of the theme × group heatmap. */
export interface HeatmapCell {
  theme: string;
  group: string;
  /** Interviews in the group with the theme (the value written in the cell). */
  interviews: number;
  /** Interviews in the group (the denominator). */
  size: number;
  /** Segments in the group carrying the theme. */
  segments: number;
  /** interviews / size, in [0, 1]; null for an empty group. */
  share: number | null;
  /** Segments of the group analysed (the denominator of `segmentShare`). */
  groupSegments: number;
  /** segments / groupSegments, in [0, 1]; null when the group has no segments. */
  segmentShare: number | null;
  /** Set when the comparison flags the cell as over- (`high`) or under-represented (`low`). */
  mark?: 'high' | 'low';
  /** Adjusted standardised residual from the comparison, when there is one. */
  residual?: number | null;
  /** Anchor of the segments behind the cell. */
  anchor: string;
}

/** The test of one theme across groups, as the comparison reports it. */
export interface ThemeTest {
  theme: string;
  /** Method name, e.g. `fisher` or `permutation`. */
  test: string;
  statistic: number | null;
  df: number | null;
  p: number | null;
  q: number | null;
  cramersV: number | null;
}

export interface GroupHeatmap {
  /** The attribute grouped by. */
  by: string;
  /** What cells show and are shaded by. */
  measure: HeatmapMeasure;
  groups: { name: string; size: number; segments: number }[];
  themes: { id: string; label: string }[];
  /** cells[theme][group]. */
  cells: HeatmapCell[][];
  /** Per-theme tests, when the comparison module ran. */
  tests: ThemeTest[];
  /** `compared` counts interviews here (those with the attribute). */
  method: HeatmapMethod;
}

/** How a heatmap's cells were flagged and its themes tested, for the figure note. */
export interface HeatmapMethod {
  /** Flags are shown only in themes whose test has p below this, e.g. 0.05. */
  p: number;
  /** |adjusted standardised residual| at or above which a cell is flagged, e.g. 1.96. */
  threshold: number;
  /** Monte Carlo permutations, where the exact test was too large. */
  permutations: number;
  /** Seed of the permutation test. */
  seed: number;
  /** Themes tested (the m of Benjamini–Hochberg). */
  tested: number;
  /** Units compared: interviews (groups by attribute) or segments (topics). */
  compared: number;
}

/** Agreement of the automatic coding with one human coder on one theme or code. */
export interface AgreementRow {
  id: string;
  label: string;
  level: 'theme' | 'code';
  coder: string;
  /** Segments the coder reviewed (the units compared). */
  reviewed: number;
  /** Both applied it. */
  both: number;
  /** Only the rules applied it (false positives against the coder). */
  autoOnly: number;
  /** Only the coder applied it (false negatives). */
  humanOnly: number;
  /** Neither applied it. */
  neither: number;
  precision: number | null;
  recall: number | null;
  f1: number | null;
  /** Cohen's kappa on presence/absence. */
  kappa: number | null;
  /** Krippendorff's alpha (nominal; the rules and the coder as two coders). */
  alpha: number | null;
  /** The lower of kappa and alpha against 0.8 (reliable) and 0.667 (tentative). */
  reliability: ReliabilityMark;
}

/** Reliability of one theme between the human coders. */
export interface IntercoderRow {
  id: string;
  label: string;
  /** Mean share of agreeing coder pairs per segment. */
  agreement: number | null;
  /** Cohen's kappa (two coders only). */
  kappa: number | null;
  /** Krippendorff's alpha, any number of coders. */
  alpha: number | null;
  reliability: ReliabilityMark;
}

export interface AgreementSummary {
  /** Human coders found, sorted. */
  coders: string[];
  /** Per coder: segments reviewed, and the statistics pooled over every code × segment decision. */
  overall: { coder: string; reviewed: number; precision: number | null; recall: number | null; f1: number | null; kappa: number | null; alpha: number | null }[];
  /** Per coder, per theme (coders in `coders` order). */
  themes: AgreementRow[];
  codes: AgreementRow[];
  /** With two or more coders: their reliability on the segments all of them reviewed. */
  intercoder?: {
    coders: string[];
    /** Segments every coder reviewed (the units). */
    segments: number;
    /** Segments only some coders reviewed (left out). */
    partial: number;
    overall: { agreement: number | null; kappa: number | null; alpha: number | null };
    themes: IntercoderRow[];
  };
}

/** A quote as the report shows it: an excerpt of the segment around the matched words. */
export interface ReportQuote {
  interview: string;
  /** Anchor of the whole segment in the coded-segments appendix. */
  anchor: string;
  file: string;
  line: number;
  /** 0-based turn index. */
  segment: number;
  language: string;
  attributes: Record<string, string>;
  /** Codes of the theme on this segment. */
  codes: string[];
  /** Who applied them: `auto` and/or coder names. */
  sources: string[];
  /** The excerpt shown (the whole text when short). */
  text: string;
  /** Matched words within `text`. */
  highlights: TextSpan[];
  /** Whether text was cut before / after the excerpt. */
  cutStart: boolean;
  cutEnd: boolean;
}

export interface ThemeQuotes {
  theme: string;
  label: string;
  /** Segments that could be quoted (carry a code of the theme). */
  total: number;
  /** Interviews among them. */
  interviews: number;
  quotes: ReportQuote[];
}

/** A co-occurring code pair and the segments behind its count. */
export interface PairTrace extends CooccurrencePair {
  /** Anchor in the sources appendix, e.g. `co-success.quick-wins--outcomes.cost-reduction`. */
  anchor: string;
  interviews: TraceInterview[];
}

/** Code co-occurrence within segments, restricted to codes that occur. */
export interface CooccurrenceView {
  /** Segments counted (all analysed segments). */
  units: number;
  /** Codes that occur at least once, codebook order. */
  codes: Cooccurrence['codes'];
  /** counts[i][j] over `codes`; the diagonal is the code's own count. */
  counts: number[][];
  jaccard: (number | null)[][];
  /** Pairs by count (descending), each with its segments. */
  pairs: PairTrace[];
  /** Codes of the codebook left out because they never occur. */
  absent: number;
}

export interface ReportData {
  /** Report title: the codebook's title, or its id. */
  title: string;
  codebook: CompiledCodebook['codebook'];
  /** The counted source as text: `rules`, `model`, `hybrid` (`auto` from older callers), `manual` or a coder name. */
  source: string;
  /** The model file behind a `model` or `hybrid` source. */
  modelFile?: string;
  version: string;
  generatedAt?: string;
  includeInterviewer: boolean;
  interviews: InterviewOverview[];
  distributions: AttributeDistribution[];
  frequencies: FrequencyTable;
  crosstab: Crosstab;
  heatmap: GroupHeatmap;
  themeTraces: TraceEntry[];
  codeTraces: TraceEntry[];
  agreement?: AgreementSummary;
  /** The learned model's own cross-validated agreement (model and hybrid sources). */
  quality?: ReportModelQuality;
  cooccurrence: CooccurrenceView;
  quotes: ThemeQuotes[];
  segments: InterviewSegments[];
  /** True when any transcript is marked illustrative. */
  illustrative: boolean;
  /** Themes by protocol topic; absent when no segment has a topic. */
  topicHeatmap?: TopicHeatmap;
}

/** Assembles the report from coded transcripts (any order; the report sorts them by id). */
export function buildReportData(compiled: CompiledCodebook, coded: readonly CodedTranscript[], options: ReportOptions): ReportData {
  const transcripts = [...coded].sort((a, b) => compareText(a.transcript.id, b.transcript.id));
  const anchors = new AnchorBook();
  const interviewAnchor = new Map<string, string>();
  for (const item of transcripts) interviewAnchor.set(item.transcript.id, anchors.take(`int-${slug(item.transcript.id)}`));
  const segmentAnchor = (interview: string, index: number) => `seg-${interviewAnchor.get(interview)!.slice(4)}-${index}`;

  const tallies = transcripts.map((item) => tallyTranscript(compiled, item, options.source));
  const frequencies = countFrequencies(compiled, tallies);
  const crosstab = crosstabFrequencies(compiled, tallies, options.by);
  const groupOf = new Map<string, string>();
  for (const [name, members] of groupTallies(tallies, options.by)) for (const tally of members) groupOf.set(tally.id, name);
  const groupIndex = new Map(crosstab.groups.map((group, index) => [group.name, index]));

  const interviews = transcripts.map((item, index): InterviewOverview => {
    const tally = tallies[index]!;
    return {
      id: item.transcript.id,
      file: item.transcript.file,
      language: item.transcript.language,
      illustrative: item.transcript.illustrative,
      attributes: item.transcript.attributes,
      group: groupOf.get(item.transcript.id)!,
      segments: tally.segments,
      words: tally.words,
      codedSegments: tally.codedSegments,
      anchor: interviewAnchor.get(item.transcript.id)!,
    };
  });

  // Which counted codes each segment carries: the same call the tallies use, so traces equal counts.
  const codeIndex = indexCodes(compiled);
  const counted = transcripts.map((item) => item.segments.map((segment) => segmentCodes(compiled, segment, options.source, codeIndex)));

  const traceFor = (level: 'theme' | 'code', position: number): TraceEntry => {
    const id = level === 'theme' ? compiled.codebook.themes[position]!.id : compiled.codes[position]!.id;
    const label = level === 'theme' ? compiled.codebook.themes[position]!.label : compiled.codes[position]!.label;
    const anchor = `idx-${id}`;
    const groups: TraceGroup[] = crosstab.groups.map((group, g) => ({ name: group.name, size: group.size, anchor: `${anchor}--g${g + 1}`, interviews: [] }));
    let segments = 0;
    transcripts.forEach((item, t) => {
      const hits: { index: number; anchor: string }[] = [];
      item.segments.forEach((segment, s) => {
        const codes = counted[t]![s]!;
        const has = level === 'code' ? codes.includes(position) : codes.some((code) => compiled.themeOfCode[code] === position);
        if (has) hits.push({ index: segment.segment.index, anchor: segmentAnchor(item.transcript.id, segment.segment.index) });
      });
      if (hits.length === 0) return;
      segments += hits.length;
      groups[groupIndex.get(groupOf.get(item.transcript.id)!)!]!.interviews.push({ id: item.transcript.id, segments: hits });
    });
    const interviewsCoded = groups.reduce((sum, group) => sum + group.interviews.length, 0);
    return { id, level, label, anchor, codebookAnchor: `cb-${id}`, segments, interviews: interviewsCoded, groups };
  };
  const themeTraces = compiled.codebook.themes.map((_, index) => traceFor('theme', index));
  const codeTraces = compiled.codes.map((_, index) => traceFor('code', index));

  const comparison = compareGroups(compiled, tallies, options.by, { level: 'theme' });
  const heatmap = buildHeatmap(crosstab, compiled, themeTraces, comparison, options.measure ?? 'segments');
  const topicHeatmap = transcripts.some((item) => item.segments.some((segment) => segment.segment.question !== undefined))
    ? buildTopicHeatmap(compiled, transcripts, options, themeTraces)
    : undefined;

  const segments = transcripts.map((item, t): InterviewSegments => ({
    id: item.transcript.id,
    anchor: interviewAnchor.get(item.transcript.id)!,
    file: item.transcript.file,
    language: item.transcript.language,
    attributes: item.transcript.attributes,
    segments: item.segments
      .map((segment, s) => segmentEntry(compiled, item, segment, counted[t]![s]!, segmentAnchor(item.transcript.id, segment.segment.index), codeIndex))
      .filter((entry) => entry.auto.length > 0 || entry.human.some((coding) => coding.codes.length > 0) || entry.counted.length > 0),
  }));

  const cooccurrence = buildCooccurrence(compiled, transcripts, counted, segmentAnchor, options.source);
  const quoteSource: QuoteSource = options.source;
  const quotes = compiled.codebook.themes.map((theme): ThemeQuotes => {
    const target = resolveQuoteTarget(compiled, theme.id);
    if ('error' in target) return { theme: theme.id, label: theme.label, total: 0, interviews: 0, quotes: [] };
    const found = transcripts.flatMap((item) => quotesOfTranscript(compiled, item, target, { source: quoteSource }));
    const selection = selectQuotes(target, found);
    const ranked = selection.groups.flatMap((group) => group.quotes);
    return {
      theme: theme.id,
      label: theme.label,
      total: selection.total,
      interviews: selection.interviews,
      quotes: spreadOverInterviews(ranked, options.quotesPerTheme).map((quote) => reportQuote(quote, segmentAnchor(quote.interview, quote.segment))),
    };
  });

  const distributionNames = [...new Set<string>([...OVERVIEW_ATTRIBUTES, options.by])];
  const distributions = distributionNames
    .map((attribute) => distributionOf(interviews, attribute))
    .filter((distribution): distribution is AttributeDistribution => distribution !== undefined);

  return {
    title: compiled.codebook.title ?? compiled.codebook.id,
    codebook: compiled.codebook,
    source: options.sourceName ?? (typeof options.source === 'string' ? options.source : options.source.coder),
    modelFile: options.modelFile,
    version: options.version,
    generatedAt: options.generatedAt,
    includeInterviewer: options.includeInterviewer ?? false,
    interviews,
    distributions,
    frequencies,
    crosstab,
    heatmap,
    themeTraces,
    codeTraces,
    agreement: buildAgreement(compiled, transcripts),
    quality: options.quality,
    cooccurrence,
    quotes,
    segments,
    illustrative: transcripts.some((item) => item.transcript.illustrative),
    ...(topicHeatmap ? { topicHeatmap } : {}),
  };
}

/** Themes × protocol topics: segments coded per topic, tested per segment across topics (groups of one interview not tested). */
function buildTopicHeatmap(compiled: CompiledCodebook, transcripts: readonly CodedTranscript[], options: ReportOptions, traces: readonly TraceEntry[]): TopicHeatmap {
  const tallies = transcripts.map((item) => tallyTranscript(compiled, item, options.source, { topics: true }));
  const found = transcripts.flatMap((item) => item.segments.flatMap((segment) => (segment.segment.question === undefined ? [] : [segment.segment.question])));
  const order = knownTopics(options.topics ?? PROTOCOL_TOPICS, found);
  const crosstab = crosstabFrequencies(compiled, tallies, TOPIC_GROUPING, order);
  const comparison = compareGroups(compiled, tallies, TOPIC_GROUPING, { level: 'theme', topics: order });
  const tested = new Map(comparison.groups.map((group) => [group.name, group.tested]));
  const themes = compiled.codebook.themes.map((theme) => ({ id: theme.id, label: theme.label }));
  const cells = themes.map((theme, t) =>
    crosstab.groups.map((group): TopicHeatmapCell => {
      const row = group.themes[t]!;
      return {
        ...comparedCell(comparison, t, group.name),
        theme: theme.id,
        topic: group.name,
        segments: row.segments,
        topicSegments: group.segments,
        share: group.segments > 0 ? row.segments / group.segments : null,
        interviews: row.interviews,
        size: group.size,
        anchor: traces[t]!.anchor,
      };
    }),
  );
  return {
    topics: crosstab.groups.map((group) => ({ name: group.name, size: group.size, segments: group.segments, words: group.words, tested: group.name !== MISSING_GROUP && (tested.get(group.name) ?? false) })),
    themes,
    cells,
    tests: themeTests(comparison),
    method: {
      p: FLAG_P,
      threshold: RESIDUAL_THRESHOLD,
      permutations: comparison.permutations,
      seed: comparison.seed,
      tested: comparison.tested,
      compared: comparison.groups.filter((group) => group.tested).reduce((sum, group) => sum + group.segments, 0),
      excluded: comparison.excluded,
    },
  };
}

/**
 * A heatmap cell's residual and flag from the comparison. The comparison may
 * leave groups out (interviews without the attribute, untested topics), so its
 * cells are found by group name; a residual flags a cell only after the
 * theme's own test rejects independence (post-hoc, as Haberman's residuals
 * are meant).
 */
function comparedCell(comparison: Comparison, theme: number, group: string): { mark?: 'high' | 'low'; residual: number | null } {
  const row = comparison.rows[theme];
  const cell = row?.cells.find((candidate) => candidate.group === group);
  const mark = cell?.mark && row?.p !== null && row?.p !== undefined && row.p < FLAG_P ? cell.mark : undefined;
  return { ...(mark ? { mark } : {}), residual: cell?.residual ?? null };
}

/** The per-theme tests of a comparison, for the heatmap's table (themes that were tested only). */
function themeTests(comparison: Comparison): ThemeTest[] {
  return comparison.rows
    .filter((row) => row.test !== null)
    .map((row) => ({ theme: row.id, test: row.test!, statistic: row.statistic, df: row.df, p: row.p, q: row.q, cramersV: row.cramersV }));
}

function buildHeatmap(crosstab: Crosstab, compiled: CompiledCodebook, traces: readonly TraceEntry[], comparison: Comparison, measure: HeatmapMeasure): GroupHeatmap {
  const themes = compiled.codebook.themes.map((theme) => ({ id: theme.id, label: theme.label }));
  const cells = themes.map((theme, t) =>
    crosstab.groups.map((group, g): HeatmapCell => {
      const row = group.themes[t]!;
      return {
        ...comparedCell(comparison, t, group.name),
        theme: theme.id,
        group: group.name,
        interviews: row.interviews,
        size: group.size,
        segments: row.segments,
        share: group.size > 0 ? row.interviews / group.size : null,
        groupSegments: group.segments,
        segmentShare: group.segments > 0 ? row.segments / group.segments : null,
        anchor: traces[t]!.groups[g]!.anchor,
      };
    }),
  );
  return {
    by: crosstab.by,
    measure,
    groups: crosstab.groups.map((group) => ({ name: group.name, size: group.size, segments: group.segments })),
    themes,
    cells,
    tests: themeTests(comparison),
    method: { p: FLAG_P, threshold: RESIDUAL_THRESHOLD, permutations: comparison.permutations, seed: comparison.seed, tested: comparison.tested, compared: comparison.interviews },
  };
}

function segmentEntry(
  compiled: CompiledCodebook,
  item: CodedTranscript,
  coded: CodedSegment,
  countedCodes: readonly number[],
  anchor: string,
  codeIndex: Map<string, number>,
): SegmentEntry {
  const { segment } = coded;
  const human = [...coded.human.keys()].sort(compareText).map((coder) => ({
    coder,
    codes: segmentCodes(compiled, coded, { coder }, codeIndex).map((code) => compiled.codes[code]!.id),
  }));
  return {
    anchor,
    interview: item.transcript.id,
    index: segment.index,
    file: item.transcript.file,
    line: segment.at.line,
    speaker: segment.speaker,
    language: item.transcript.language,
    text: segment.text,
    highlights: mergeSpans(coded.matches),
    auto: coded.auto.map((code) => compiled.codes[code]!.id),
    human,
    counted: countedCodes.map((code) => compiled.codes[code]!.id),
  };
}

/** The strongest quotes, taking at most one per interview until every interview with a quote has given one. */
function spreadOverInterviews(ranked: readonly Quote[], limit: number): Quote[] {
  const chosen: Quote[] = [];
  const used = new Set<string>();
  for (const quote of ranked) {
    if (chosen.length >= limit) break;
    if (used.has(quote.interview)) continue;
    chosen.push(quote);
    used.add(quote.interview);
  }
  for (const quote of ranked) {
    if (chosen.length >= limit) break;
    if (!chosen.includes(quote)) chosen.push(quote);
  }
  return chosen;
}

/** Quotes longer than this (UTF-16 units) are cut to an excerpt around the matched words. */
export const QUOTE_MAX_LENGTH = 520;
/** Context kept on each side of the matched words in an excerpt. */
const QUOTE_CONTEXT = 200;

function reportQuote(quote: Quote, anchor: string): ReportQuote {
  const excerpt = excerptAround(quote.text, quote.highlights);
  return {
    interview: quote.interview,
    anchor,
    file: quote.file,
    line: quote.line,
    segment: quote.segment,
    language: quote.language,
    attributes: quote.attributes,
    codes: quote.codes,
    sources: quote.sources,
    ...excerpt,
  };
}

/**
 * Cuts a long text to the stretch from a little before the first highlight
 * to a little after the last (at word boundaries, at most about
 * QUOTE_MAX_LENGTH), shifting the highlights; short texts are kept whole.
 */
export function excerptAround(text: string, highlights: readonly TextSpan[]): { text: string; highlights: TextSpan[]; cutStart: boolean; cutEnd: boolean } {
  if (text.length <= QUOTE_MAX_LENGTH) return { text, highlights: highlights.map((span) => ({ start: span.start, end: span.end })), cutStart: false, cutEnd: false };
  const anchorStart = highlights[0]?.start ?? 0;
  const anchorEnd = highlights[0]?.end ?? 0;
  let from = Math.max(0, anchorStart - QUOTE_CONTEXT);
  let to = Math.max(anchorEnd, Math.min(text.length, from + QUOTE_MAX_LENGTH));
  const space = (index: number) => /\s/.test(text[index] ?? ' ');
  // Whole words only: move the start forward to a word start (never past the first highlight), the end forward to a word end.
  while (from > 0 && from < anchorStart && !space(from - 1)) from++;
  while (to < text.length && !space(to)) to++;
  while (from < to && space(from)) from++;
  while (to > from && space(to - 1)) to--;
  const kept = highlights.filter((span) => span.start >= from && span.end <= to).map((span) => ({ start: span.start - from, end: span.end - from }));
  return { text: text.slice(from, to), highlights: kept, cutStart: from > 0, cutEnd: to < text.length };
}

function buildCooccurrence(
  compiled: CompiledCodebook,
  transcripts: readonly CodedTranscript[],
  counted: readonly (readonly (readonly number[])[])[],
  segmentAnchor: (interview: string, index: number) => string,
  source: CodeSource,
): CooccurrenceView {
  const full = countCooccurrence(compiled, transcripts.map((item) => segmentCodeSets(compiled, item, source)));
  const keep = full.codes.flatMap((code, index) => (code.count > 0 ? [index] : []));
  // Each segment's code pairs are looked up once (not every pair against every segment): linear in the corpus, few allocations.
  const codeCount = compiled.codes.length;
  const positionOf = new Map(compiled.codes.map((code, index) => [code.id, index]));
  const pairAt = new Map<number, number>();
  full.pairs.forEach((pair, p) => {
    const a = positionOf.get(pair.source)!;
    const b = positionOf.get(pair.target)!;
    pairAt.set(a * codeCount + b, p);
    pairAt.set(b * codeCount + a, p);
  });
  const traced: TraceInterview[][] = full.pairs.map(() => []);
  transcripts.forEach((item, t) => {
    const found = new Map<number, TraceInterview['segments']>();
    item.segments.forEach((segment, s) => {
      const codes = [...new Set(counted[t]![s]!)];
      for (let i = 0; i < codes.length; i++) {
        for (let j = i + 1; j < codes.length; j++) {
          const p = pairAt.get(codes[i]! * codeCount + codes[j]!);
          if (p === undefined) continue;
          const hit = { index: segment.segment.index, anchor: segmentAnchor(item.transcript.id, segment.segment.index) };
          const list = found.get(p);
          if (list) list.push(hit);
          else found.set(p, [hit]);
        }
      }
    });
    for (const [p, segments] of found) traced[p]!.push({ id: item.transcript.id, segments });
  });
  const pairs = full.pairs.map((pair, p): PairTrace => ({ ...pair, anchor: `co-${pair.source}--${pair.target}`, interviews: traced[p]! }));
  return {
    units: full.units,
    codes: keep.map((index) => full.codes[index]!),
    counts: keep.map((i) => keep.map((j) => full.counts[i]![j]!)),
    jaccard: keep.map((i) => keep.map((j) => full.jaccard[i]![j]!)),
    pairs,
    absent: full.codes.length - keep.length,
  };
}

/** Sorted, overlapping or touching spans merged into one. */
export function mergeSpans(spans: readonly TextSpan[]): TextSpan[] {
  const sorted = spans.filter((span) => span.end > span.start).map((span) => ({ start: span.start, end: span.end })).sort((a, b) => a.start - b.start || a.end - b.end);
  const merged: TextSpan[] = [];
  for (const span of sorted) {
    const last = merged[merged.length - 1];
    if (last && span.start <= last.end) last.end = Math.max(last.end, span.end);
    else merged.push(span);
  }
  return merged;
}

function distributionOf(interviews: readonly InterviewOverview[], attribute: string): AttributeDistribution | undefined {
  const counts = new Map<string, number>();
  let present = false;
  for (const interview of interviews) {
    const value = attribute === 'language' ? interview.language : ownValue(interview.attributes, attribute);
    if (value !== undefined) present = true;
    const key = value ?? '(none)';
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  if (!present) return undefined;
  const values = [...counts].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count || compareText(a.value, b.value));
  return { attribute, values };
}

/** The rules against each human coder (on the segments that coder reviewed), and the coders against each other; from agreement.ts. */
function buildAgreement(compiled: CompiledCodebook, transcripts: readonly CodedTranscript[]): AgreementSummary | undefined {
  const segments = transcripts.flatMap((item) => agreementSegmentsOf(compiled, item));
  const coders = [...new Set(segments.flatMap((segment) => [...segment.human.keys()]))].sort(compareText);
  if (coders.length === 0) return undefined;
  const results = coders.map((coder) => compareWithHuman(compiled, segments, { kind: 'coder', coder }));
  const row = (coder: string, reviewed: number) => (entry: AgreementStatsRow): AgreementRow => ({
    id: entry.id,
    label: entry.label,
    level: entry.level,
    coder,
    reviewed,
    both: entry.tp,
    autoOnly: entry.fp,
    humanOnly: entry.fn,
    neither: entry.tn,
    precision: entry.precision,
    recall: entry.recall,
    f1: entry.f1,
    kappa: entry.kappa,
    alpha: entry.alpha,
    reliability: reliabilityMark(entry.kappa, entry.alpha),
  });
  const intercoder = coders.length >= 2 ? compareCoders(compiled, segments, coders) : undefined;
  return {
    coders,
    overall: results.map((result, index) => ({
      coder: coders[index]!,
      reviewed: result.segments,
      precision: result.overall.precision,
      recall: result.overall.recall,
      f1: result.overall.f1,
      kappa: result.overall.kappa,
      alpha: result.overall.alpha,
    })),
    themes: results.flatMap((result, index) => result.themes.map(row(coders[index]!, result.segments))),
    codes: results.flatMap((result, index) => result.codes.map(row(coders[index]!, result.segments))),
    ...(intercoder
      ? {
          intercoder: {
            coders: intercoder.coders,
            segments: intercoder.segments,
            partial: intercoder.partial,
            overall: { agreement: intercoder.overall.agreement, kappa: intercoder.overall.kappa, alpha: intercoder.overall.alpha },
            themes: intercoder.themes.map((entry) => ({ id: entry.id, label: entry.label, agreement: entry.agreement, kappa: entry.kappa, alpha: entry.alpha, reliability: reliabilityMark(entry.kappa, entry.alpha) })),
          },
        }
      : {}),
  };
}

type AgreementStatsRow = ReturnType<typeof compareWithHuman>['codes'][number];

/** Lower-case ASCII slug for anchors: `Unidad de Carpeta` → `unidad-de-carpeta`. */
export function slug(text: string): string {
  const out = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return out === '' ? 'x' : out;
}

/** Hands out unique anchors in call order (`a`, `a-2`, `a-3`), so two ids that slug alike never share one. */
class AnchorBook {
  private readonly used = new Set<string>();

  take(base: string): string {
    let anchor = base;
    for (let n = 2; this.used.has(anchor); n++) anchor = `${base}-${n}`;
    this.used.add(anchor);
    return anchor;
  }
}

/** Code-point order: the same on every machine and locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
