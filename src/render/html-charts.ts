/**
 * Inline SVG charts for the HTML report: paired horizontal bar charts and
 * heatmaps. They are drawn from numbers alone (no script, no fonts to
 * fetch), every number is also written as text, every chart has a
 * `<title>` and `<desc>` for screen readers, and shading is never the only
 * carrier of meaning (cells carry their value, flags carry a symbol).
 * Text widths are estimated from character counts, since no layout engine
 * runs here; long labels are shortened with their full text in a tooltip.
 */
import { maxOf } from '../model/lists.js';
import { html, type HtmlFragment } from './html.js';

/** Average advance of a sans-serif glyph, as a fraction of the font size (Arial/Helvetica ≈ 0.52; a little slack). */
const CHAR_WIDTH = 0.56;

/** Estimated width in px of `text` at `size` px. */
export function textWidth(text: string, size: number): number {
  return [...text].length * size * CHAR_WIDTH;
}

/** `text`, shortened with `…` to fit `width` px at `size` px. */
export function fitText(text: string, width: number, size: number): string {
  const chars = [...text];
  if (chars.length * size * CHAR_WIDTH <= width) return text;
  const keep = Math.max(1, Math.floor(width / (size * CHAR_WIDTH)) - 1);
  return `${chars.slice(0, keep).join('').trimEnd()}…`;
}

/** A coordinate with at most one decimal, so output bytes do not depend on float noise. */
function px(value: number): string {
  return String(Math.round(value * 10) / 10);
}

// ---------------------------------------------------------------------------
// Bar chart
// ---------------------------------------------------------------------------

export interface BarValue {
  value: number;
  /** The number as written beside the bar, e.g. `12/14 · 86%`. */
  text: string;
  /** Where the number comes from (an anchor in the report). */
  href?: string;
}

export interface BarPanel {
  /** Panel heading, e.g. `Interviews coded`. */
  heading: string;
  /** Second heading line with the denominator, e.g. `of N = 14`. */
  note: string;
  /** The value a full-length bar stands for. */
  scale: number;
  /** Draw the full length as a pale track (when the scale is the denominator). */
  track: boolean;
}

export interface BarRow {
  label: string;
  /** Tooltip and accessible name of the row, e.g. `success.quick-wins — Quick wins from the start`. */
  title: string;
  /** Link of the label (e.g. the codebook entry). */
  href?: string;
  /** A heading row (a theme above its codes): label only, no bars. */
  heading?: boolean;
  values: BarValue[];
}

export interface BarChart {
  /** Id prefix for the `<title>`/`<desc>` elements. */
  id: string;
  title: string;
  /** Long description for screen readers (the numbers in words). */
  description: string;
  panels: BarPanel[];
  rows: BarRow[];
}

const BAR = { label: 270, panel: 300, gap: 32, number: 84, row: 22, heading: 28, top: 44, font: 12 };

/** A paired horizontal bar chart: one label column, one panel per measure, numbers right-aligned at each panel's end. */
export function renderBarChart(chart: BarChart): HtmlFragment {
  // The label column is as wide as the longest label needs, up to BAR.label.
  const labelWidth = Math.min(BAR.label, maxOf(chart.rows.filter((row) => !row.heading).map((row) => Math.ceil(textWidth(row.label, BAR.font)) + 16), 60));
  const width = labelWidth + chart.panels.length * (BAR.panel + BAR.gap) - BAR.gap;
  const parts: HtmlFragment[] = [];
  chart.panels.forEach((panel, p) => {
    const x = labelWidth + p * (BAR.panel + BAR.gap);
    parts.push(html`<text class="ph" x="${px(x)}" y="14">${panel.heading}</text><text class="pn" x="${px(x)}" y="30">${panel.note}</text>`);
  });
  let y = BAR.top;
  for (const row of chart.rows) {
    if (row.heading) {
      const top = y + 6;
      parts.push(
        html`<g class="bh"><title>${row.title}</title><line x1="0" x2="${px(width)}" y1="${px(top)}" y2="${px(top)}"/>${link(row.href, html`<text x="0" y="${px(top + 16)}">${fitText(row.label, width, BAR.font)}</text>`)}</g>`,
      );
      y += BAR.heading;
      continue;
    }
    const cells: HtmlFragment[] = [];
    row.values.forEach((value, p) => {
      const panel = chart.panels[p]!;
      const x = labelWidth + p * (BAR.panel + BAR.gap);
      const length = BAR.panel - BAR.number;
      const filled = panel.scale > 0 ? (length * Math.min(value.value, panel.scale)) / panel.scale : 0;
      if (panel.track) cells.push(html`<rect class="tr" x="${px(x)}" y="${px(y + 5)}" width="${px(length)}" height="12"/>`);
      if (filled > 0) cells.push(html`<rect class="bar" x="${px(x)}" y="${px(y + 5)}" width="${px(Math.max(filled, 1))}" height="12"/>`);
      cells.push(link(value.href, html`<text class="num" x="${px(x + BAR.panel)}" y="${px(y + 15)}">${value.text}</text>`));
    });
    parts.push(
      html`<g class="br"><title>${row.title}: ${row.values.map((value, p) => `${chart.panels[p]!.heading} ${value.text}`).join('; ')}</title>${link(
        row.href,
        html`<text class="lb" x="0" y="${px(y + 15)}">${fitText(row.label, labelWidth - 10, BAR.font)}</text>`,
      )}${cells}</g>`,
    );
    y += BAR.row;
  }
  const height = y + 6;
  return html`<svg class="chart" role="img" aria-labelledby="${chart.id}-t ${chart.id}-d" width="${px(width)}" height="${px(height)}" viewBox="0 0 ${px(width)} ${px(height)}"><title id="${chart.id}-t">${chart.title}</title><desc id="${chart.id}-d">${chart.description}</desc>${parts}</svg>`;
}

// ---------------------------------------------------------------------------
// Heatmap
// ---------------------------------------------------------------------------

/** Shading classes `h0`…`h4` (light to dark); the style sheet gives their colours. */
export type ShadeLevel = 0 | 1 | 2 | 3 | 4;

/** Bins a share in [0, 1]: 0 → 0, (0, ¼] → 1, (¼, ½] → 2, (½, ¾] → 3, (¾, 1] → 4. */
export function shadeOfShare(share: number | null): ShadeLevel {
  if (share === null || !(share > 0)) return 0;
  if (share <= 0.25) return 1;
  if (share <= 0.5) return 2;
  if (share <= 0.75) return 3;
  return 4;
}

export interface HeatCell {
  /** The value written in the cell, e.g. `3/7`. */
  text: string;
  shade: ShadeLevel;
  title: string;
  href?: string;
  /** A flag drawn as a symbol in the cell's corner and a dark outline. */
  mark?: 'high' | 'low';
  /** `data-*` attributes (name without the prefix → value), so tests and scripts can find cells. */
  data: Record<string, string>;
}

export interface HeatAxisLabel {
  label: string;
  title: string;
  href?: string;
}

export interface Heatmap {
  id: string;
  title: string;
  description: string;
  rows: HeatAxisLabel[];
  columns: HeatAxisLabel[];
  /** cells[row][column]; null leaves the place empty (e.g. the upper triangle). */
  cells: (HeatCell | null)[][];
  cellWidth: number;
  cellHeight: number;
  fontSize: number;
  /** Widest row label, px. */
  labelWidth: number;
  /** Longest column label, px, before rotation. */
  columnLabelWidth: number;
  /**
   * Where column labels go: above the grid (`top`, default), or on the
   * diagonal, running into the empty upper triangle of a symmetric matrix
   * (`diagonal`), which saves the space above a lower-triangle map.
   */
  columnLabels?: 'top' | 'diagonal';
}

const SIN45 = Math.SQRT1_2;

/** A heatmap with rotated column labels; cells are links to the segments behind them. */
export function renderHeatmap(map: Heatmap): HtmlFragment {
  const font = map.fontSize;
  const diagonal = map.columnLabels === 'diagonal';
  const columnLabels = map.columns.map((column) => fitText(column.label, map.columnLabelWidth, font));
  const rise = columnLabels.map((label) => textWidth(label, font) * SIN45);
  const left = map.labelWidth + 8;
  // Column j's label starts at (x_j, base_j) and runs up-right at 45°.
  const labelX = (j: number) => left + j * map.cellWidth + map.cellWidth / 2 + font / 3;
  const labelBase = (j: number) => (diagonal ? j * map.cellHeight - 3 : -6);
  const top = Math.ceil(maxOf(rise.map((r, j) => r - labelBase(j)), font) + 4);
  const gridRight = left + map.columns.length * map.cellWidth;
  const width = Math.ceil(maxOf(rise.map((r, j) => labelX(j) + r), gridRight) + 8);
  const height = Math.ceil(top + map.rows.length * map.cellHeight + 4);
  const parts: HtmlFragment[] = [];
  map.columns.forEach((column, j) => {
    parts.push(
      link(
        column.href,
        html`<text class="cl" transform="translate(${px(labelX(j))} ${px(top + labelBase(j))}) rotate(-45)"><title>${column.title}</title>${columnLabels[j]!}</text>`,
      ),
    );
  });
  map.rows.forEach((row, i) => {
    const y = top + i * map.cellHeight;
    parts.push(
      link(
        row.href,
        html`<text class="rl" x="${px(left - 8)}" y="${px(y + map.cellHeight / 2 + font / 3)}"><title>${row.title}</title>${fitText(row.label, map.labelWidth, font)}</text>`,
      ),
    );
    map.cells[i]!.forEach((cell, j) => {
      if (!cell) return;
      const x = left + j * map.cellWidth;
      const data = Object.entries(cell.data).map(([name, value]) => html` data-${name}="${value}"`);
      const outline = cell.mark ? html`<rect class="flag f${cell.shade}" x="${px(x + 2)}" y="${px(y + 2)}" width="${px(map.cellWidth - 4)}" height="${px(map.cellHeight - 4)}"/>` : '';
      const symbol = cell.mark
        ? html`<text class="sym t${cell.shade}" x="${px(x + map.cellWidth - 4)}" y="${px(y + font * 0.85)}">${cell.mark === 'high' ? '▲' : '▼'}</text>`
        : '';
      parts.push(
        link(
          cell.href,
          html`<g class="cell"${data}><title>${cell.title}</title><rect class="h${cell.shade}" x="${px(x)}" y="${px(y)}" width="${px(map.cellWidth)}" height="${px(map.cellHeight)}"/>${outline}<text class="cv t${cell.shade}" x="${px(x + map.cellWidth / 2)}" y="${px(y + map.cellHeight / 2 + font / 3)}">${cell.text}</text>${symbol}</g>`,
        ),
      );
    });
  });
  return html`<svg class="chart heatmap" role="img" aria-labelledby="${map.id}-t ${map.id}-d" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-size="${font}"><title id="${map.id}-t">${map.title}</title><desc id="${map.id}-d">${map.description}</desc>${parts}</svg>`;
}

function link(href: string | undefined, content: HtmlFragment): HtmlFragment {
  return href ? html`<a href="${href}">${content}</a>` : content;
}

// ---------------------------------------------------------------------------
// Review curve
// ---------------------------------------------------------------------------

/** A line chart of kappa against the share of decisions reviewed, two orders (issue 12). */
export interface ReviewCurveChart {
  /** Accessible title, e.g. `Agreement after reviewing a share of the decisions`. */
  title: string;
  /** Longer description for screen readers. */
  description: string;
  /** Points: share reviewed 0–1, kappa in review order and in random order (null: undefined). */
  points: { fraction: number; kappa: number | null; randomKappa: number | null }[];
}

/** The review curve as inline SVG: x = share reviewed, y = kappa (0–1), review order solid, random order dashed, with a 0.8 guide line. */
export function renderReviewCurve(chart: ReviewCurveChart): HtmlFragment {
  const width = 420;
  const height = 230;
  const left = 40;
  const right = 110;
  const top = 12;
  const bottom = 34;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const x = (fraction: number) => left + fraction * plotW;
  const y = (kappa: number) => top + (1 - Math.max(0, Math.min(1, kappa))) * plotH;
  const line = (pick: (point: ReviewCurveChart['points'][number]) => number | null) =>
    chart.points
      .filter((point) => pick(point) !== null)
      .map((point) => `${px(x(point.fraction))},${px(y(pick(point)!))}`)
      .join(' ');
  const ticks = [0, 0.2, 0.4, 0.6, 0.8, 1];
  return html`<svg class="chart review-curve" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="rc-t rc-d">
<title id="rc-t">${chart.title}</title><desc id="rc-d">${chart.description}</desc>
${ticks.map(
  (tick) =>
    html`<line x1="${px(left)}" x2="${px(left + plotW)}" y1="${px(y(tick))}" y2="${px(y(tick))}" stroke="#e4e9ee"/><text class="pn" x="${px(left - 6)}" y="${px(y(tick) + 4)}" text-anchor="end">${tick.toFixed(1)}</text><text class="pn" x="${px(x(tick))}" y="${px(top + plotH + 16)}" text-anchor="middle">${Math.round(tick * 100)}%</text>`,
)}
<line x1="${px(left)}" x2="${px(left + plotW)}" y1="${px(y(0.8))}" y2="${px(y(0.8))}" stroke="#59636e" stroke-dasharray="2 3"/>
<text class="pn" x="${px(left + plotW + 6)}" y="${px(y(0.8) + 4)}">κ 0.8</text>
<polyline points="${line((point) => point.randomKappa)}" fill="none" stroke="#8c959f" stroke-width="2" stroke-dasharray="6 4"/>
<polyline points="${line((point) => point.kappa)}" fill="none" stroke="#1f5f9e" stroke-width="2.5"/>
<text class="lb" x="${px(left + plotW + 6)}" y="${px(y(0.55))}">— least</text><text class="lb" x="${px(left + plotW + 6)}" y="${px(y(0.55) + 14)}">certain first</text>
<text class="lb" x="${px(left + plotW + 6)}" y="${px(y(0.3))}">- - random</text><text class="lb" x="${px(left + plotW + 6)}" y="${px(y(0.3) + 14)}">order</text>
<text class="pn" x="${px(left + plotW / 2)}" y="${px(height - 4)}" text-anchor="middle">share of segment × code decisions reviewed</text>
</svg>`;
}
