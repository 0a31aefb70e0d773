/**
 * The report as Markdown (GitHub-flavoured tables), for a paper's
 * supplementary material: the same sections and numbers as the HTML report,
 * tables instead of charts, and the same anchors (`<a id="seg-…">`) so every
 * number still links to its segments. Transcript and codebook text goes
 * through one function, `escapeMarkdown`, so it can neither become HTML nor
 * Markdown syntax (links, emphasis, table cells).
 */
import { ownValue } from '../model/records.js';
import type { ReportData, ReportQuote, SegmentEntry, TraceEntry, TraceInterview } from '../analyze/report-data.js';
import type { Code } from '../model/codebook.js';
import { corpusUncodedNote } from './frequency-report.js';
import { formatNumber, formatP, formatPercent } from './report-table.js';
import { automaticLabel, sourceName, sourceSentence } from './source-text.js';

/**
 * Escapes text for Markdown inline content and table cells: HTML
 * characters become entities, Markdown punctuation is backslash-escaped,
 * line breaks become spaces (callers that keep lines split first).
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_[\]|~]/g, (char) => `\\${char}`)
    .replace(/\r\n?|\n/g, ' ');
}

/** Renders the whole report as Markdown (ends with a newline). */
export function renderMarkdownReport(data: ReportData): string {
  const blocks = [
    header(data),
    corpus(data),
    themes(data),
    codes(data),
    groups(data),
    cooccurrence(data),
    quotes(data),
    agreement(data),
    codebookAppendix(data),
    sourcesAppendix(data),
    segmentsAppendix(data),
    `---\n\nMade with cocreate ${escapeMarkdown(data.version)} from ${data.interviews.length} transcripts and the codebook \`${code(data.codebook.file)}\`. ${sourceSentence(data, escapeMarkdown)}${data.generatedAt ? ` Generated ${escapeMarkdown(data.generatedAt)}.` : ''}`,
  ];
  return `${blocks.join('\n\n')}\n`;
}

/** A GFM table; cells are Markdown already (escape user text with `escapeMarkdown` first). */
function table(headers: readonly string[], rows: readonly (readonly string[])[], right: readonly boolean[] = []): string {
  const lines = [`| ${headers.join(' | ')} |`, `| ${headers.map((_, index) => (right[index] ? '---:' : '---')).join(' | ')} |`];
  for (const row of rows) lines.push(`| ${row.join(' | ')} |`);
  return lines.join('\n');
}

/** Text for inside backticks: a backtick would end the span, so it becomes a similar quote. */
function code(text: string): string {
  return text.replace(/`/g, 'ʼ').replace(/\r\n?|\n/g, ' ');
}

function anchor(id: string): string {
  return `<a id="${id}"></a>`;
}

function header(data: ReportData): string {
  const f = data.frequencies;
  const codeCount = data.codebook.themes.reduce((sum, theme) => sum + theme.codes.length, 0);
  const words = data.interviews.reduce((sum, interview) => sum + interview.words, 0);
  const parts = [`# ${escapeMarkdown(data.title)}`, '_Qualitative coding report_'];
  if (data.codebook.description) parts.push(escapeMarkdown(data.codebook.description));
  parts.push(
    table(
      ['', ''],
      [
        ['Interviews', String(f.interviews)],
        ['Segments analysed', String(f.segments)],
        ['Words', String(words)],
        ['Codebook', `${escapeMarkdown(data.codebook.id)} · ${data.codebook.themes.length} themes · ${codeCount} codes`],
        ['Codes applied by', sourceName(data.source, data.modelFile, escapeMarkdown)],
        ['Compared by', escapeMarkdown(data.heatmap.by)],
      ],
      [false, true],
    ),
  );
  if (data.illustrative) {
    parts.push('> **Illustrative material.** Some or all transcripts are marked `illustrative: true`: they were written for teaching or testing and are not records of real interviews.');
  }
  parts.push(
    [
      '**Contents:** [1 Corpus](#corpus) · [2 Themes](#themes) · [3 Codes](#codes)',
      `[4 Themes by ${escapeMarkdown(data.heatmap.by)}](#groups) · [5 Co-occurrence](#cooccurrence) · [6 Quotes](#quotes)`,
      '[7 Agreement](#agreement) · [A Codebook](#codebook) · [B Segments behind each number](#sources) · [C Coded segments](#segments)',
    ].join(' · '),
  );
  return parts.join('\n\n');
}

function corpus(data: ReportData): string {
  const N = data.interviews.length;
  const attributes = data.distributions
    .map((distribution) => distribution.attribute)
    .filter((name) => name !== 'language')
    .slice(0, 3);
  const parts = [
    `${anchor('corpus')}\n\n## 1. Corpus`,
    `${N} interviews. A segment is one turn of the respondent${data.includeInterviewer ? ' or the interviewer' : ''}; segments are what the codes are counted on.${corpusUncodedNote(data.frequencies)}`,
  ];
  for (const distribution of data.distributions) {
    parts.push(
      `**Interviews by ${escapeMarkdown(distribution.attribute)}**\n\n` +
        table(
          [escapeMarkdown(distribution.attribute), 'n', '%'],
          distribution.values.map((entry) => [escapeMarkdown(entry.value), String(entry.count), formatPercent(entry.count, N)]),
          [false, true, true],
        ),
    );
  }
  parts.push(
    '**Table 1. Interviews**\n\n' +
      table(
        ['Interview', ...attributes.map(escapeMarkdown), 'language', 'Segments', 'Words', 'Coded segments', '%'],
        data.interviews.map((interview) => [
          `[${escapeMarkdown(interview.id)}](#${interview.anchor})`,
          ...attributes.map((name) => escapeMarkdown(ownValue(interview.attributes, name) ?? '–')),
          escapeMarkdown(interview.language),
          String(interview.segments),
          String(interview.words),
          String(interview.codedSegments),
          formatPercent(interview.codedSegments, interview.segments),
        ]),
        [false, ...attributes.map(() => false), false, true, true, true, true],
      ),
  );
  return parts.join('\n\n');
}

function frequencyTable(rows: readonly { id: string; label: string; interviews: number; segments: number }[], traces: readonly TraceEntry[], N: number, S: number, heading?: (id: string) => string | undefined): string {
  const byId = new Map(traces.map((trace) => [trace.id, trace]));
  const body: string[][] = [];
  for (const row of rows) {
    const themeHeading = heading?.(row.id);
    if (themeHeading) body.push([themeHeading, '', '', '', '', '']);
    const trace = byId.get(row.id)!;
    body.push([
      `[\`${code(row.id)}\`](#${trace.codebookAnchor})`,
      escapeMarkdown(row.label),
      `[${row.interviews}](#${trace.anchor})`,
      formatPercent(row.interviews, N),
      `[${row.segments}](#${trace.anchor})`,
      formatPercent(row.segments, S),
    ]);
  }
  return table(['Id', 'Label', 'Interviews', `% of ${N}`, 'Segments', `% of ${S}`], body, [false, false, true, true, true, true]);
}

function themes(data: ReportData): string {
  const { interviews: N, segments: S } = data.frequencies;
  return [
    `${anchor('themes')}\n\n## 2. Themes`,
    '**Table 2. How often each theme was coded**',
    frequencyTable(data.frequencies.themes, data.themeTraces, N, S),
    `A theme counts once per segment or interview however many of its codes apply. N = ${N} interviews, ${S} segments analysed. Numbers link to the segments behind them (Appendix B).`,
  ].join('\n\n');
}

function codes(data: ReportData): string {
  const { interviews: N, segments: S } = data.frequencies;
  const firstOfTheme = new Map<string, string>();
  for (const theme of data.frequencies.themes) {
    const first = data.frequencies.codes.find((entry) => entry.theme === theme.id);
    if (first) firstOfTheme.set(first.id, `**${escapeMarkdown(theme.label)}**`);
  }
  return [
    `${anchor('codes')}\n\n## 3. Codes`,
    '**Table 3. How often each code was coded, by theme**',
    frequencyTable(data.frequencies.codes, data.codeTraces, N, S, (id) => firstOfTheme.get(id)),
  ].join('\n\n');
}

function groups(data: ReportData): string {
  const map = data.heatmap;
  const themeLabel = new Map(map.themes.map((theme) => [theme.id, theme.label]));
  const m = map.method;
  const bySegments = map.measure === 'segments';
  const value = (cell: (typeof map.cells)[number][number]) =>
    bySegments ? `[${cell.segments}](#${cell.anchor}) (${formatPercent(cell.segments, cell.groupSegments)})` : `[${cell.interviews}/${cell.size}](#${cell.anchor}) (${formatPercent(cell.interviews, cell.size)})`;
  const parts = [
    `${anchor('groups')}\n\n## 4. Themes by ${escapeMarkdown(map.by)}`,
    `**Table 4. ${bySegments ? 'Segments' : 'Interviews'} coded with each theme, by ${escapeMarkdown(map.by)}**`,
    table(
      ['Theme', ...map.groups.map((group) => `${escapeMarkdown(group.name)} (n=${group.size})`)],
      map.cells.map((row, t) => [escapeMarkdown(map.themes[t]!.label), ...row.map((cell) => `${value(cell)}${cell.mark === 'high' ? ' ▲' : cell.mark === 'low' ? ' ▼' : ''}`)]),
      [false, ...map.groups.map(() => true)],
    ),
    `${
      bySegments
        ? "Cells: segments of the group coded with the theme (share of the group's segments). "
        : 'Cells: interviews of the group with at least one segment coded with the theme / interviews in the group (within-group %). '
    }${
      m.tested === 0
        ? map.groups.length < 2
          ? 'With fewer than two groups there is nothing to compare, so no cell is flagged.'
          : `Every theme occurs in all or in none of the ${m.compared} compared interviews, so its presence cannot differ between groups: no theme is tested and no cell is flagged.`
        : `${bySegments ? '▲ and ▼ come from the comparison of interviews coded (Table 5): they mark' : '▲ and ▼ mark'} cells whose adjusted standardised residual in the theme's presence × ${escapeMarkdown(map.by)} table is at least ${m.threshold} or at most −${m.threshold}, in themes whose test gives p < ${m.p}. p-values are from Fisher's exact test, or a Monte Carlo permutation test (${m.permutations} permutations, seed ${m.seed}) where exact enumeration is too large; q-values adjust them for the ${m.tested} themes tested (Benjamini–Hochberg).`
    }`,
  ];
  if (map.tests.length > 0) {
    parts.push(
      `**Table 5. Does the theme's presence depend on ${escapeMarkdown(map.by)}?**`,
      table(
        ['Theme', 'Test', 'χ²', 'df', 'p', 'q (BH)', "Cramér's V"],
        map.tests.map((test) => [
          escapeMarkdown(themeLabel.get(test.theme) ?? test.theme),
          test.test === 'fisher' ? "Fisher's exact" : test.test === 'chi-square' ? 'Pearson χ²' : escapeMarkdown(test.test),
          formatNumber(test.statistic, 2),
          test.df === null ? '–' : String(test.df),
          formatP(test.p),
          formatP(test.q),
          formatNumber(test.cramersV, 2),
        ]),
        [false, false, true, true, true, true, true],
      ),
      `Themes present in all or in none of the ${m.compared} compared interviews are not tested.`,
    );
  }
  const topics = data.topicHeatmap;
  if (topics) {
    const tm = topics.method;
    parts.push(
      `${anchor('topics')}\n\n### Themes by protocol topic`,
      '**Table 4b. Segments coded with each theme, by the protocol topic they answer**',
      table(
        ['Theme', ...topics.topics.map((topic) => `${escapeMarkdown(topic.name)} (${topic.segments} seg)`)],
        topics.cells.map((row, t) => [
          escapeMarkdown(topics.themes[t]!.label),
          ...row.map((cell) => `[${cell.segments}](#${cell.anchor}) (${formatPercent(cell.segments, cell.topicSegments)})${cell.mark === 'high' ? ' ▲' : cell.mark === 'low' ? ' ▼' : ''}`),
        ]),
        [false, ...topics.topics.map(() => true)],
      ),
      `Cells: segments under the topic coded with the theme (share of the topic's segments). ${
        tm.tested === 0
          ? 'No theme could be tested across topics, so no cell is flagged.'
          : `▲ and ▼ mark cells whose adjusted standardised residual in the theme's presence per segment × topic table is at least ${tm.threshold} or at most −${tm.threshold}, in themes whose test gives p < ${tm.p}; the test counts segments (${tm.compared} compared), not interviews, so read it as a description.`
      }${topics.topics.some((topic) => !topic.tested) ? ` Not tested: ${topics.topics.filter((topic) => !topic.tested).map((topic) => escapeMarkdown(topic.name)).join(', ')} (fewer than two interviews, or no topic).` : ''}`,
    );
  }
  return parts.join('\n\n');
}

function cooccurrence(data: ReportData): string {
  const co = data.cooccurrence;
  const parts = [`${anchor('cooccurrence')}\n\n## 5. Co-occurrence`];
  if (co.pairs.length === 0) {
    parts.push('No two codes were applied to the same segment.');
    return parts.join('\n\n');
  }
  parts.push(
    '**Table 6. Pairs of codes most often applied to the same segment**',
    table(
      ['Code', 'Code', 'Segments', 'Jaccard'],
      co.pairs.slice(0, 15).map((pair) => [`\`${code(pair.source)}\``, `\`${code(pair.target)}\``, `[${pair.count}](#${pair.anchor})`, formatNumber(pair.jaccard, 2)]),
      [false, false, true, true],
    ),
    `Segments (of ${co.units}) carrying both codes; Jaccard = segments with both / segments with either. All ${co.pairs.length} co-occurring pairs, with their segments, are listed in Appendix B.`,
  );
  return parts.join('\n\n');
}

function quotes(data: ReportData): string {
  const parts = [
    `${anchor('quotes')}\n\n## 6. Quotes`,
    'For each theme, the strongest passages (most distinct matched words, then most matches; at most one per interview while others remain), with the words the rules matched in **bold**. Long turns are cut to the passage around the first match; the link leads to the whole turn.',
  ];
  for (const theme of data.quotes) {
    parts.push(`### ${escapeMarkdown(theme.label)} (${theme.total} segments in ${theme.interviews} interviews)`);
    if (theme.quotes.length === 0) parts.push('No coded segment to quote.');
    for (const quote of theme.quotes) parts.push(quoteBlock(quote));
  }
  return parts.join('\n\n');
}

/** Text with highlighted spans in bold, every part escaped; paragraphs kept as separate lines. */
function boldSpans(text: string, spans: readonly { start: number; end: number }[]): string[] {
  let out = '';
  let at = 0;
  for (const span of spans) {
    if (span.start < at || span.end <= span.start) continue;
    out += escapeLines(text.slice(at, span.start)) + `**${escapeMarkdown(text.slice(span.start, span.end))}**`;
    at = span.end;
  }
  out += escapeLines(text.slice(at));
  return out.split('\n');
}

/** Escapes text but keeps its line breaks (for blockquotes). */
function escapeLines(text: string): string {
  return text
    .split(/\r\n?|\n/)
    .map((line) => escapeMarkdown(line))
    .join('\n');
}

function quoteBlock(quote: ReportQuote): string {
  const lines = boldSpans(quote.text, quote.highlights);
  if (quote.cutStart) lines[0] = `… ${lines[0]}`;
  if (quote.cutEnd) lines[lines.length - 1] = `${lines[lines.length - 1]} …`;
  const attributes = Object.entries(quote.attributes)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, value]) => escapeMarkdown(value));
  const coders = quote.sources.some((source) => source !== 'auto') ? ` · coded by ${quote.sources.map((source) => (source === 'auto' ? 'rules' : escapeMarkdown(source))).join(', ')}` : '';
  const cite = `— [${escapeMarkdown(quote.interview)}, turn ${quote.segment}](#${quote.anchor}) · ${[...attributes, escapeMarkdown(quote.language)].join(' · ')} · ${quote.codes.map((id) => `\`${code(id)}\``).join(' ')}${coders}`;
  return [...lines.map((line) => (line === '' ? '>' : `> ${line}`)), '>', `> ${cite}`].join('\n');
}

/** The learned model's own cross-validated agreement and review curve (issue 12). */
function qualityParts(quality: NonNullable<ReportData['quality']>): string[] {
  const k = (value: number | null) => formatNumber(value, 2);
  const parts = [
    `The counts in this report are the **${quality.source}** coding (${quality.source === 'hybrid' ? "the codebook's rules combined with the learned model" : 'the learned model'} \`${escapeMarkdown(quality.file)}\`). The model learned from ${quality.trainedOn.length} transcripts, so where those are compared with their own human codes below, the agreement is optimistic. Its honest figures, from leave-one-interview-out cross-validation inside \`cocreate train\` (${quality.interviews} interviews, ${quality.segments} segments):`,
    '**Table 10. Cross-validated agreement with the human coding (Cohen\'s κ)**',
    [
      '| Theme | Rules | Model | Hybrid |',
      '| --- | ---: | ---: | ---: |',
      ...quality.themes.map((row) => `| ${escapeMarkdown(row.label)} | ${k(row.rules)} | ${k(row.model)} | ${k(row.hybrid)} |`),
      `| **All codes, pooled** | ${k(quality.pooled.rules)} | ${k(quality.pooled.model)} | ${k(quality.pooled.hybrid)} |`,
    ].join('\n'),
  ];
  if (quality.reviewCurve) {
    parts.push(
      `**Review curve** (cross-validated): pooled κ after reviewing a share of the hybrid's decisions, least certain first or in random order (seed ${quality.reviewCurve.seed}).`,
      ['| Reviewed | Least certain first | Random order |', '| ---: | ---: | ---: |', ...quality.reviewCurve.points.map((point) => `| ${Math.round(point.fraction * 100)}% | ${k(point.kappa)} | ${k(point.randomKappa)} |`)].join('\n'),
    );
  }
  return parts;
}

function agreement(data: ReportData): string {
  const parts = [`${anchor('agreement')}\n\n## 7. Agreement with human coding`];
  if (data.quality) parts.push(...qualityParts(data.quality));
  const summary = data.agreement;
  if (!summary) {
    parts.push("No transcript carries human-applied codes, so the automatic coding cannot be checked here. Add codes to segments (see docs/transcript-format.md) to get precision, recall, Cohen's κ and Krippendorff's α per theme.");
    return parts.join('\n\n');
  }
  const showCoder = summary.coders.length > 1;
  const rowsOf = (rows: typeof summary.themes) =>
    rows.map((row) => [
      row.level === 'code' ? `\`${code(row.id)}\`` : escapeMarkdown(row.label),
      ...(showCoder ? [escapeMarkdown(row.coder)] : []),
      String(row.both),
      String(row.autoOnly),
      String(row.humanOnly),
      String(row.neither),
      formatNumber(row.precision, 2),
      formatNumber(row.recall, 2),
      formatNumber(row.f1, 2),
      formatNumber(row.kappa, 2),
      formatNumber(row.alpha, 2),
      row.reliability ?? '–',
    ]);
  const headers = (first: string) => [first, ...(showCoder ? ['Coder'] : []), 'Both', 'Rules only', 'Coder only', 'Neither', 'Precision', 'Recall', 'F1', 'κ', 'α', 'Reliability'];
  const right = [false, ...(showCoder ? [false] : []), true, true, true, true, true, true, true, true, true, false];
  parts.push(
    `The automatic codes (${data.quality ? `the ${data.quality.source} coding` : "the codebook's rules"}) compared with each human coder, on the segments that coder reviewed; each segment × code is one presence/absence decision. Precision: share of the rules' codings the coder also made; recall: share of the coder's codings the rules found; κ: Cohen's kappa; α: Krippendorff's alpha (nominal). By Krippendorff's convention the lower of κ and α is reliable from 0.8 and supports tentative conclusions from 0.667.`,
    '**Table 7. Overall agreement, pooled over all codes**',
    table(
      ['Coder', 'Segments reviewed', 'Precision', 'Recall', 'F1', 'κ', 'α'],
      summary.overall.map((row) => [escapeMarkdown(row.coder), String(row.reviewed), formatNumber(row.precision, 2), formatNumber(row.recall, 2), formatNumber(row.f1, 2), formatNumber(row.kappa, 2), formatNumber(row.alpha, 2)]),
      [false, true, true, true, true, true, true],
    ),
    '**Table 8. Agreement by theme**',
    table(headers('Theme'), rowsOf(summary.themes), right),
    '**Table 9. Agreement by code**',
    table(headers('Code'), rowsOf(summary.codes), right),
  );
  const intercoder = summary.intercoder;
  if (intercoder) {
    const percent = (value: number | null) => (value === null ? '–' : `${Math.round(value * 100)}%`);
    parts.push(
      `**Table 10. Agreement between the human coders (${intercoder.coders.map(escapeMarkdown).join(', ')}), on the ${intercoder.segments} segments all of them reviewed**`,
      table(
        ['Theme', 'Agreement', 'κ', 'α', 'Reliability'],
        [
          ...intercoder.themes.map((row) => [escapeMarkdown(row.label), percent(row.agreement), formatNumber(row.kappa, 2), formatNumber(row.alpha, 2), row.reliability ?? '–']),
          ['**All codes, pooled**', percent(intercoder.overall.agreement), formatNumber(intercoder.overall.kappa, 2), formatNumber(intercoder.overall.alpha, 2), ''],
        ],
        [false, true, true, true, false],
      ),
    );
    if (intercoder.partial > 0) parts.push(`${intercoder.partial} segments reviewed by only some of the coders are left out.`);
  }
  return parts.join('\n\n');
}

function codebookAppendix(data: ReportData): string {
  const parts = [
    `${anchor('codebook')}\n\n## Appendix A. Codebook`,
    `\`${code(data.codebook.file)}\`${data.codebook.title ? ` — ${escapeMarkdown(data.codebook.title)}` : ''}. Languages: ${escapeMarkdown(data.codebook.languages.join(', ') || '–')}.`,
  ];
  for (const theme of data.codebook.themes) {
    parts.push(`${anchor(`cb-${theme.id}`)}\n\n### ${escapeMarkdown(theme.label)} (\`${code(theme.id)}\`)`);
    if (theme.description) parts.push(escapeMarkdown(theme.description));
    for (const entry of theme.codes) parts.push(codebookEntry(entry));
  }
  return parts.join('\n\n');
}

function codebookEntry(entry: Code): string {
  const lines = [`${anchor(`cb-${entry.id}`)}\n\n#### ${escapeMarkdown(entry.label)} (\`${code(entry.id)}\`) · [segments](#idx-${entry.id})`, ''];
  if (entry.definition) lines.push(`- **Definition:** ${escapeMarkdown(entry.definition)}`);
  if (entry.whenToUse) lines.push(`- **When to use:** ${escapeMarkdown(entry.whenToUse)}`);
  if (entry.whenNotToUse) lines.push(`- **When not to use:** ${escapeMarkdown(entry.whenNotToUse)}`);
  for (const [label, list] of [
    ['Examples', entry.examples],
    ['Counter-examples', entry.counterExamples],
  ] as const) {
    if (list.length === 0) continue;
    lines.push(`- **${label}:**`);
    for (const example of list) lines.push(`  - (${escapeMarkdown(example.language)}) ${escapeMarkdown(example.text)}`);
  }
  return lines.join('\n');
}

function segmentLinks(interviews: readonly TraceInterview[]): string {
  return interviews.map((interview) => `${escapeMarkdown(interview.id)}: ${interview.segments.map((segment) => `[${segment.index}](#${segment.anchor})`).join(', ')}`).join('; ');
}

function sourcesAppendix(data: ReportData): string {
  const parts = [
    `${anchor('sources')}\n\n## Appendix B. Segments behind each number`,
    `Every count in this report, with the segments it counts: interview id, then turn numbers linking to the text (Appendix C). ${sourceSentence(data, escapeMarkdown)}`,
  ];
  for (const theme of data.themeTraces) {
    parts.push(`${anchor(theme.anchor)}\n\n### ${escapeMarkdown(theme.label)} — ${theme.interviews} interviews, ${theme.segments} segments`);
    parts.push(
      table(
        [escapeMarkdown(data.heatmap.by), 'Interviews', 'Segments (interview: turns)'],
        theme.groups.map((group) => [`${anchor(group.anchor)}${escapeMarkdown(group.name)}`, `${group.interviews.length}/${group.size}`, group.interviews.length > 0 ? segmentLinks(group.interviews) : '–']),
        [false, true, false],
      ),
    );
    const codeLines = data.codeTraces
      .filter((trace) => trace.id.startsWith(`${theme.id}.`))
      .map((trace) => {
        const all = trace.groups.flatMap((group) => group.interviews).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
        return `- ${anchor(trace.anchor)}[\`${code(trace.id)}\`](#${trace.codebookAnchor}) ${escapeMarkdown(trace.label)} — ${trace.interviews} interviews, ${trace.segments} segments${trace.segments > 0 ? `: ${segmentLinks(all)}` : ''}`;
      });
    if (codeLines.length > 0) parts.push(codeLines.join('\n'));
  }
  if (data.cooccurrence.pairs.length > 0) {
    parts.push(
      '### Co-occurring pairs',
      data.cooccurrence.pairs.map((pair) => `- ${anchor(pair.anchor)}\`${code(pair.source)}\` + \`${code(pair.target)}\` — ${pair.count} segments: ${segmentLinks(pair.interviews)}`).join('\n'),
    );
  }
  return parts.join('\n\n');
}

function segmentsAppendix(data: ReportData): string {
  const parts = [
    `${anchor('segments')}\n\n## Appendix C. Coded segments`,
    'Every segment that carries a code, automatic or human, by interview; words the rules matched in **bold**. Turn numbers count from 0, as in `cocreate code --codings`.',
  ];
  for (const interview of data.segments) {
    const attributes = Object.entries(interview.attributes)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([name, value]) => `${escapeMarkdown(name)}: ${escapeMarkdown(value)}`);
    parts.push(`${anchor(interview.anchor)}\n\n### ${escapeMarkdown(interview.id)}\n\n${[...attributes, `\`${code(interview.file)}\``].join(' · ')}`);
    if (interview.segments.length === 0) parts.push('No coded segment.');
    for (const segment of interview.segments) parts.push(segmentBlock(segment, automaticLabel(data.source)));
  }
  return parts.join('\n\n');
}

function segmentBlock(segment: SegmentEntry, automatic: string): string {
  const codesOf = (list: readonly string[]) => (list.length > 0 ? list.map((id) => `\`${code(id)}\``).join(' ') : 'none');
  const sources = [`${automatic}: ${codesOf(segment.auto)}`, ...segment.human.map((coding) => `${escapeMarkdown(coding.coder)}: ${codesOf(coding.codes)}`)];
  const meta = `${anchor(segment.anchor)}**${escapeMarkdown(segment.interview)} · turn ${segment.index}** · line ${segment.line} · ${escapeMarkdown(segment.speaker)} · ${sources.join(' · ')}`;
  const lines = boldSpans(segment.text, segment.highlights).map((line) => (line === '' ? '>' : `> ${line}`));
  return `${meta}\n\n${lines.join('\n')}`;
}

