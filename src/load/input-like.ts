/**
 * Recognises, from the first few KB of a file, whether it is one of a
 * project's inputs: a transcript (YAML with `turns:` or `id:` + `language:`,
 * Markdown whose front matter has them), a codebook (YAML with `themes:`)
 * or the project file (`cocreate.yaml`, or YAML whose top-level keys are
 * the project file's), or a LIWC dictionary (`%`-delimited categories). The writer (cli/write-file.ts) refuses to replace
 * such a file without `--force` (issue 16), whatever its name and whether
 * or not this run reads it. Pure: the caller reads the head of the file.
 */

/** How many bytes of an existing file are enough to recognise it. */
export const INPUT_SNIFF_BYTES = 8192;

/** The kinds of input file a report must not replace. */
export type InputKind = 'transcript' | 'codebook' | 'project file' | 'dictionary';

/** Top-level keys of `cocreate.yaml` (model/project.ts). */
const PROJECT_KEYS = new Set(['attributes', 'topics', 'coders', 'personal_data']);

/**
 * The kind of input `head` (the start of the file named `name`) looks
 * like, or undefined for anything else (a report, a CSV, an archive).
 */
export function inputKindOf(name: string, head: string): InputKind | undefined {
  const base = name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1).toLowerCase();
  if (base === 'cocreate.yaml' || base === 'cocreate.yml') return 'project file';
  const text = head.replace(/^\uFEFF/, '');
  // A LIWC dictionary (`import --dictionary`'s input): `%`, category lines, `%`, then words.
  if (/^\s*%[ \t]*\r?\n(?:[ \t]*\d+[ \t]+\S[^\n]*\r?\n)+[ \t]*%[ \t]*(?:\r?\n|$)/.test(text)) return 'dictionary';
  const flow = flowKeys(text);
  if (flow !== undefined) {
    // JSON, or YAML in flow style: reports are JSON too, so a codebook needs its own shape (no report has `themes` without `codebook` or `file`).
    if (flow.has('turns') || (flow.has('id') && flow.has('language'))) return 'transcript';
    if (flow.has('themes') && !flow.has('codebook') && !flow.has('file')) return 'codebook';
    return undefined;
  }
  const keys = topLevelKeys(frontMatterOf(text) ?? text);
  if (keys.size === 0) return undefined;
  if (keys.has('turns') || (keys.has('id') && keys.has('language'))) return 'transcript';
  if (keys.has('themes')) return 'codebook';
  if ([...keys].every((key) => PROJECT_KEYS.has(key))) return 'project file';
  return undefined;
}

/** The front matter of a Markdown file (`---` … `---`), or undefined when it has none. */
function frontMatterOf(text: string): string | undefined {
  const match = /^---[ \t]*\r?\n/.exec(text);
  if (!match) return undefined;
  const rest = text.slice(match[0].length);
  const end = /^(?:---|\.\.\.)[ \t]*$/m.exec(rest);
  // A head cut inside long front matter: what was read is still front matter.
  return end ? rest.slice(0, end.index) : rest;
}

/** Keys written at the start of a line (YAML's top level, plain or quoted), up to the first `---` document marker. */
function topLevelKeys(text: string): Set<string> {
  const keys = new Set<string>();
  for (const line of text.split(/\r\n|\n|\r/)) {
    if (/^(?:---|\.\.\.)\s*$/.test(line) && keys.size > 0) break;
    const match = /^(?:"([^"\n]+)"|'([^'\n]+)'|([A-Za-z_][\w.-]*))[ \t]*:(?:[ \t]|$)/.exec(line);
    if (match) keys.add(match[1] ?? match[2] ?? match[3]!);
  }
  return keys;
}

/**
 * The keys of a document that is one flow mapping (`{...}`: JSON, or YAML
 * written that way), as far as `text` goes; undefined for anything else.
 * Keys are read at depth one only, outside strings.
 */
function flowKeys(text: string): Set<string> | undefined {
  const start = /^(?:\s|#[^\n]*\n)*\{/.exec(text);
  if (!start) return undefined;
  const keys = new Set<string>();
  let depth = 1;
  let token = '';
  let quote = '';
  for (let index = start[0].length; index < text.length && depth > 0; index++) {
    const char = text[index]!;
    if (quote !== '') {
      if (char === '\\' && quote === '"') {
        token += text[++index] ?? '';
      } else if (char === quote) {
        quote = '';
      } else {
        token += char;
      }
      continue;
    }
    if (char === '"' || char === "'") {
      quote = char;
      token = '';
    } else if (char === '{' || char === '[') {
      depth++;
    } else if (char === '}' || char === ']') {
      depth--;
    } else if (char === ':' && depth === 1) {
      if (token.trim() !== '') keys.add(token.trim());
      token = '';
    } else if (char === ',') {
      token = '';
    } else if (depth === 1) {
      token += char;
    }
  }
  return keys;
}
