/**
 * Protocol topics as a grouping and a filter: `--by topic` groups segments
 * (not interviews) by the topic of each turn, and `--where topic=NAME`
 * keeps the segments under one or more topics. This module holds the name
 * handling those need: splitting a topic condition from attribute filters,
 * checking topic names against the project's and the corpus's topics (with
 * "did you mean"), and the order groups are shown in. Pure.
 */
import { MISSING_GROUP, TOPIC_GROUPING } from './frequencies.js';
import type { AttributeFilter } from './quotes.js';
import { editDistance, typoLimit } from '../validate/suggest.js';

/** `--where` conditions split into document-attribute filters and the topic condition. */
export interface SplitWhere {
  /** Conditions on document attributes (and language, id). */
  attributes: AttributeFilter[];
  /** Topics to keep (`null` for segments without a topic, written `(none)`); undefined when there is no topic condition. */
  topics?: (string | null)[];
}

/** Splits `topic=…` conditions from the attribute filters. */
export function splitWhere(filters: readonly AttributeFilter[]): SplitWhere {
  const attributes = filters.filter((filter) => filter.attribute !== TOPIC_GROUPING);
  const topic = filters.find((filter) => filter.attribute === TOPIC_GROUPING);
  return topic ? { attributes, topics: topic.values.map((value) => (value === MISSING_GROUP ? null : value)) } : { attributes };
}

/**
 * The topic groups in display order: the project's topics (each one, even
 * when no segment is under it), then topics found in the corpus but not
 * declared (sorted), as `groupTalliesByTopic` orders them.
 */
export function knownTopics(projectTopics: readonly string[], found: Iterable<string>): string[] {
  const declared = new Set(projectTopics);
  const extra = [...new Set(found)].filter((name) => !declared.has(name)).sort((a, b) => a.localeCompare(b, 'en'));
  return [...projectTopics, ...extra];
}

/** The closest known topic to a misspelt name, when it is a plausible typo. */
export function suggestTopic(name: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = typoLimit(name.length) + 1;
  for (const candidate of known) {
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase(), bestDistance);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** A message for the first topic in `names` that is neither known nor `(none)`, with "did you mean"; undefined when all are known. */
export function unknownTopicMessage(names: readonly (string | null)[], known: readonly string[]): string | undefined {
  for (const name of names) {
    if (name === null || known.includes(name)) continue;
    const close = suggestTopic(name, known);
    return `--where topic=${name}: no such protocol topic.${close ? ` Did you mean "${close}"?` : ''} Topics: ${known.join(', ') || 'none'}, and ${MISSING_GROUP} for segments without a topic.`;
  }
  return undefined;
}
