/** The one HTML escaping function and the `html` template the report is built with (issue 7). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeHtml, html, HtmlFragment, joinHtml, markedText } from '../../src/render/html.js';
import { escapeMarkdown } from '../../src/render/markdown-report.js';

/** Reverses escapeHtml (for the round-trip property only). */
function unescape(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
}

describe('escapeHtml', () => {
  it('escapes the five characters that can end text or an attribute', () => {
    expect(escapeHtml(`<script>alert("x") & 'y'</script>`)).toBe('&lt;script&gt;alert(&quot;x&quot;) &amp; &#39;y&#39;&lt;/script&gt;');
    expect(escapeHtml('</style>')).toBe('&lt;/style&gt;');
  });

  it('property: the result has no markup characters and unescapes to the input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const escaped = escapeHtml(text);
        expect(/[<>"']/.test(escaped)).toBe(false);
        expect(unescape(escaped)).toBe(text);
      }),
    );
  });
});

describe('html template', () => {
  it('escapes every interpolated string and number-formats numbers', () => {
    const evil = '"><img src=x onerror=alert(1)>';
    expect(html`<p title="${evil}">${evil} ${3}</p>`.markup).toBe('<p title="&quot;&gt;&lt;img src=x onerror=alert(1)&gt;">&quot;&gt;&lt;img src=x onerror=alert(1)&gt; 3</p>');
  });

  it('keeps fragments, joins arrays, drops null, undefined and false', () => {
    const inner = html`<b>${'<i>'}</b>`;
    expect(html`${inner}${[html`<br>`, 'a<b']}${null}${undefined}${false}`.markup).toBe('<b>&lt;i&gt;</b><br>a&lt;b');
    expect(joinHtml(['<', html`<hr>`], '|').markup).toBe('&lt;|<hr>');
    expect(html`${Number.NaN}`.markup).toBe('');
  });

  it('a plain object pretending to be a fragment is escaped, not trusted', () => {
    const fake = { markup: '<script>' } as unknown as HtmlFragment;
    expect(html`${fake as unknown as string}`.markup).not.toContain('<script>');
  });

  it('markedText marks spans and escapes text inside and outside them', () => {
    const text = 'say <script> & go';
    expect(markedText(text, [{ start: 5, end: 11 }]).markup).toBe('say &lt;<mark>script</mark>&gt; &amp; go');
  });

  it('property: markedText never emits a tag other than <mark>', () => {
    fc.assert(
      fc.property(fc.string(), fc.array(fc.tuple(fc.nat(60), fc.nat(10))), (text, raw) => {
        let at = 0;
        const spans: { start: number; end: number }[] = [];
        for (const [gap, length] of raw) {
          const start = at + gap;
          const end = Math.min(text.length, start + length + 1);
          if (start >= text.length) break;
          spans.push({ start, end });
          at = end;
        }
        const markup = markedText(text, spans).markup;
        expect(markup.replace(/<\/?mark>/g, '')).not.toMatch(/[<>]/);
        expect(unescape(markup.replace(/<\/?mark>/g, ''))).toBe(text);
      }),
    );
  });
});

describe('escapeMarkdown', () => {
  it('turns HTML into entities and Markdown syntax into escaped characters', () => {
    expect(escapeMarkdown('<script>x</script>')).toBe('&lt;script&gt;x&lt;/script&gt;');
    expect(escapeMarkdown('[a](javascript:x) **b** | c_d `e`')).toBe('\\[a\\](javascript:x) \\*\\*b\\*\\* \\| c\\_d \\`e\\`');
    expect(escapeMarkdown('line\nbreak')).toBe('line break');
  });

  it('property: no raw <, >, |, [, ], * or backtick survives unescaped', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const escaped = escapeMarkdown(text);
        expect(escaped).not.toMatch(/[<>\n\r]/);
        // Every |, [, ], *, ` , _ and ~ is preceded by an odd number of backslashes.
        for (const match of escaped.matchAll(/(\\*)([|[\]*`_~])/g)) expect(match[1]!.length % 2).toBe(1);
      }),
    );
  });
});
