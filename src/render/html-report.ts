/**
 * The HTML report: one self-contained page (inline CSS and SVG, no script,
 * no external request; a Content-Security-Policy meta tag forbids them) that
 * a research team can e-mail to the people they interviewed and commit to
 * the repository. Every string from a transcript or the codebook goes
 * through `html` (one escaping function); every number links to the
 * segments behind it; output bytes depend only on the report data.
 */
import { maxOf } from '../model/lists.js';
import { ownValue } from '../model/records.js';
import type { AgreementRow, ReportData, ReportModelQuality, ReportQuote, SegmentEntry, TraceEntry, TraceInterview } from '../analyze/report-data.js';
import type { Code } from '../model/codebook.js';
import { renderBarChart, renderHeatmap, renderReviewCurve, shadeOfShare, textWidth, type BarPanel, type BarRow, type HeatCell, type ShadeLevel } from './html-charts.js';
import { html, joinHtml, markedText, rawHtml, type HtmlFragment, type HtmlValue } from './html.js';
import { formatNumber, formatP, formatPercent } from './report-table.js';
import { automaticLabel, sourceSentence } from './source-text.js';
import { corpusUncodedNote } from './frequency-report.js';

/** The policy in the page's meta tag: nothing may load or run; only the inline style sheet applies. */
export const REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

/** Renders the whole report as one HTML document (UTF-8, ends with a newline). */
export function renderHtmlReport(data: ReportData): string {
  const sections = [
    corpusSection(data),
    themesSection(data),
    codesSection(data),
    groupsSection(data),
    cooccurrenceSection(data),
    quotesSection(data),
    agreementSection(data),
    codebookAppendix(data),
    sourcesAppendix(data),
    segmentsAppendix(data),
  ];
  const page = html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="cocreate ${data.version}">
<title>${data.title} — coding report</title>
<style>${rawHtml(STYLE)}</style>
</head>
<body>
<div class="page">
${header(data)}
${contents(data)}
<main>
${sections}
</main>
${footer(data)}
</div>
</body>
</html>
`;
  return page.markup;
}

// ---------------------------------------------------------------------------
// Header, contents, footer
// ---------------------------------------------------------------------------

function header(data: ReportData): HtmlFragment {
  const f = data.frequencies;
  const codes = data.codebook.themes.reduce((sum, theme) => sum + theme.codes.length, 0);
  const words = data.interviews.reduce((sum, interview) => sum + interview.words, 0);
  const coded = data.interviews.reduce((sum, interview) => sum + interview.codedSegments, 0);
  return html`<header>
<p class="kicker">Qualitative coding report</p>
<h1>${data.title}</h1>
${data.codebook.description ? html`<p class="lede">${data.codebook.description}</p>` : ''}
<p class="byline">Codebook <code>${data.codebook.id}</code> (${data.codebook.file}) · ${sourceSentence(data)} Themes compared by <strong>${data.heatmap.by}</strong>.</p>
<dl class="facts">
<div><dt>Interviews</dt><dd>${f.interviews}</dd></div>
<div><dt>Segments analysed</dt><dd>${f.segments}</dd></div>
<div><dt>Segments coded</dt><dd>${coded} <span class="muted">(${formatPercent(coded, f.segments)})</span></dd></div>
<div><dt>Words</dt><dd>${thousands(words)}</dd></div>
<div><dt>Themes</dt><dd>${data.codebook.themes.length}</dd></div>
<div><dt>Codes</dt><dd>${codes}</dd></div>
</dl>
${data.illustrative ? html`<p class="notice" role="note"><strong>Illustrative material.</strong> Some or all transcripts are marked <code>illustrative: true</code>: they were written for teaching or testing and are not records of real interviews.</p>` : ''}
</header>`;
}

function contents(data: ReportData): HtmlFragment {
  const items: [string, string][] = [
    ['corpus', 'Corpus'],
    ['themes', 'Themes'],
    ['codes', 'Codes'],
    ['groups', `Themes by ${data.heatmap.by}`],
    ['cooccurrence', 'Co-occurrence'],
    ['quotes', 'Quotes'],
    ['agreement', 'Agreement with human coding'],
  ];
  const appendices: [string, string][] = [
    ['codebook', 'Codebook'],
    ['sources', 'Segments behind each number'],
    ['segments', 'Coded segments'],
  ];
  return html`<nav aria-label="Contents"><h2 class="toc-title">Contents</h2><ol class="toc">${items.map(
    ([id, label], index) => html`<li><a href="#${id}"><span class="toc-n">${index + 1}</span>${label}</a></li>`,
  )}${appendices.map(([id, label], index) => html`<li><a href="#${id}"><span class="toc-n">${String.fromCharCode(65 + index)}</span>${label}</a></li>`)}</ol></nav>`;
}

function footer(data: ReportData): HtmlFragment {
  return html`<footer>
<p>Made with cocreate ${data.version} from ${data.interviews.length} transcripts and the codebook <code>${data.codebook.file}</code>. ${sourceSentence(data)}${
    data.generatedAt ? html` Generated ${data.generatedAt}.` : ''
  } The same inputs give the same file, byte for byte.</p>
</footer>`;
}

// ---------------------------------------------------------------------------
// 1. Corpus
// ---------------------------------------------------------------------------

function corpusSection(data: ReportData): HtmlFragment {
  const attributes = data.distributions.map((distribution) => distribution.attribute).filter((name) => name !== 'language');
  const shownAttributes = attributes.slice(0, 3);
  const N = data.interviews.length;
  const maxSegments = maxOf(data.interviews.map((interview) => interview.segments), 1);
  const maxWords = maxOf(data.interviews.map((interview) => interview.words), 1);
  const chart = renderBarChart({
    id: 'fig-interviews',
    title: 'Segments and words per interview',
    description: data.interviews.map((interview) => `${interview.id}: ${interview.segments} segments, ${interview.words} words.`).join(' '),
    panels: [
      { heading: 'Segments analysed', note: `total ${data.frequencies.segments}`, scale: maxSegments, track: false },
      { heading: 'Words', note: `total ${thousands(data.interviews.reduce((sum, interview) => sum + interview.words, 0))}`, scale: maxWords, track: false },
    ],
    rows: data.interviews.map((interview) => ({
      label: interview.id,
      title: `${interview.id} (${interview.file})`,
      href: `#${interview.anchor}`,
      values: [
        { value: interview.segments, text: String(interview.segments) },
        { value: interview.words, text: thousands(interview.words) },
      ],
    })),
  });
  return html`<section id="corpus" aria-labelledby="corpus-h">
<h2 id="corpus-h"><span class="sn">1</span>Corpus</h2>
<p>${N} interviews. A segment is one turn of the respondent${data.includeInterviewer ? ' or the interviewer' : ''}; segments are what the codes are counted on.${corpusUncodedNote(data.frequencies)}</p>
<div class="dists">${data.distributions.map((distribution) =>
    distribution.values.length > 6 && distribution.values.every((entry) => entry.count === 1)
      ? html`<div class="dist"><p class="cap">Interviews by ${distribution.attribute}</p><p class="dist-note">${distribution.values.length} values, one interview each (see Table 1).</p></div>`
      : html`<table class="dist"><caption>Interviews by ${distribution.attribute}</caption><thead><tr><th scope="col">${distribution.attribute}</th><th scope="col" class="n">n</th><th scope="col" class="n">%</th></tr></thead><tbody>${distribution.values.map(
      (entry) => html`<tr><td>${entry.value}</td><td class="n">${entry.count}</td><td class="n">${formatPercent(entry.count, N)}</td></tr>`,
    )}</tbody></table>`,
  )}</div>
<figure>
<figcaption class="fig-title">Figure 1. Segments and words per interview</figcaption>
${chart}
</figure>
<div class="scroll"><table class="wide">
<caption>Table 1. Interviews</caption>
<thead><tr><th scope="col">Interview</th>${shownAttributes.map((name) => html`<th scope="col">${name}</th>`)}<th scope="col">language</th><th scope="col" class="n">Segments</th><th scope="col" class="n">Words</th><th scope="col" class="n">Coded segments</th><th scope="col" class="n">%</th></tr></thead>
<tbody>${data.interviews.map(
    (interview) =>
      html`<tr><th scope="row"><a href="#${interview.anchor}">${interview.id}</a></th>${shownAttributes.map((name) => html`<td>${ownValue(interview.attributes, name) ?? '–'}</td>`)}<td>${interview.language}</td><td class="n">${interview.segments}</td><td class="n">${thousands(interview.words)}</td><td class="n">${interview.codedSegments}</td><td class="n">${formatPercent(interview.codedSegments, interview.segments)}</td></tr>`,
  )}</tbody>
</table></div>
</section>`;
}

// ---------------------------------------------------------------------------
// 2–3. Themes and codes
// ---------------------------------------------------------------------------

function themesSection(data: ReportData): HtmlFragment {
  const { interviews: N, segments: S } = data.frequencies;
  const maxSegments = maxOf(data.frequencies.themes.map((theme) => theme.segments), 1);
  const traces = new Map(data.themeTraces.map((trace) => [trace.id, trace]));
  const rows: BarRow[] = data.frequencies.themes.map((theme) => frequencyBarRow(theme, traces.get(theme.id)!, N, S));
  const chart = renderBarChart({
    id: 'fig-themes',
    title: 'Themes: interviews and segments coded',
    description: `For each theme, the interviews (of ${N}) and the segments (of ${S}) with at least one of its codes. ` + data.frequencies.themes.map((theme) => `${theme.label}: ${theme.interviews} of ${N} interviews, ${theme.segments} of ${S} segments.`).join(' '),
    panels: frequencyPanels(N, S, maxSegments),
    rows,
  });
  return html`<section id="themes" aria-labelledby="themes-h">
<h2 id="themes-h"><span class="sn">2</span>Themes</h2>
<figure>
<figcaption class="fig-title">Figure 2. How often each theme was coded</figcaption>
${chart}
<figcaption>A theme counts once per segment or interview however many of its codes apply. Bars on the left are drawn against all ${N} interviews (grey track); numbers link to the segments behind them (Appendix B), labels to the codebook (Appendix A).</figcaption>
</figure>
${frequencyDetails('Table 2. Theme frequencies', data.frequencies.themes, data.themeTraces, N, S)}
</section>`;
}

function codesSection(data: ReportData): HtmlFragment {
  const { interviews: N, segments: S } = data.frequencies;
  const maxSegments = maxOf(data.frequencies.codes.map((code) => code.segments), 1);
  const traces = new Map(data.codeTraces.map((trace) => [trace.id, trace]));
  const rows: BarRow[] = [];
  for (const theme of data.frequencies.themes) {
    rows.push({ label: theme.label, title: `${theme.id} — ${theme.label}`, href: `#cb-${theme.id}`, heading: true, values: [] });
    for (const code of data.frequencies.codes.filter((entry) => entry.theme === theme.id)) rows.push(frequencyBarRow(code, traces.get(code.id)!, N, S));
  }
  const chart = renderBarChart({
    id: 'fig-codes',
    title: 'Codes: interviews and segments coded',
    description: `For each code, grouped by theme, the interviews (of ${N}) and segments (of ${S}) it was applied to. ` + data.frequencies.codes.map((code) => `${code.id}: ${code.interviews} of ${N} interviews, ${code.segments} segments.`).join(' '),
    panels: frequencyPanels(N, S, maxSegments),
    rows,
  });
  return html`<section id="codes" aria-labelledby="codes-h">
<h2 id="codes-h"><span class="sn">3</span>Codes</h2>
<figure>
<figcaption class="fig-title">Figure 3. How often each code was coded, by theme</figcaption>
${chart}
</figure>
${frequencyDetails('Table 3. Code frequencies', data.frequencies.codes, data.codeTraces, N, S)}
</section>`;
}

/** The two panels of the theme and code charts: interviews coded (against all N, on a track) and segments coded. */
function frequencyPanels(N: number, S: number, maxSegments: number): BarPanel[] {
  return [
    { heading: 'Interviews coded', note: `of N = ${N} interviews`, scale: N, track: true },
    { heading: 'Segments coded', note: `of ${S} segments analysed`, scale: maxSegments, track: false },
  ];
}

function frequencyBarRow(entry: { id: string; label: string; level: string; interviews: number; segments: number }, trace: TraceEntry, N: number, S: number): BarRow {
  return {
    label: entry.label,
    title: `${entry.id} — ${entry.label}`,
    href: `#${trace.codebookAnchor}`,
    values: [
      { value: entry.interviews, text: `${entry.interviews}/${N} · ${formatPercent(entry.interviews, N)}`, href: `#${trace.anchor}` },
      { value: entry.segments, text: `${entry.segments} · ${formatPercent(entry.segments, S)}`, href: `#${trace.anchor}` },
    ],
  };
}

function frequencyDetails(caption: string, rows: readonly { id: string; label: string; interviews: number; segments: number }[], traces: readonly TraceEntry[], N: number, S: number): HtmlFragment {
  const anchors = new Map(traces.map((trace) => [trace.id, trace]));
  return html`<details class="data"><summary>Data table</summary><table>
<caption>${caption}</caption>
<thead><tr><th scope="col">Id</th><th scope="col">Label</th><th scope="col" class="n">Interviews</th><th scope="col" class="n">% of ${N}</th><th scope="col" class="n">Segments</th><th scope="col" class="n">% of ${S}</th></tr></thead>
<tbody>${rows.map((row) => {
    const trace = anchors.get(row.id)!;
    return html`<tr><th scope="row"><a href="#${trace.codebookAnchor}"><code>${row.id}</code></a></th><td>${row.label}</td><td class="n"><a href="#${trace.anchor}">${row.interviews}</a></td><td class="n">${formatPercent(row.interviews, N)}</td><td class="n"><a href="#${trace.anchor}">${row.segments}</a></td><td class="n">${formatPercent(row.segments, S)}</td></tr>`;
  })}</tbody></table></details>`;
}

// ---------------------------------------------------------------------------
// 4. Theme × group
// ---------------------------------------------------------------------------

const SHARE_LEGEND: [ShadeLevel, string][] = [
  [0, 'none'],
  [1, '1–25%'],
  [2, '26–50%'],
  [3, '51–75%'],
  [4, '76–100%'],
];

function groupsSection(data: ReportData): HtmlFragment {
  const map = data.heatmap;
  const bySegments = map.measure === 'segments';
  const cells: HeatCell[][] = map.cells.map((row, t) =>
    row.map((cell) => {
      const theme = map.themes[t]!;
      const flag = cell.mark === 'high' ? `; over-represented (adjusted residual ${formatNumber(cell.residual, 2)})` : cell.mark === 'low' ? `; under-represented (adjusted residual ${formatNumber(cell.residual, 2)})` : '';
      return {
        text: bySegments ? String(cell.segments) : `${cell.interviews}/${cell.size}`,
        shade: shadeOfShare(bySegments ? cell.segmentShare : cell.share),
        title: `${theme.label} × ${cell.group}: ${cell.interviews} of ${cell.size} interviews (${formatPercent(cell.interviews, cell.size)}), ${cell.segments} of ${cell.groupSegments} segments (${formatPercent(cell.segments, cell.groupSegments)})${flag}`,
        href: `#${cell.anchor}`,
        mark: cell.mark,
        data: { cell: 'theme-group', theme: cell.theme, group: cell.group },
      };
    }),
  );
  const flagged = map.cells.flat().filter((cell) => cell.mark);
  const chart = renderHeatmap({
    id: 'fig-groups',
    title: `Themes by ${map.by}: ${bySegments ? 'segments' : 'interviews'} coded`,
    description:
      (bySegments
        ? `Rows are themes, columns are values of ${map.by}. Each cell gives the group's segments coded with the theme; darker cells have a higher share of the group's segments. `
        : `Rows are themes, columns are values of ${map.by}. Each cell gives the interviews of that group with the theme, out of the group's interviews; darker cells have a higher share. `) +
      (flagged.length > 0 ? `Flagged cells: ${flagged.map((cell) => `${cell.theme} in ${cell.group} ${cell.mark === 'high' ? 'over' : 'under'}-represented`).join('; ')}.` : 'No cell is flagged as over- or under-represented.'),
    rows: map.themes.map((theme) => ({ label: theme.label, title: `${theme.id} — ${theme.label}`, href: `#cb-${theme.id}` })),
    columns: map.groups.map((group) => ({ label: group.name, title: `${group.name}: ${group.size} interviews` })),
    cells,
    cellWidth: 48,
    cellHeight: 30,
    fontSize: 12,
    labelWidth: Math.min(230, maxOf(map.themes.map((theme) => textWidth(theme.label, 12)))),
    columnLabelWidth: 140,
  });
  const singletons = map.groups.length > 1 && map.groups.every((group) => group.size === 1);
  const themeLabel = new Map(map.themes.map((theme) => [theme.id, theme.label]));
  return html`<section id="groups" aria-labelledby="groups-h">
<h2 id="groups-h"><span class="sn">4</span>Themes by ${map.by}</h2>
<figure>
<figcaption class="fig-title">Figure 4. ${bySegments ? 'Segments' : 'Interviews'} coded with each theme, by ${map.by}</figcaption>
<div class="scroll">${chart}</div>
<ul class="legend" aria-label="Legend">${SHARE_LEGEND.map(([level, label]) => html`<li><span class="sw h${level}"></span>${label} of the group's ${bySegments ? 'segments' : 'interviews'}</li>`)}<li><span class="sym-key">▲</span>over-represented</li><li><span class="sym-key">▼</span>under-represented</li></ul>
<figcaption>${
    bySegments
      ? `Cells: segments of the group coded with the theme; shading by their share of the group's segments. `
      : `Cells: interviews of the group with at least one segment coded with the theme / interviews in the group; shading by that share. `
  }${methodSentence(data, bySegments ? '▲ and ▼ come from the comparison of interviews coded (Table 4): they mark' : '▲ and ▼ mark')} Each cell links to its segments (Appendix B).${
    singletons && !bySegments ? ` Every ${map.by} here has a single interview, so cells can only be 0/1 or 1/1; \`cocreate report --measure share\` shades by the share of each group's segments instead.` : ''
  }</figcaption>
</figure>
${
  map.tests.length > 0
    ? html`<table>
<caption>Table 4. Does the theme's presence depend on ${map.by}?</caption>
<thead><tr><th scope="col">Theme</th><th scope="col">Test</th><th scope="col" class="n">χ²</th><th scope="col" class="n">df</th><th scope="col" class="n">p</th><th scope="col" class="n">q (BH)</th><th scope="col" class="n">Cramér's V</th></tr></thead>
<tbody>${map.tests.map(
        (test) =>
          html`<tr><th scope="row">${themeLabel.get(test.theme) ?? test.theme}</th><td>${test.test === 'fisher' ? "Fisher's exact" : test.test === 'chi-square' ? 'Pearson χ²' : test.test}</td><td class="n">${formatNumber(test.statistic, 2)}</td><td class="n">${test.df ?? '–'}</td><td class="n">${formatP(test.p)}</td><td class="n">${formatP(test.q)}</td><td class="n">${formatNumber(test.cramersV, 2)}</td></tr>`,
      )}</tbody></table>
<p class="note">Themes present in all or in none of the ${map.method.compared} compared interviews are not tested.</p>`
    : ''
}
<details class="data"><summary>Data table</summary><div class="scroll"><table>
<caption>Interviews coded (and segments) by theme and ${map.by}</caption>
<thead><tr><th scope="col">Theme</th>${map.groups.map((group) => html`<th scope="col" class="n">${group.name} (n=${group.size})</th>`)}</tr></thead>
<tbody>${map.cells.map(
    (row, t) =>
      html`<tr><th scope="row">${map.themes[t]!.label}</th>${row.map(
        (cell) => html`<td class="n"><a href="#${cell.anchor}">${cell.interviews}/${cell.size}</a>${cell.mark === 'high' ? ' ▲' : cell.mark === 'low' ? ' ▼' : ''} <span class="muted">(${cell.segments})</span></td>`,
      )}</tr>`,
  )}</tbody></table></div>
<p class="note">Cells: interviews coded / interviews in the group (segments coded in brackets).</p></details>
${topicFigure(data)}
</section>`;
}

/** Figure 4b: which themes come up under which protocol question (segments, shaded by the topic's share). */
function topicFigure(data: ReportData): HtmlFragment | string {
  const map = data.topicHeatmap;
  if (!map) return '';
  const themeLabel = new Map(map.themes.map((theme) => [theme.id, theme.label]));
  const cells: HeatCell[][] = map.cells.map((row, t) =>
    row.map((cell) => {
      const flag = cell.mark === 'high' ? `; over-represented (adjusted residual ${formatNumber(cell.residual, 2)})` : cell.mark === 'low' ? `; under-represented (adjusted residual ${formatNumber(cell.residual, 2)})` : '';
      return {
        text: String(cell.segments),
        shade: shadeOfShare(cell.share),
        title: `${map.themes[t]!.label} × ${cell.topic}: ${cell.segments} of ${cell.topicSegments} segments (${formatPercent(cell.segments, cell.topicSegments)}), in ${cell.interviews} of ${cell.size} interviews${flag}`,
        href: `#${cell.anchor}`,
        mark: cell.mark,
        data: { cell: 'theme-topic', theme: cell.theme, group: cell.topic },
      };
    }),
  );
  const flagged = map.cells.flat().filter((cell) => cell.mark);
  const untested = map.topics.filter((topic) => !topic.tested);
  const chart = renderHeatmap({
    id: 'fig-topics',
    title: 'Themes by protocol topic: segments coded',
    description:
      "Rows are themes, columns are the interview protocol's topics. Each cell gives the segments under the topic coded with the theme; darker cells have a higher share of the topic's segments. " +
      (flagged.length > 0 ? `Flagged cells: ${flagged.map((cell) => `${cell.theme} under ${cell.topic} ${cell.mark === 'high' ? 'over' : 'under'}-represented`).join('; ')}.` : 'No cell is flagged as over- or under-represented.'),
    rows: map.themes.map((theme) => ({ label: theme.label, title: `${theme.id} — ${theme.label}`, href: `#cb-${theme.id}` })),
    columns: map.topics.map((topic) => ({ label: topic.name, title: `${topic.name}: ${topic.segments} segments from ${topic.size} interviews` })),
    cells,
    cellWidth: 48,
    cellHeight: 30,
    fontSize: 12,
    labelWidth: Math.min(230, Math.max(...map.themes.map((theme) => textWidth(theme.label, 12)))),
    columnLabelWidth: 140,
  });
  const m = map.method;
  const method =
    m.tested === 0
      ? 'No theme could be tested across topics (fewer than two topics with two or more interviews, or themes present in every compared segment or in none), so no cell is flagged.'
      : `▲ and ▼ mark cells whose adjusted standardised residual in the theme's presence per segment × topic table is at least ${m.threshold} or at most −${m.threshold}, in themes whose test gives p < ${m.p}. The test counts segments (${m.compared} compared), not interviews: an interview answers every question, so topics are not independent samples of interviews, and p-values are best read as a description. p from Pearson's chi-square test where every expected count is at least 5, else Fisher's exact test or a Monte Carlo permutation test (${m.permutations} permutations, seed ${m.seed}); q adjusts for the ${m.tested} themes tested.`;
  return html`<h3 id="topics">Themes by protocol topic</h3>
<figure>
<figcaption class="fig-title">Figure 4b. Segments coded with each theme, by the protocol topic they answer</figcaption>
<div class="scroll">${chart}</div>
<ul class="legend" aria-label="Legend">${SHARE_LEGEND.map(([level, label]) => html`<li><span class="sw h${level}"></span>${label} of the topic's segments</li>`)}<li><span class="sym-key">▲</span>over-represented</li><li><span class="sym-key">▼</span>under-represented</li></ul>
<figcaption>Cells: segments under the topic (<code>question:</code> in YAML, <code>##</code> headings in Markdown) coded with the theme; shading by their share of the topic's segments. ${method}${
    untested.length > 0 ? ` Not tested: ${untested.map((topic) => (topic.name === '(none)' ? `${topic.segments} segments without a topic` : `${topic.name} (${topic.size} interview${topic.size === 1 ? '' : 's'})`)).join(', ')}.` : ''
  } Each cell links to the theme's segments (Appendix B).</figcaption>
</figure>
${
  map.tests.length > 0
    ? html`<table>
<caption>Table 4b. Does the theme come up more under some questions than others? (segments)</caption>
<thead><tr><th scope="col">Theme</th><th scope="col">Test</th><th scope="col" class="n">χ²</th><th scope="col" class="n">df</th><th scope="col" class="n">p</th><th scope="col" class="n">q (BH)</th><th scope="col" class="n">Cramér's V</th></tr></thead>
<tbody>${map.tests.map(
        (test) =>
          html`<tr><th scope="row">${themeLabel.get(test.theme) ?? test.theme}</th><td>${test.test === 'fisher' ? "Fisher's exact" : test.test === 'chi-square' ? 'Pearson χ²' : test.test}</td><td class="n">${formatNumber(test.statistic, 2)}</td><td class="n">${test.df ?? '–'}</td><td class="n">${formatP(test.p)}</td><td class="n">${formatP(test.q)}</td><td class="n">${formatNumber(test.cramersV, 2)}</td></tr>`,
      )}</tbody></table>`
    : ''
}
<details class="data"><summary>Data table</summary><div class="scroll"><table>
<caption>Segments coded by theme and protocol topic</caption>
<thead><tr><th scope="col">Theme</th>${map.topics.map((topic) => html`<th scope="col" class="n">${topic.name} (${topic.segments} seg)</th>`)}</tr></thead>
<tbody>${map.cells.map(
    (row, t) =>
      html`<tr><th scope="row">${map.themes[t]!.label}</th>${row.map(
        (cell) => html`<td class="n">${cell.segments} <span class="muted">(${formatPercent(cell.segments, cell.topicSegments)})</span>${cell.mark === 'high' ? ' ▲' : cell.mark === 'low' ? ' ▼' : ''}</td>`,
      )}</tr>`,
  )}</tbody></table></div>
<p class="note">Cells: segments coded (share of the topic's segments).</p></details>`;
}

function methodSentence(data: ReportData, lead: string): string {
  const m = data.heatmap.method;
  if (m.tested === 0) {
    return data.heatmap.groups.length < 2
      ? 'With fewer than two groups there is nothing to compare, so no cell is flagged.'
      : `Every theme occurs in all or in none of the ${m.compared} compared interviews, so its presence cannot differ between groups: no theme is tested and no cell is flagged.`;
  }
  return (
    `${lead} cells whose adjusted standardised residual in the theme's presence × ${data.heatmap.by} table is at least ${m.threshold} or at most −${m.threshold}, in themes whose test gives p < ${m.p}. ` +
    `p-values are from Fisher's exact test, or a Monte Carlo permutation test (${m.permutations} permutations, seed ${m.seed}) where exact enumeration is too large; q-values adjust them for the ${m.tested} themes tested (Benjamini–Hochberg).`
  );
}

// ---------------------------------------------------------------------------
// 5. Co-occurrence
// ---------------------------------------------------------------------------

/** Bins a Jaccard coefficient for shading: 0, (0, .1], (.1, .2], (.2, .35], above. */
function shadeOfJaccard(value: number | null): ShadeLevel {
  if (value === null || !(value > 0)) return 0;
  if (value <= 0.1) return 1;
  if (value <= 0.2) return 2;
  if (value <= 0.35) return 3;
  return 4;
}

function cooccurrenceSection(data: ReportData): HtmlFragment {
  const co = data.cooccurrence;
  const pairAnchor = new Map(co.pairs.map((pair) => [`${pair.source}|${pair.target}`, pair.anchor]));
  const cells: (HeatCell | null)[][] = co.codes.map((row, i) =>
    co.codes.map((column, j): HeatCell | null => {
      if (j > i) return null;
      const count = co.counts[i]![j]!;
      if (i === j) return { text: String(count), shade: 0, title: `${row.id}: ${count} segments`, data: { cell: 'cooccurrence-diagonal' } };
      if (count === 0) return null;
      const jaccard = co.jaccard[i]![j]!;
      return {
        text: String(count),
        shade: shadeOfJaccard(jaccard),
        title: `${column.id} and ${row.id}: ${count} segments together (Jaccard ${formatNumber(jaccard, 2)})`,
        href: `#${pairAnchor.get(`${column.id}|${row.id}`) ?? ''}`,
        data: { cell: 'cooccurrence' },
      };
    }),
  );
  const chart =
    co.codes.length > 1
      ? renderHeatmap({
          id: 'fig-cooccurrence',
          title: 'Code co-occurrence within segments',
          description: `Lower triangle of a code by code matrix: segments carrying both codes, shaded by the Jaccard coefficient. Strongest pairs: ${co.pairs
            .slice(0, 10)
            .map((pair) => `${pair.source} with ${pair.target}, ${pair.count} segments`)
            .join('; ')}.`,
          rows: co.codes.map((code) => ({ label: code.id, title: `${code.id} — ${code.label}`, href: `#cb-${code.id}` })),
          columns: co.codes.map((code) => ({ label: code.id, title: `${code.id} — ${code.label}` })),
          cells,
          cellWidth: 20,
          cellHeight: 18,
          fontSize: 10,
          labelWidth: Math.min(200, maxOf(co.codes.map((code) => textWidth(code.id, 10)))),
          columnLabelWidth: 150,
          columnLabels: 'diagonal',
        })
      : html`<p class="note">Fewer than two codes occur, so there is nothing to cross.</p>`;
  const top = co.pairs.slice(0, 15);
  return html`<section id="cooccurrence" aria-labelledby="cooccurrence-h">
<h2 id="cooccurrence-h"><span class="sn">5</span>Co-occurrence</h2>
<figure>
<figcaption class="fig-title">Figure 5. Codes applied to the same segment</figcaption>
<div class="scroll">${chart}</div>
<ul class="legend" aria-label="Legend"><li><span class="sw h1"></span>Jaccard ≤ 0.10</li><li><span class="sw h2"></span>0.11–0.20</li><li><span class="sw h3"></span>0.21–0.35</li><li><span class="sw h4"></span>above 0.35</li><li><span class="sw h0"></span>diagonal: segments with the code</li></ul>
<figcaption>Cells: segments (of ${co.units}) carrying both codes; shading by the Jaccard coefficient (segments with both / segments with either), which corrects for how common each code is. Empty cells: never together.${co.absent > 0 ? ` ${co.absent} codes that never occur are left out.` : ''}</figcaption>
</figure>
${
  top.length > 0
    ? html`<table>
<caption>Table 5. Pairs of codes most often applied together</caption>
<thead><tr><th scope="col">Code</th><th scope="col">Code</th><th scope="col" class="n">Segments</th><th scope="col" class="n">Jaccard</th></tr></thead>
<tbody>${top.map(
        (pair) =>
          html`<tr><td><code>${pair.source}</code></td><td><code>${pair.target}</code></td><td class="n"><a href="#${pair.anchor}">${pair.count}</a></td><td class="n">${formatNumber(pair.jaccard, 2)}</td></tr>`,
      )}</tbody></table>`
    : ''
}
</section>`;
}

// ---------------------------------------------------------------------------
// 6. Quotes
// ---------------------------------------------------------------------------

function quotesSection(data: ReportData): HtmlFragment {
  return html`<section id="quotes" aria-labelledby="quotes-h">
<h2 id="quotes-h"><span class="sn">6</span>Quotes</h2>
<p>For each theme, the strongest passages (most distinct matched words, then most matches; at most one per interview while others remain), with the words the rules matched <mark>highlighted</mark>. Long turns are cut to the passage around the first match; the link leads to the whole turn.</p>
${data.quotes.map(
  (theme) => html`<h3 id="q-${theme.theme}">${theme.label} <span class="muted">(${theme.total} segments in ${theme.interviews} interviews)</span></h3>
${theme.quotes.length === 0 ? html`<p class="note">No coded segment to quote.</p>` : theme.quotes.map(quoteBlock)}`,
)}
</section>`;
}

function quoteBlock(quote: ReportQuote): HtmlFragment {
  const attributes = Object.entries(quote.attributes)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, value]) => value);
  return html`<figure class="quote"><blockquote lang="${quote.language}"><p>${quote.cutStart ? '… ' : ''}${markedText(quote.text, quote.highlights)}${quote.cutEnd ? ' …' : ''}</p></blockquote>
<figcaption><a href="#${quote.anchor}">${quote.interview}, turn ${quote.segment}</a> · ${joinHtml(attributes, ' · ')} · ${quote.language} · <span class="codes">${quote.codes.map((code) => html`<code>${code}</code>`)}</span>${
    quote.sources.some((source) => source !== 'auto') ? html` · coded by ${quote.sources.map((source) => (source === 'auto' ? 'rules' : source)).join(', ')}` : ''
  }</figcaption></figure>`;
}

// ---------------------------------------------------------------------------
// 7. Agreement
// ---------------------------------------------------------------------------

function agreementSection(data: ReportData): HtmlFragment {
  const agreement = data.agreement;
  const intercoder = agreement?.intercoder;
  const body: HtmlValue = !agreement
    ? html`<p>No transcript carries human-applied codes, so the automatic coding cannot be checked here. Add codes to segments (see <code>docs/transcript-format.md</code>) to get precision, recall, Cohen's κ and Krippendorff's α per theme.</p>`
    : [
        html`<p>The automatic codes (${data.quality ? `the ${data.quality.source} coding` : "the codebook's rules"}) compared with each human coder, on the segments that coder reviewed; each segment × code is one presence/absence decision. <em>Precision</em>: share of the rules' codings the coder also made; <em>recall</em>: share of the coder's codings the rules found; κ: Cohen's kappa; α: Krippendorff's alpha (nominal). Both discount chance agreement; by Krippendorff's convention the lower of the two is <em>reliable</em> from 0.8 and supports <em>tentative</em> conclusions from 0.667.</p>`,
        html`<table>
<caption>Table 6. Overall agreement, pooled over all codes</caption>
<thead><tr><th scope="col">Coder</th><th scope="col" class="n">Segments reviewed</th><th scope="col" class="n">Precision</th><th scope="col" class="n">Recall</th><th scope="col" class="n">F1</th><th scope="col" class="n">κ</th><th scope="col" class="n">α</th></tr></thead>
<tbody>${agreement.overall.map(
          (row) =>
            html`<tr><th scope="row">${row.coder}</th><td class="n">${row.reviewed}</td><td class="n">${formatNumber(row.precision, 2)}</td><td class="n">${formatNumber(row.recall, 2)}</td><td class="n">${formatNumber(row.f1, 2)}</td><td class="n">${formatNumber(row.kappa, 2)}</td><td class="n">${formatNumber(row.alpha, 2)}</td></tr>`,
        )}</tbody></table>`,
        agreementTable('Table 7. Agreement by theme', agreement.themes, agreement.coders.length > 1),
        html`<details class="data"><summary>Agreement by code</summary>${agreementTable('Table 8. Agreement by code', agreement.codes, agreement.coders.length > 1)}</details>`,
        intercoder
          ? html`<table>
<caption>Table 9. Agreement between the human coders (${intercoder.coders.join(', ')}), on the ${intercoder.segments} segments all of them reviewed</caption>
<thead><tr><th scope="col">Theme</th><th scope="col" class="n">Agreement</th><th scope="col" class="n">κ</th><th scope="col" class="n">α</th><th scope="col">Reliability</th></tr></thead>
<tbody>${intercoder.themes.map(
              (row) =>
                html`<tr><th scope="row">${row.label}</th><td class="n">${formatPercentValue(row.agreement)}</td><td class="n">${formatNumber(row.kappa, 2)}</td><td class="n">${formatNumber(row.alpha, 2)}</td><td>${row.reliability ?? '–'}</td></tr>`,
            )}<tr class="total"><th scope="row">All codes, pooled</th><td class="n">${formatPercentValue(intercoder.overall.agreement)}</td><td class="n">${formatNumber(intercoder.overall.kappa, 2)}</td><td class="n">${formatNumber(intercoder.overall.alpha, 2)}</td><td></td></tr></tbody></table>${
              intercoder.partial > 0 ? html`<p class="note">${intercoder.partial} segments reviewed by only some of the coders are left out.</p>` : ''
            }`
          : '',
      ];
  return html`<section id="agreement" aria-labelledby="agreement-h">
<h2 id="agreement-h"><span class="sn">7</span>Agreement with human coding</h2>
${data.quality ? qualityPart(data.quality) : ''}
${body}
</section>`;
}

/** What the learned model says about itself: cross-validated kappa per theme and its review curve (issue 12). */
function qualityPart(quality: ReportModelQuality): HtmlFragment {
  const k = (value: number | null) => formatNumber(value, 2);
  const curve = quality.reviewCurve;
  return html`<p>The counts in this report are the <strong>${quality.source}</strong> coding: ${
    quality.source === 'hybrid' ? "the codebook's rules combined with the learned model" : 'the learned model'
  } <code>${quality.file}</code>. The model learned from ${quality.trainedOn.length} transcripts${
    quality.trainedOn.length > 0 ? html` (${quality.trainedOn.join(', ')})` : ''
  }, so where those transcripts are compared with their own human codes below, the agreement is optimistic. Its honest figures come from leave-one-interview-out cross-validation inside <code>cocreate train</code> (each of ${quality.interviews} interviews, ${quality.segments} segments, scored by a model trained without it):</p>
<table>
<caption>Table 10. Cross-validated agreement of the automatic coding with the human coding (Cohen's κ)</caption>
<thead><tr><th scope="col">Theme</th><th scope="col" class="n">Rules</th><th scope="col" class="n">Model</th><th scope="col" class="n">Hybrid</th></tr></thead>
<tbody>${quality.themes.map((row) => html`<tr><th scope="row">${row.label}</th><td class="n">${k(row.rules)}</td><td class="n">${k(row.model)}</td><td class="n">${k(row.hybrid)}</td></tr>`)}<tr class="total"><th scope="row">All codes, pooled</th><td class="n">${k(quality.pooled.rules)}</td><td class="n">${k(quality.pooled.model)}</td><td class="n">${k(quality.pooled.hybrid)}</td></tr></tbody></table>${
    curve
      ? html`<figure class="review-curve">${renderReviewCurve({
          title: 'Agreement after reviewing a share of the decisions',
          description: `Pooled kappa of the hybrid coding after a person reviews 0% to 100% of the segment × code decisions, least certain first (solid) or in random order (dashed, seed ${curve.seed}). ${curve.points.map((point) => `${Math.round(point.fraction * 100)}%: ${k(point.kappa)} vs ${k(point.randomKappa)}`).join('; ')}.`,
          points: curve.points,
        })}<figcaption>Figure. Cross-validated review curve: pooled κ after reviewing a share of the hybrid's decisions, the least certain first (solid) or in random order (dashed, seed ${curve.seed}). At 30%: ${k(curve.points[3]?.kappa ?? null)} vs ${k(curve.points[3]?.randomKappa ?? null)}.</figcaption></figure>`
      : ''
  }`;
}

function agreementTable(caption: string, rows: readonly AgreementRow[], showCoder: boolean): HtmlFragment {
  return html`<div class="scroll"><table>
<caption>${caption}</caption>
<thead><tr><th scope="col">${rows[0]?.level === 'code' ? 'Code' : 'Theme'}</th>${showCoder ? html`<th scope="col">Coder</th>` : ''}<th scope="col" class="n">Both</th><th scope="col" class="n">Rules only</th><th scope="col" class="n">Coder only</th><th scope="col" class="n">Neither</th><th scope="col" class="n">Precision</th><th scope="col" class="n">Recall</th><th scope="col" class="n">F1</th><th scope="col" class="n">κ</th><th scope="col" class="n">α</th><th scope="col">Reliability</th></tr></thead>
<tbody>${rows.map(
    (row) =>
      html`<tr><th scope="row">${row.level === 'code' ? html`<code>${row.id}</code>` : row.label}</th>${showCoder ? html`<td>${row.coder}</td>` : ''}<td class="n">${row.both}</td><td class="n">${row.autoOnly}</td><td class="n">${row.humanOnly}</td><td class="n">${row.neither}</td><td class="n">${formatNumber(row.precision, 2)}</td><td class="n">${formatNumber(row.recall, 2)}</td><td class="n">${formatNumber(row.f1, 2)}</td><td class="n">${formatNumber(row.kappa, 2)}</td><td class="n">${formatNumber(row.alpha, 2)}</td><td>${row.reliability ?? '–'}</td></tr>`,
  )}</tbody></table></div>`;
}

/** A proportion as a percentage, `–` when undefined. */
function formatPercentValue(value: number | null): string {
  return value === null ? '–' : `${Math.round(value * 100)}%`;
}

// ---------------------------------------------------------------------------
// Appendices
// ---------------------------------------------------------------------------

function codebookAppendix(data: ReportData): HtmlFragment {
  return html`<section id="codebook" class="appendix" aria-labelledby="codebook-h">
<h2 id="codebook-h"><span class="sn">A</span>Codebook</h2>
<p><code>${data.codebook.file}</code>${data.codebook.title ? html` — ${data.codebook.title}` : ''}. Languages: ${data.codebook.languages.join(', ') || '–'}.</p>
${data.codebook.themes.map(
  (theme) => html`<div class="cb-theme"><h3 id="cb-${theme.id}">${theme.label} <code>${theme.id}</code></h3>
${theme.description ? html`<p>${theme.description}</p>` : ''}
${theme.codes.map(codebookEntry)}</div>`,
)}
</section>`;
}

function codebookEntry(code: Code): HtmlFragment {
  const examples = (list: Code['examples']) => html`<ul>${list.map((example) => html`<li lang="${example.language}"><span class="lang">${example.language}</span> ${example.text}</li>`)}</ul>`;
  const rules = Object.entries(code.rules)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .flatMap(([language, languageRules]) => {
      if (!languageRules) return [];
      const parts: string[] = [];
      if (languageRules.terms?.length) parts.push(`terms: ${languageRules.terms.join(', ')}`);
      for (const near of languageRules.near ?? []) parts.push(`near: ${near.near.map((slot) => (Array.isArray(slot) ? `[${slot.join(', ')}]` : slot)).join(' + ')} within ${near.within}`);
      if (languageRules.regex?.length) parts.push(`regex: ${languageRules.regex.join('  ')}`);
      if (languageRules.exclude?.length) parts.push(`exclude: ${languageRules.exclude.join(', ')}`);
      return [html`<li><span class="lang">${language}</span> <code>${parts.join(' · ')}</code></li>`];
    });
  return html`<div class="cb-code" id="cb-${code.id}">
<h4>${code.label} <code>${code.id}</code> <a class="back" href="#idx-${code.id}">segments</a></h4>
<dl>
${code.definition ? html`<dt>Definition</dt><dd>${code.definition}</dd>` : ''}
${code.whenToUse ? html`<dt>When to use</dt><dd>${code.whenToUse}</dd>` : ''}
${code.whenNotToUse ? html`<dt>When not to use</dt><dd>${code.whenNotToUse}</dd>` : ''}
${code.examples.length > 0 ? html`<dt>Examples</dt><dd>${examples(code.examples)}</dd>` : ''}
${code.counterExamples.length > 0 ? html`<dt>Counter-examples</dt><dd>${examples(code.counterExamples)}</dd>` : ''}
${rules.length > 0 ? html`<dt>Rules</dt><dd><ul class="rules">${rules}</ul></dd>` : ''}
</dl>
</div>`;
}

function segmentLinks(interviews: readonly TraceInterview[]): HtmlFragment {
  return joinHtml(
    interviews.map((interview) => html`<span class="trace"><span class="tid">${interview.id}</span> ${joinHtml(interview.segments.map((segment) => html`<a href="#${segment.anchor}">${segment.index}</a>`), ', ')}</span>`),
    '; ',
  );
}

function sourcesAppendix(data: ReportData): HtmlFragment {
  const codesByTheme = new Map<string, TraceEntry[]>();
  for (const trace of data.codeTraces) {
    const theme = trace.id.slice(0, trace.id.indexOf('.'));
    codesByTheme.set(theme, [...(codesByTheme.get(theme) ?? []), trace]);
  }
  return html`<section id="sources" class="appendix" aria-labelledby="sources-h">
<h2 id="sources-h"><span class="sn">B</span>Segments behind each number</h2>
<p>Every count in this report, with the segments it counts: interview id, then turn numbers linking to the text (Appendix C). ${sourceSentence(data)}</p>
${data.themeTraces.map(
  (theme) => html`<h3 id="${theme.anchor}">${theme.label} <span class="muted">— ${theme.interviews} interviews, ${theme.segments} segments</span></h3>
<div class="scroll"><table class="trace-table">
<thead><tr><th scope="col">${data.heatmap.by}</th><th scope="col" class="n">Interviews</th><th scope="col">Segments (interview: turns)</th></tr></thead>
<tbody>${theme.groups.map(
    (group) =>
      html`<tr id="${group.anchor}"><th scope="row">${group.name}</th><td class="n">${group.interviews.length}/${group.size}</td><td>${group.interviews.length > 0 ? segmentLinks(group.interviews) : html`<span class="muted">–</span>`}</td></tr>`,
  )}</tbody></table></div>
<ul class="trace-codes">${(codesByTheme.get(theme.id) ?? []).map(
    (code) =>
      html`<li id="${code.anchor}"><a href="#${code.codebookAnchor}"><code>${code.id}</code></a> ${code.label} <span class="muted">— ${code.interviews} interviews, ${code.segments} segments</span>${
        code.segments > 0 ? html`: ${segmentLinks(code.groups.flatMap((group) => group.interviews).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)))}` : ''
      }</li>`,
  )}</ul>`,
)}
${
  data.cooccurrence.pairs.length > 0
    ? html`<h3 id="pairs">Co-occurring pairs</h3><ul class="trace-codes">${data.cooccurrence.pairs.map(
        (pair) => html`<li id="${pair.anchor}"><code>${pair.source}</code> + <code>${pair.target}</code> <span class="muted">— ${pair.count} segments</span>: ${segmentLinks(pair.interviews)}</li>`,
      )}</ul>`
    : ''
}
</section>`;
}

function segmentsAppendix(data: ReportData): HtmlFragment {
  return html`<section id="segments" class="appendix" aria-labelledby="segments-h">
<h2 id="segments-h"><span class="sn">C</span>Coded segments</h2>
<p>Every segment that carries a code, automatic or human, by interview. <mark>Highlighted</mark>: words the rules matched. Turn numbers count from 0, as in <code>cocreate code --codings</code>.</p>
${data.segments.map(
  (interview) => html`<div class="interview"><h3 id="${interview.anchor}">${interview.id} <span class="muted">— ${joinHtml(
    Object.entries(interview.attributes)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([name, value]) => html`${name}: ${value}`),
    ' · ',
  )} · <code>${interview.file}</code></span></h3>
${interview.segments.length === 0 ? html`<p class="note">No coded segment.</p>` : interview.segments.map((segment) => segmentBlock(segment, automaticLabel(data.source)))}</div>`,
)}
</section>`;
}

function segmentBlock(segment: SegmentEntry, automatic: string): HtmlFragment {
  return html`<div class="seg" id="${segment.anchor}">
<p class="seg-meta"><span class="seg-id">${segment.interview} · turn ${segment.index}</span> line ${segment.line} · ${segment.speaker}</p>
<p class="seg-text" lang="${segment.language}">${markedText(segment.text, segment.highlights)}</p>
<p class="seg-codes"><span class="src">${automatic}</span> ${segment.auto.length > 0 ? segment.auto.map((code) => html`<code>${code}</code> `) : html`<span class="muted">none</span>`}${segment.human.map(
    (coding) => html` <span class="src">${coding.coder}</span> ${coding.codes.length > 0 ? coding.codes.map((code) => html`<code>${code}</code> `) : html`<span class="muted">none</span>`}`,
  )}</p>
</div>`;
}

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------


/** 27848 → `27 848` (thin space), locale-independent. */
function thousands(value: number): string {
  return String(value).replace(/\B(?=(\d{3})+(?!\d))/g, '\u2009');
}

const STYLE = `
:root{--ink:#1f2328;--muted:#59636e;--rule:#d1d9e0;--accent:#1f5f9e;--bar:#3b6ea8;--track:#e4e9ee;--paper:#fff;--tint:#f6f8fa}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--paper);color:var(--ink);font:15px/1.55 -apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Liberation Sans",system-ui,sans-serif}
.page{max-width:1060px;margin:0 auto;padding:40px 32px 72px}
h1{font-size:30px;line-height:1.2;margin:.15em 0 .35em;font-weight:650;letter-spacing:-.01em}
h2{font-size:21px;line-height:1.3;margin:2.4em 0 .7em;padding-top:.7em;border-top:2px solid var(--ink);font-weight:650}
h3{font-size:16px;margin:1.8em 0 .5em;font-weight:650}
h4{font-size:14.5px;margin:1.2em 0 .3em;font-weight:650}
p{margin:.5em 0;max-width:78ch}
a{color:var(--accent);text-decoration:none}
a:hover,a:focus{text-decoration:underline}
a:focus-visible{outline:2px solid var(--accent);outline-offset:2px}
code{font:12.5px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,"DejaVu Sans Mono",monospace;background:var(--tint);border-radius:3px;padding:0 3px;white-space:nowrap}
.kicker{text-transform:uppercase;letter-spacing:.09em;font-size:12px;font-weight:600;color:var(--muted);margin:0}
.lede{font-size:17px;color:#3d444d;margin:.2em 0 .6em}
.byline{font-size:13.5px;color:var(--muted);margin:.2em 0 1em;max-width:none}
.byline code{font-size:12.5px}
.facts{display:grid;grid-template-columns:repeat(auto-fit,minmax(118px,1fr));gap:0;margin:1.2em 0;border-top:1px solid var(--rule);border-bottom:1px solid var(--rule)}
.facts div{padding:10px 14px 10px 0}
.facts dt{font-size:12px;color:var(--muted);text-transform:uppercase;letter-spacing:.05em}
.facts dd{margin:2px 0 0;font-size:20px;font-weight:600;font-variant-numeric:tabular-nums}
.facts dd .muted{font-size:14px;font-weight:400}
.notice{border-left:3px solid #b08800;background:#fff8e1;padding:8px 12px;font-size:14px;max-width:none}
nav .toc-title{border:0;margin:1.6em 0 .4em;padding:0;font-size:13px;text-transform:uppercase;letter-spacing:.08em;color:var(--muted)}
.toc{list-style:none;padding:0;margin:0;columns:3 220px;column-gap:32px;font-size:14.5px}
.toc li{break-inside:avoid;padding:2px 0}
.toc-n{display:inline-block;width:1.8em;color:var(--muted);font-variant-numeric:tabular-nums}
.sn{display:inline-block;min-width:1.6em;color:var(--muted);font-weight:600}
table{border-collapse:collapse;font-size:13.5px;margin:1em 0 1.2em}
caption{caption-side:top;text-align:left;font-weight:600;padding:0 0 6px;font-size:13.5px}
th,td{padding:4px 12px 4px 0;border-bottom:1px solid var(--rule);text-align:left;vertical-align:top}
th:last-child,td:last-child{padding-right:0}
thead th{border-bottom:1.5px solid var(--ink);font-weight:600;vertical-align:bottom}
tr.total th,tr.total td{border-top:1.5px solid var(--ink);font-weight:600}
tbody th{font-weight:500}
.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
td.n,th.n{padding-left:12px}
.muted{color:var(--muted);font-weight:400}
.note{font-size:13px;color:var(--muted)}
.scroll{overflow-x:auto;max-width:100%}
.dists{display:flex;flex-wrap:wrap;gap:8px 40px;align-items:flex-start}
.dist{min-width:180px}
.dist-note{max-width:220px;font-size:13.5px;margin:0 0 1em}
.cap{font-weight:600;font-size:13.5px;margin:.6em 0 6px}
figure{margin:1.2em 0 1.4em}
figcaption{font-size:13px;color:var(--muted);max-width:80ch;margin:.5em 0}
figcaption.fig-title{font-size:13.5px;font-weight:600;color:var(--ink);margin:0 0 .6em}
svg.chart{display:block;max-width:100%;height:auto;overflow:visible;font-family:inherit}
svg.chart text{fill:var(--ink)}
.chart .ph{font-size:12px;font-weight:600}
.chart .pn{font-size:11px;fill:var(--muted)}
.chart .lb,.chart .num,.chart .bh text{font-size:12px}
.chart .bh text{font-weight:650}
.chart .bh line{stroke:var(--rule);stroke-width:1}
.chart .num{text-anchor:end;font-variant-numeric:tabular-nums}
.chart a .num{fill:var(--accent)}
.chart a:hover text{text-decoration:underline}
.chart .bar{fill:var(--bar)}
.chart .tr{fill:var(--track)}
.heatmap .cl{font-size:inherit}
.heatmap .rl{text-anchor:end}
.heatmap .cv{text-anchor:middle;font-variant-numeric:tabular-nums}
.heatmap .cell rect{stroke:#fff;stroke-width:1}
.heatmap .cell rect.flag{fill:none;stroke:var(--ink);stroke-width:1.5}
.heatmap .cell rect.flag.f4{stroke:#fff}
.heatmap .sym{text-anchor:end;font-size:8px}
.heatmap a:hover rect{stroke:var(--ink)}
.h0{fill:#f2f2f2}.h1{fill:#deebf7}.h2{fill:#9ecae1}.h3{fill:#4292c6}.h4{fill:#08519c}
svg.chart .t4{fill:#fff}
.legend{display:flex;flex-wrap:wrap;gap:4px 18px;list-style:none;padding:0;margin:.6em 0;font-size:12.5px;color:var(--muted)}
.sw{display:inline-block;width:14px;height:14px;vertical-align:-2px;margin-right:6px;border:1px solid #c4ccd4}
.sw.h0{background:#f2f2f2}.sw.h1{background:#deebf7}.sw.h2{background:#9ecae1}.sw.h3{background:#4292c6}.sw.h4{background:#08519c}
.sym-key{display:inline-block;width:14px;margin-right:6px;color:var(--ink);font-size:11px}
details.data{margin:.2em 0 1.4em;font-size:13.5px}
details.data>summary{cursor:pointer;color:var(--accent);font-size:13px}
details.data[open]>summary{margin-bottom:.4em}
figure.quote{margin:0 0 1.1em;max-width:82ch}
figure.quote blockquote{margin:0;padding:.1em 0 .1em 14px;border-left:3px solid var(--bar)}
figure.quote blockquote p{margin:.2em 0;max-width:none}
figure.quote figcaption{margin:.25em 0 0 17px;font-size:12.5px}
mark{background:#fde68a;color:inherit;padding:0 1px;border-radius:2px}
.cb-code{border-top:1px solid var(--rule);padding:.2em 0 .6em}
.cb-code dl{display:grid;grid-template-columns:9.5em 1fr;gap:2px 16px;margin:.3em 0;font-size:14px}
.cb-code dt{color:var(--muted)}
.cb-code dd{margin:0}
.cb-code ul{margin:0;padding-left:1.1em}
.cb-code ul.rules code{white-space:normal}
.lang{display:inline-block;font-size:11px;text-transform:uppercase;letter-spacing:.05em;color:var(--muted);min-width:2em}
a.back{font-size:12px;font-weight:400;margin-left:6px}
.trace-table td{font-size:13px}
.trace-codes{list-style:none;padding:0;font-size:13.5px}
.trace-codes li{padding:3px 0;border-bottom:1px solid #eef1f4}
.trace{white-space:nowrap}
.tid{color:var(--muted)}
.seg{padding:.5em 0 .6em;border-top:1px solid #e6eaef}
.seg:target{background:#fffbea;box-shadow:-10px 0 0 #fffbea,10px 0 0 #fffbea}
.seg-meta{font-size:12.5px;color:var(--muted);margin:0}
.seg-id{font-weight:600;color:var(--ink);margin-right:6px}
.seg-text{white-space:pre-line;margin:.2em 0;max-width:82ch}
.seg-codes{font-size:12px;margin:.2em 0;max-width:none}
.seg-codes code{font-size:11.5px}
.src{font-size:11px;text-transform:uppercase;letter-spacing:.05em;color:var(--muted);margin-right:2px}
footer{margin-top:3em;padding-top:1em;border-top:1px solid var(--rule);font-size:12.5px;color:var(--muted)}
@media (max-width:700px){.page{padding:20px 14px}.cb-code dl{grid-template-columns:1fr}}
@media print{
@page{margin:16mm 14mm}
body{font-size:10pt;line-height:1.4}
.page{max-width:none;padding:0}
a{color:inherit}
nav,details.data{display:none}
h2{break-before:auto;break-after:avoid}
h3,h4{break-after:avoid}
figure,table,.seg,.cb-code{break-inside:avoid}
.appendix{break-before:page}
.scroll{overflow:visible}
svg.chart,.sw,mark,.notice{-webkit-print-color-adjust:exact;print-color-adjust:exact}
.seg:target{background:none;box-shadow:none}
}
`;
