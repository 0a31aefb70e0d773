/**
 * The Markdown transcript format: YAML front matter, `##` headings for
 * protocol topics, `**Speaker:**` paragraphs for turns, and human codes in
 * HTML comments that GitHub does not render. Pure: string in, model out.
 */
import { pushAll } from '../model/lists.js';
import { emptyRecord, hasOwnKey } from '../model/records.js';
import { createDiagnostic, type Diagnostic } from '../model/diagnostic.js';
import type { HumanCoding, SourcePoint } from '../model/transcript.js';
import { buildTranscript, singleCoderName, type LoadedTranscript, type RawTurn } from './transcript-builder.js';
import { splitCodes } from './transcript-yaml.js';
import { keyOffset, parseYaml } from './yaml-document.js';

const SPEAKER_LABEL = /^\*\*([^*\n]{1,80}?)(?::\*\*|\*\*:)[ \t]*/;
/** `<!-- codes NAME: a, b -->` (human codes) and `<!-- reviewed NAME: a, b -->` (a review in progress, see docs/transcript-format.md). */
const CODES_COMMENT = /<!--\s*(codes|reviewed)(?:\s+([^:\s][^:]*?))?\s*:([^]*?)-->/g;
const HEADING = /^(#{1,6})[ \t]+(.*?)[ \t#]*$/;

/** Parses a Markdown transcript. `file` names the file in diagnostics. */
export function parseMarkdownTranscript(source: string, file: string): LoadedTranscript {
  const diagnostics: Diagnostic[] = [];
  const lines = source.indexOf('\r') === -1 ? source.split('\n') : source.split(/\r\n|\n|\r/);
  const start: SourcePoint = { line: 1, column: 1 };
  if (lines[0]?.trim() !== '---') {
    diagnostics.push(
      createDiagnostic('error', 'missing-front-matter', file, 'A Markdown transcript must start with YAML front matter between `---` lines.', {
        ...start,
        hint: 'Begin the file with `---`, then `id:` and `language:`, then `---`.',
      }),
    );
    return { diagnostics };
  }
  let close = -1;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '---' || line === '...') {
      close = i;
      break;
    }
  }
  if (close === -1) {
    diagnostics.push(createDiagnostic('error', 'unclosed-front-matter', file, 'The front matter is never closed with a `---` line.', { ...start, hint: 'Add a `---` line after the metadata.' }));
    return { diagnostics };
  }
  const frontMatter = lines.slice(1, close).join('\n');
  const parsed = parseYaml(frontMatter, file, 2);
  pushAll(diagnostics, parsed.diagnostics);
  if (parsed.value === undefined || diagnostics.some((d) => d.severity === 'error')) return { diagnostics };
  const value = parsed.value ?? {};
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    diagnostics.push(createDiagnostic('error', 'wrong-type', file, 'The front matter must be a map of metadata keys.', { line: 2, column: 1 }));
    return { diagnostics };
  }
  const meta = value as Record<string, unknown>;
  const metaAt = emptyRecord<SourcePoint>();
  for (const key of Object.keys(meta)) {
    const offset = keyOffset(parsed.document, [key]);
    metaAt[key] = offset === undefined ? { line: 2, column: 1 } : parsed.pointAt(offset);
  }
  if (hasOwnKey(meta, 'turns')) {
    diagnostics.push(createDiagnostic('warning', 'turns-in-front-matter', file, '`turns` in front matter is ignored in Markdown transcripts; write turns as `**Speaker:**` paragraphs.', metaAt.turns));
  }

  const turns = readBody(lines, close + 1, file, singleCoderName(meta), diagnostics);
  const built = buildTranscript({ file, format: 'markdown', meta, metaAt, metaStart: start, turns });
  // With errors in the turns the file is unusable, but its metadata problems are still reported (all problems at once).
  if (diagnostics.some((d) => d.severity === 'error')) return { diagnostics: [...diagnostics, ...built.diagnostics] };
  return { transcript: built.transcript, diagnostics: [...diagnostics, ...built.diagnostics] };
}

interface OpenTurn extends RawTurn {
  paragraphs: string[][];
  /** The label stood alone on its line: `at` moves to the first line of text. */
  awaitingText: boolean;
}

function readBody(lines: string[], first: number, file: string, coder: string, diagnostics: Diagnostic[]): RawTurn[] {
  const turns: RawTurn[] = [];
  let current: OpenTurn | undefined;
  let pendingQuestion: string | undefined;
  let pendingQuestionAt: SourcePoint | undefined;
  let paragraph: string[] | undefined;
  let inComment = false;

  const finishTurn = () => {
    if (!current) return;
    current.text = current.paragraphs.map((lines) => lines.join('\n')).join('\n\n').trim();
    const { paragraphs: _unused, awaitingText: _awaiting, ...turn } = current;
    turns.push(turn);
    current = undefined;
  };

  // Codes found on a line go to the turn that line belongs to, known once the line is read
  // (a codes comment may sit on a speaker's label line).
  let lineCodes: HumanCoding[] = [];
  const attachLineCodes = () => {
    for (const coding of lineCodes) {
      if (current) current.human.push(coding);
      else diagnostics.push(createDiagnostic('warning', 'codes-outside-turn', file, 'A codes comment appears before any turn; it is ignored.', coding.at));
    }
    lineCodes = [];
  };

  for (let index = first; index < lines.length; index++) {
    attachLineCodes();
    const lineNumber = index + 1;
    let line = lines[index]!;
    // Most lines hold no comment: skip the comment regexes for them (they ran over every line).
    const comments = inComment || line.includes('<!--');
    // Codes comments may sit on their own line or at the end of a text line.
    if (comments) line = line.replace(CODES_COMMENT, (match: string, kind: string, name: string | undefined, list: string, offset: number) => {
      if (kind === 'reviewed') lineCodes.push({ coder: name?.trim() || coder, codes: [], at: { line: lineNumber, column: 1 }, reviewed: splitCodes(list) });
      else lineCodes.push({ coder: name?.trim() || coder, codes: splitCodes(list), at: { line: lineNumber, column: 1 }, codesAt: codePoints(match, list, offset, lineNumber) });
      return '';
    });
    // Other HTML comments (possibly multi-line) are notes, not transcript text.
    if (inComment) {
      const end = line.indexOf('-->');
      if (end === -1) continue;
      line = line.slice(end + 3);
      inComment = false;
    }
    if (comments) {
      line = line.replace(/<!--[^]*?-->/g, '');
      const open = line.indexOf('<!--');
      if (open !== -1) {
        inComment = true;
        line = line.slice(0, open);
      }
    }
    if (line.trim() === '') {
      paragraph = undefined;
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      // As in CommonMark, a heading also ends a paragraph written right above it.
      paragraph = undefined;
      if (heading[1] === '##') {
        pendingQuestion = topicOfHeading(heading[2]!);
        pendingQuestionAt = { line: lineNumber, column: line.indexOf(heading[2]!, heading[1]!.length) + 1 };
      }
      continue;
    }
    if (!paragraph) {
      const label = SPEAKER_LABEL.exec(line);
      if (label) {
        finishTurn();
        const column = label[0].length + 1;
        const rest = line.slice(label[0].length);
        current = {
          speaker: label[1]!.trim(),
          question: pendingQuestion,
          questionAt: pendingQuestionAt,
          text: '',
          at: { line: lineNumber, column },
          endLine: lineNumber,
          human: [],
          paragraphs: [],
          awaitingText: rest.trim() === '',
        };
        pendingQuestion = undefined;
        pendingQuestionAt = undefined;
        paragraph = [rest];
        current.paragraphs.push(paragraph);
        continue;
      }
      if (!current) {
        diagnostics.push(
          createDiagnostic('warning', 'text-outside-turn', file, 'Text before the first speaker label is not part of any turn and is not coded.', {
            line: lineNumber,
            column: 1,
            hint: 'Start each turn with a label such as `**Respondent:**`.',
          }),
        );
        paragraph = [];
        continue;
      }
      paragraph = [];
      current.paragraphs.push(paragraph);
    } else if (line.includes('**') && SPEAKER_LABEL.test(line)) {
      // GitHub renders it as part of the paragraph above, and so does cocreate: the speech is attributed to the previous speaker.
      diagnostics.push(
        createDiagnostic('warning', 'label-inside-paragraph', file, 'This line starts like a speaker label but continues the paragraph above it, so its text counts as the previous speaker\'s turn.', {
          line: lineNumber,
          column: 1,
          hint: 'Put a blank line before the label to start a new turn.',
        }),
      );
    }
    paragraph.push(line.trimEnd()); // the same characters as /\s+$/, natively
    if (current) {
      current.endLine = lineNumber;
      if (current.awaitingText) {
        current.at = { line: lineNumber, column: line.search(/\S/) + 1 };
        current.awaitingText = false;
      }
    }
  }
  attachLineCodes();
  finishTurn();
  return turns;
}

/** Where each code of a `<!-- codes: a, b -->` comment is written (line, column of its first character). */
function codePoints(match: string, list: string, offset: number, line: number): SourcePoint[] {
  const listStart = offset + match.indexOf(':') + 1; // the coder name cannot hold a colon
  const points: SourcePoint[] = [];
  const code = /[^,\s]+/g;
  for (let found = code.exec(list); found; found = code.exec(list)) points.push({ line, column: listStart + found.index + 1 });
  return points;
}

/** `## 3. Public value` → `public-value`. */
export function topicOfHeading(heading: string): string {
  const lower = heading
    .replace(/^\s*\d+[.)]?\s*/, '')
    .trim()
    .toLowerCase();
  // An ASCII heading needs no Unicode classes (the only ASCII `\p{L}`/`\p{N}` are letters and digits), which take over half a millisecond to compile.
  return lower.replace(ASCII_TEXT.test(lower) ? ASCII_NON_WORD : NON_WORD, '-').replace(/^-+|-+$/g, '');
}

const ASCII_TEXT = /^[\x00-\x7f]*$/;
const NON_WORD = /[^\p{L}\p{N}]+/gu;
const ASCII_NON_WORD = /[^A-Za-z0-9]+/g;
