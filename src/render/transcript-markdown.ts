/**
 * Writes a transcript in cocreate's Markdown format (docs/transcript-format.md):
 * YAML front matter, then one `**Speaker:**` paragraph per turn, with the
 * human codes of each coder in `<!-- codes NAME: … -->` comments after it.
 * Used by `cocreate import` for the texts of other tools' projects.
 *
 * The Markdown reader gives every turn back with exactly the text written
 * here, except in three cases that the reader would misread, which are
 * changed and reported: a later paragraph of a turn that starts like a
 * heading (`# …`) or a speaker label (`**X:**`) gets a leading backslash,
 * and `<!--` inside text becomes `<!- -`.
 */
import { stringify } from 'yaml';

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

const HEADING_START = /^#{1,6}([ \t]|$)/;
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
      let text = paragraph
        .split('\n')
        .map((line) => line.replace(/\s+$/, ''))
        .join('\n');
      if (text.includes('<!--')) {
        text = text.replace(/<!--/g, '<!- -');
        changes.push(`turn ${index + 1}: "<!--" written as "<!- -"`);
      }
      if (p > 0 && (HEADING_START.test(text) || LABEL_START.test(text))) {
        text = `\\${text}`;
        changes.push(`turn ${index + 1}: a paragraph starting with "${text.slice(1, 12)}" got a leading backslash`);
      }
      return text;
    });
    let block = `**${speaker}:** ${paragraphs.join('\n\n')}`;
    for (const [coder, codes] of [...turn.human].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      block += `\n<!-- codes ${coder}: ${codes.join(', ')} -->`;
    }
    blocks.push(block);
  });
  return { text: `---\n${comment}${front}---\n\n${blocks.join('\n\n')}\n`, changes };
}
