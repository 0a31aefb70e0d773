/**
 * Writes a transcript in cocreate's Markdown format (docs/transcript-format.md):
 * YAML front matter, then one `**Speaker:**` paragraph per turn, with the
 * human codes of each coder in `<!-- codes NAME: … -->` comments after it.
 * Used by `cocreate import` for the texts of other tools' projects.
 *
 * The Markdown reader gives every turn back with exactly the text written
 * here, except in three cases that the reader would misread, which are
 * changed and reported: a line that reads as a heading (`# …`), and a later
 * paragraph of a turn that starts like a speaker label (`**X:**`), get a
 * leading backslash; `<!--` inside text becomes `<!- -`.
 */
import { pushAll } from '../model/lists.js';
import { stringify } from 'yaml';
import type { ImportedTranscript } from '../model/refi-qda.js';

export interface MarkdownTurn {
  speaker: string;
  /** The turn's paragraphs, without the speaker label. */
  paragraphs: readonly string[];
  /** Coder → code ids; an empty list records a reviewed segment with no code. */
  human: ReadonlyMap<string, readonly string[]>;
}

export interface MarkdownTranscript {
  /** Front-matter lines written as YAML comments (provenance), without `#`. */
  comment: readonly string[];
  /** Front matter in order: `id`, `language`, then attributes. */
  meta: readonly [string, string | boolean | readonly string[]][];
  turns: readonly MarkdownTurn[];
}

export interface RenderedMarkdown {
  text: string;
  /** Human-readable notes about text that had to be changed (see the module comment). */
  changes: string[];
}

/** As the Markdown reader sees headings (any line) and labels (at a paragraph start). */
const HEADING_START = /^#{1,6}[ \t]+/;
const LABEL_START = /^\*\*[^*\n]{1,80}?(?::\*\*|\*\*:)/;

/** Renders one transcript; `changes` lists what could not be written verbatim. */
export function renderMarkdownTranscript(transcript: MarkdownTranscript): RenderedMarkdown {
  const changes: string[] = [];
  const front = stringify(Object.fromEntries(transcript.meta), { lineWidth: 0 });
  const comment = transcript.comment.map((line) => `# ${line}\n`).join('');
  const blocks: string[] = [];
  transcript.turns.forEach((turn, index) => {
    const speaker = turn.speaker.replace(/[*\n\r]+/g, ' ').trim().slice(0, 80) || 'speaker';
    if (speaker !== turn.speaker) changes.push(`turn ${index + 1}: speaker "${turn.speaker}" written as "${speaker}"`);
    const paragraphs = turn.paragraphs.map((paragraph, p) => {
      const lines = paragraph.split('\n').map((line, l) => {
        let text = line.replace(/\s+$/, '');
        if (text.includes('<!--')) {
          text = text.replace(/<!--/g, '<!- -');
          changes.push(`turn ${index + 1}: "<!--" written as "<!- -"`);
        }
        const paragraphStart = l === 0 && p > 0;
        if ((HEADING_START.test(text) && !(l === 0 && p === 0)) || (paragraphStart && LABEL_START.test(text))) {
          text = `\\${text}`;
          changes.push(`turn ${index + 1}: a line starting with "${text.slice(1, 12)}" got a leading backslash`);
        }
        return text;
      });
      return lines.join('\n');
    });
    let block = `**${speaker}:** ${paragraphs.join('\n\n')}`;
    for (const [coder, codes] of [...turn.human].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      block += `\n<!-- codes ${coder}: ${codes.join(', ')} -->`;
    }
    blocks.push(block);
  });
  return { text: `---\n${comment}${front}---\n\n${blocks.join('\n\n')}\n`, changes };
}

/** Where an imported transcript came from, for the comment in its front matter. */
export interface ImportProvenance {
  /** File name of the .qdpx/.qde, e.g. `project.qdpx`. */
  file: string;
  /** The other tool, e.g. `NVivo for Windows 12.6`. */
  origin?: string;
}

/** A transcript imported from another QDA tool, with its provenance and how its positions were read as comments. */
export function renderImportedTranscript(transcript: ImportedTranscript, provenance: ImportProvenance): RenderedMarkdown {
  const meta: [string, string | boolean | string[]][] = [
    ['id', transcript.id],
    ['language', transcript.language],
  ];
  if (transcript.illustrative !== undefined) meta.push(['illustrative', transcript.illustrative]);
  if (transcript.interviewers && transcript.interviewers.length > 0) meta.push(['interviewers', transcript.interviewers]);
  pushAll(meta, transcript.attributes);
  const unit = transcript.reading.unit === 'utf-16' ? 'UTF-16 units' : 'code points';
  const origin = provenance.origin ? ` (${provenance.origin})` : '';
  return renderMarkdownTranscript({
    comment: [
      `Imported by cocreate from ${provenance.file}${origin}, source "${transcript.sourceName.replace(/[\r\n]+/g, ' ')}".`,
      `Positions read as ${unit}${transcript.reading.lineEndings === 'lf' ? ' (CRLF as one)' : ''}; one segment per ${transcript.paragraphMode === 'line' ? 'line' : 'paragraph'}.`,
    ],
    meta,
    turns: transcript.segments.map((segment) => ({ speaker: segment.speaker, paragraphs: segment.paragraphs, human: segment.human })),
  });
}
