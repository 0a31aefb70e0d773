/**
 * Safe HTML building for the HTML report. Every value interpolated into the
 * `html` template is passed through `escapeHtml` unless it is already an
 * `HtmlFragment` built by this module, so transcript and codebook text can
 * never become markup — in element content, in attributes, and inside inline
 * SVG (`<title>`, `<text>`, `<desc>` are parsed like any other element there).
 * There is deliberately one escaping function: escaping `& < > " '` is
 * correct in text and in double- or single-quoted attribute values alike.
 */

/** A piece of markup that is already safe to insert as is. Only `html`, `joinHtml` and `rawHtml` make one. */
export class HtmlFragment {
  constructor(
    /** The markup. */
    readonly markup: string,
  ) {}

  toString(): string {
    return this.markup;
  }
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML element content and quoted attribute values: `<script>` → `&lt;script&gt;`. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char]!);
}

/** A value `html` knows how to insert: text and numbers are escaped, fragments kept, lists joined, nothing for null/undefined/false. */
export type HtmlValue = HtmlFragment | string | number | boolean | null | undefined | readonly HtmlValue[];

/** Tagged template: `html`<p title="${title}">${text}</p>`` escapes `title` and `text`. */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): HtmlFragment {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += insert(values[i]) + strings[i + 1]!;
  return new HtmlFragment(out);
}

/** Joins fragments (or escaped text) with an optional separator. */
export function joinHtml(values: readonly HtmlValue[], separator = ''): HtmlFragment {
  return new HtmlFragment(values.map(insert).join(separator));
}

/**
 * Wraps markup written by cocreate itself (the style sheet, fixed SVG
 * definitions). Never call it with text that came from a transcript or codebook.
 */
export function rawHtml(markup: string): HtmlFragment {
  return new HtmlFragment(markup);
}

function insert(value: HtmlValue): string {
  if (value instanceof HtmlFragment) return value.markup;
  if (value === null || value === undefined || value === false) return '';
  if (Array.isArray(value)) return value.map(insert).join('');
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  return escapeHtml(String(value));
}

/** Text with some spans marked (`<mark>`), every part escaped; spans are `[start, end)` UTF-16 offsets, sorted and disjoint. */
export function markedText(text: string, spans: readonly { start: number; end: number }[]): HtmlFragment {
  const parts: HtmlFragment[] = [];
  let at = 0;
  for (const span of spans) {
    if (span.start < at || span.end <= span.start) continue;
    parts.push(html`${text.slice(at, span.start)}<mark>${text.slice(span.start, span.end)}</mark>`);
    at = span.end;
  }
  parts.push(html`${text.slice(at)}`);
  return joinHtml(parts);
}
