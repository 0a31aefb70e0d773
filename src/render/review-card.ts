/**
 * What `cocreate review` shows for one decision: where the segment is
 * (file:line, interview, topic), the turn before it for context, the segment
 * with the rules' matched words marked, the proposed code with its
 * confidence and the model's strongest words, the keys and the progress.
 * Pure: a queue item and a Style in, text out (the CLI writes it to the terminal).
 */
import { pushAll } from '../model/lists.js';
import type { QueueItem } from '../analyze/review-queue.js';
import type { Code } from '../model/codebook.js';
import type { Style } from './style.js';

/** Progress shown above each card. */
export interface ReviewProgress {
  /** Decisions made in this run. */
  decided: number;
  /** Of those, accepted. */
  accepted: number;
  /** Questions in this run's queue. */
  total: number;
  /** Questions decided in earlier runs. */
  earlier: number;
  /** 1-based position of the current question. */
  position: number;
  /** An agreement estimate to show, e.g. `model κ 0.61 (cross-validated)`, when the source has one. */
  agreement?: string;
}

/** Options of the card. */
export interface CardOptions {
  /** Colours and emphasis (plain without colour). */
  style: Style;
  /** False without colour: matched words are then shown in [brackets]. */
  colour: boolean;
  /** Terminal width in columns (text is wrapped to it). */
  width: number;
  /** Source line, e.g. `rules only (no model for this codebook)`. */
  source: string;
  /** The source's name: `rules`, `model` or `hybrid`. */
  sourceName: string;
}

/** Keys and what they do, in the order the help lists them. */
export const REVIEW_KEYS: readonly [string, string][] = [
  ['y', 'accept: the code applies to this segment'],
  ['n', 'reject: it does not'],
  ['s', 'skip: decide later (asked again next run)'],
  ['u', 'undo the last decision (its file is put back as it was) or skip'],
  ['a', 'add a code the machine did not propose to this segment (type its id, Enter)'],
  ['q', 'quit (every decision so far is already saved)'],
  ['?', 'this help'],
];

/** The card for one question. */
export function renderReviewCard(item: QueueItem, code: Code | undefined, previous: { speaker: string; text: string } | undefined, progress: ReviewProgress, options: CardOptions): string {
  const { style, width } = options;
  const lines: string[] = [];
  const done = progress.earlier + progress.decided;
  const all = progress.earlier + progress.total;
  const rate = progress.decided > 0 ? ` · accepted ${progress.accepted} of ${progress.decided} (${Math.round((100 * progress.accepted) / progress.decided)}%)` : '';
  lines.push(style.dim(`── ${progress.position} / ${progress.total} · decided ${done} of ${all}${rate}${progress.agreement ? ` · ${progress.agreement}` : ''} ──`));
  const topic = item.segment.question ? `, topic ${item.segment.question}` : '';
  lines.push(`${style.bold(`${item.transcript.file}:${item.segment.at.line}`)}  ${style.dim(`(${item.transcript.id}, turn ${item.segment.index + 1}${topic})`)}`);
  lines.push('');
  if (previous) pushAll(lines, wrap(`${previous.speaker}: ${excerpt(previous.text, 300)}`, width, '  ').map((line) => style.dim(line)));
  const marked = markSpans(item.segment.text, item.matched, options.colour ? style.match : (text) => `[${text}]`);
  pushAll(lines, wrap(`${item.segment.speaker}: ${marked}`, width, '  ', options.colour));
  lines.push('');
  const label = code ? ` — ${code.label}` : '';
  const words = `${item.matched.length} matched word${item.matched.length === 1 ? '' : 's'}`;
  const facts =
    item.probability === undefined
      ? ['proposed', words]
      : [`${options.sourceName} says ${item.proposed ? 'yes' : 'no, unsure'}`, item.ruleHit ? `rule hit (${words})` : 'no rule hit', `p = ${item.probability.toFixed(2)}`];
  lines.push(`${style.bold(item.code)}${label}  ${style.dim(`(${[...facts, `certainty ${item.certainty.toFixed(2)}`].join('; ')})`)}`);
  if (code?.definition) pushAll(lines, wrap(style.dim(excerpt(code.definition, 240)), width, '  ', options.colour));
  if (item.strongest.length > 0) {
    // A word as the segment has it; `~stem` when the segment has no word with the model's stem.
    const shown = (word: (typeof item.strongest)[number]) => `${word.stem ? '~' : ''}${word.word}`;
    const words = item.strongest.map((word) => (word.weight >= 0 ? style.high(`+${shown(word)}`) : style.low(`−${shown(word)}`))).join(' ');
    lines.push(`  model's strongest words: ${words}${item.strongest.some((word) => word.stem) ? style.dim(' (~ a stem: no such word here)') : ''}`);
  }
  lines.push(style.dim(`  source: ${options.source}`));
  lines.push('');
  lines.push(`${style.bold('y')} accept  ${style.bold('n')} reject  ${style.bold('s')} skip  ${style.bold('u')} undo  ${style.bold('a')} add  ${style.bold('q')} quit  ${style.bold('?')} help`);
  return `${lines.join('\n')}\n`;
}

/** The help text. */
export function renderReviewHelp(style: Style): string {
  const keys = REVIEW_KEYS.map(([key, meaning]) => `  ${style.bold(key)}  ${meaning}`).join('\n');
  return `${keys}\n\nEach decision is written into the transcript at once (as your human codes); a later run goes on where this one stopped.\n`;
}

/** `text` with each [start, end) span passed through `mark` (spans sorted, overlaps merged). */
export function markSpans(text: string, spans: readonly { start: number; end: number }[], mark: (text: string) => string): string {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const span of sorted) {
    const start = Math.max(span.start, at);
    if (span.end <= start) continue;
    out += text.slice(at, start) + mark(text.slice(start, span.end));
    at = span.end;
  }
  return out + text.slice(at);
}

/** The first `limit` characters of a text on one line, `…` when cut. */
export function excerpt(text: string, limit: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > limit ? `${flat.slice(0, limit - 1)}…` : flat;
}

/** Wraps a paragraph (paragraph breaks kept) to `width` columns, continuation lines indented; escapes do not count as width. */
function wrap(text: string, width: number, indent: string, hasEscapes = false): string[] {
  const visible = (word: string) => (hasEscapes ? word.replace(/\x1b\[[0-9;]*m/g, '') : word).length;
  const out: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    let length = 0;
    for (const word of paragraph.split(/ +/)) {
      const size = visible(word);
      if (length > 0 && length + 1 + size > width) {
        out.push(line);
        line = indent + word;
        length = indent.length + size;
      } else {
        line += (length > 0 ? ' ' : '') + word;
        length += (length > 0 ? 1 : 0) + size;
      }
    }
    out.push(line);
  }
  return out;
}
