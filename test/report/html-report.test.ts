/**
 * The rendered report (issue 7), without a browser: one self-contained file
 * with a strict Content-Security-Policy, only known tags and attributes (no
 * event handlers, no external URLs), every link resolving to an anchor in
 * the page, the fixture's numbers written out, and the same bytes for the
 * same inputs. The browser test (browser.test.ts) checks the same page live.
 */
import { describe, expect, it } from 'vitest';
import { buildReportData, type ReportOptions } from '../../src/analyze/report-data.js';
import { renderHtmlReport, REPORT_CSP } from '../../src/render/html-report.js';
import { renderMarkdownReport } from '../../src/render/markdown-report.js';
import { loadCodedFixture } from './fixture.js';

const OPTIONS: ReportOptions = { by: 'unit', source: 'auto', quotesPerTheme: 3, version: '0.0.0-test' };

const ALLOWED_TAGS = new Set(
  'html head meta title style body div header nav main section footer h1 h2 h3 h4 p a span strong em code mark ul ol li dl dt dd table caption thead tbody tr th td figure figcaption blockquote details summary svg g rect line text desc'.split(' '),
);
const ALLOWED_ATTRIBUTES = new Set('lang charset http-equiv content name id class href role aria-labelledby aria-label width height viewBox x y x1 x2 y1 y2 transform font-size scope open'.split(' '));

/** Tags and attribute names of a document whose attribute values are double-quoted (as the renderer writes them). */
function tagsOf(markup: string): { tag: string; attributes: string[] }[] {
  const body = markup.replace(/<style>[\s\S]*?<\/style>/, '<style></style>');
  return [...body.matchAll(/<([a-zA-Z][a-zA-Z0-9]*)((?:\s+[^\s=>]+(?:="[^"]*")?)*)\s*>/g)].map((match) => ({
    tag: match[1]!,
    attributes: [...match[2]!.matchAll(/\s([^\s=>]+)(?:="[^"]*")?/g)].map((attribute) => attribute[1]!),
  }));
}

async function render(name: string, codebook: string, options: Partial<ReportOptions> = {}) {
  const { compiled, coded } = await loadCodedFixture(name, codebook);
  const data = buildReportData(compiled, coded, { ...OPTIONS, ...options });
  return { data, html: renderHtmlReport(data), md: renderMarkdownReport(data), compiled, coded };
}

describe('HTML report', () => {
  it('is one document whose first head element after the charset is the CSP', async () => {
    const { html } = await render('report', 'garden.yaml');
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<meta http-equiv="Content-Security-Policy" content="')).toBe(true);
    expect(REPORT_CSP).toContain("default-src 'none'");
    expect(REPORT_CSP).not.toMatch(/script-src|img-src|font-src|connect-src/);
    expect(html).toContain(`content="${REPORT_CSP.replace(/'/g, '&#39;')}"`);
    expect(html.endsWith('</html>\n')).toBe(true);
  });

  it('uses only known tags and attributes, no script, no event handler, no external URL', async () => {
    for (const [name, codebook] of [
      ['report', 'garden.yaml'],
      ['report-xss', 'xss.yaml'],
    ] as const) {
      const { html } = await render(name, codebook);
      for (const { tag, attributes } of tagsOf(html)) {
        expect(ALLOWED_TAGS.has(tag), `tag <${tag}>`).toBe(true);
        for (const attribute of attributes) expect(ALLOWED_ATTRIBUTES.has(attribute) || attribute.startsWith('data-'), `attribute ${attribute} on <${tag}>`).toBe(true);
      }
      expect(html).not.toMatch(/<script|<img|<iframe|<object|<link|@import|url\(/i);
      for (const [, href] of html.matchAll(/href="([^"]*)"/g)) expect(href!.startsWith('#')).toBe(true);
    }
  });

  it('renders every transcript and codebook payload of the XSS fixture as text', async () => {
    const { html } = await render('report-xss', 'xss.yaml');
    // The unit attribute is written escaped in text and in the heatmap cell's data attribute.
    expect(html).toContain('&quot;&gt;&lt;img src=x onerror=&quot;window.__pwned=3&quot;&gt;');
    expect(html).toContain('data-group="&quot;&gt;&lt;img src=x onerror=&quot;window.__pwned=3&quot;&gt;"');
    expect(html).toContain('&lt;/style&gt;&lt;script&gt;window.__pwned=6&lt;/script&gt;');
    expect(html).toContain('<h1>Escaping &lt;/title&gt;&lt;script&gt;window.__pwned=10&lt;/script&gt;</h1>');
    // Inside the transcript text, rule matches are marked without un-escaping their neighbours.
    expect(html).toContain('Hello &lt;<mark>script</mark>&gt;<mark>window</mark>.__<mark>pwned</mark>=1&lt;/<mark>script</mark>&gt;');
    expect(html).toContain('then &lt;/<mark>style</mark>&gt; and &lt;/title&gt; and &lt;svg onload=&quot;');
    // Exactly one <style> and one </style>: the transcript's </style> did not end the style sheet.
    expect(html.match(/<\/style>/g)).toHaveLength(1);
  });

  it('resolves every in-page link to a unique id', async () => {
    for (const [name, codebook] of [
      ['report', 'garden.yaml'],
      ['report-xss', 'xss.yaml'],
    ] as const) {
      const { html } = await render(name, codebook);
      const ids = [...html.matchAll(/\sid="([^"]*)"/g)].map((match) => match[1]!);
      expect(new Set(ids).size).toBe(ids.length);
      const known = new Set(ids);
      for (const [, target] of html.matchAll(/href="#([^"]*)"/g)) expect(known.has(target!), `#${target}`).toBe(true);
    }
  });

  it('writes the fixture numbers: charts, heatmap, co-occurrence and agreement', async () => {
    const { html } = await render('report', 'garden.yaml');
    // Themes: plants 3/4 interviews (75%), 5 of 8 segments (62.5% → 63%); tools 3/4, 3 of 8 (37.5% → 38%).
    expect(html).toContain('<a href="#idx-plants"><text class="num" x="');
    expect(html).toMatch(/>3\/4 · 75%<\/text>/);
    expect(html).toMatch(/>5 · 63%<\/text>/);
    expect(html).toMatch(/>3 · 38%<\/text>/);
    // Heatmap: one cell per theme × unit (2 × 2), segments written in the cell (plants North 3 of 5 segments).
    expect(html.match(/data-cell="theme-group"/g)).toHaveLength(4);
    expect(html).toContain('<title>Plants × North: 2 of 2 interviews (100%), 3 of 5 segments (60%)</title>');
    // Co-occurrence: the two pairs, linked to their segments.
    expect(html).toContain('<td class="n"><a href="#co-plants.trees--tools.spade">1</a></td><td class="n">0.25</td>');
    // Agreement by theme: plants 3 both, 1 rules only, 0 coder only, 1 neither; precision 0.75, recall 1, F1 6/7, κ 6/11, α 4/7.
    expect(html).toContain(
      '<tr><th scope="row">Plants</th><td class="n">3</td><td class="n">1</td><td class="n">0</td><td class="n">1</td><td class="n">0.75</td><td class="n">1.00</td><td class="n">0.86</td><td class="n">0.55</td><td class="n">0.57</td><td>unreliable</td></tr>',
    );
  });

  it('gives the same bytes for the same inputs, whatever order the transcripts come in', async () => {
    const { html, md, compiled, coded } = await render('report', 'garden.yaml');
    const reversed = buildReportData(compiled, [...coded].reverse(), OPTIONS);
    expect(renderHtmlReport(reversed)).toBe(html);
    expect(renderMarkdownReport(reversed)).toBe(md);
    expect(html).not.toContain('Generated');
    const stamped = renderHtmlReport(buildReportData(compiled, coded, { ...OPTIONS, generatedAt: '2026-01-02T03:04:05Z' }));
    expect(stamped).toContain('Generated 2026-01-02T03:04:05Z.');
  });

  it('says so when there are no human codes', async () => {
    const { compiled, coded } = await loadCodedFixture('report', 'garden.yaml');
    const stripped = coded.map((item) => ({ ...item, segments: item.segments.map((segment) => ({ ...segment, human: new Map<string, string[]>() })) }));
    const html = renderHtmlReport(buildReportData(compiled, stripped, OPTIONS));
    expect(html).toContain('No transcript carries human-applied codes');
  });
});

describe('Markdown report', () => {
  it('has the same sections and numbers as tables, with anchors for every link', async () => {
    const { md } = await render('report', 'garden.yaml');
    for (const heading of ['## 1. Corpus', '## 2. Themes', '## 3. Codes', '## 4. Themes by unit', '## 5. Co-occurrence', '## 6. Quotes', '## 7. Agreement with human coding', '## Appendix A. Codebook', '## Appendix B. Segments behind each number', '## Appendix C. Coded segments']) {
      expect(md).toContain(`\n${heading}\n`);
    }
    expect(md).toContain('| [`plants`](#cb-plants) | Plants | [3](#idx-plants) | 75% | [5](#idx-plants) | 63% |');
    expect(md).toContain('| Plants | [3](#idx-plants--g1) (60%) | [2](#idx-plants--g2) (67%) |');
    expect(md).toContain('> The **oak** **tree** is old.');
    const anchors = new Set([...md.matchAll(/<a id="([^"]+)"><\/a>/g)].map((match) => match[1]!));
    for (const [, target] of md.matchAll(/\]\(#([^)]+)\)/g)) expect(anchors.has(target!), `#${target}`).toBe(true);
  });

  it('escapes the XSS fixture: no raw tag except the anchors, no live link', async () => {
    const { md } = await render('report-xss', 'xss.yaml');
    expect(md.replace(/<a id="[^"]+"><\/a>/g, '')).not.toMatch(/<[a-zA-Z/!?]/);
    expect(md).toContain('\\[link\\](javascript:**window**.\\_\\_**pwned**=13)');
    expect(md).not.toMatch(/(?<!\\)\]\(javascript:/); // only the escaped form \](…
  });
});
