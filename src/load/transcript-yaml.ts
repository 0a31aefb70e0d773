/**
 * The YAML transcript format: metadata at the top level and a `turns` list
 * (speaker, question, text, codes). Pure: string in, model and diagnostics out.
 */
import { pushAll } from '../model/lists.js';
import { emptyRecord } from '../model/records.js';
import { createDiagnostic, type Diagnostic } from '../model/diagnostic.js';
import type { HumanCoding, SourcePoint } from '../model/transcript.js';
import { buildTranscript, normaliseText, singleCoderName, type LoadedTranscript, type RawTurn } from './transcript-builder.js';
import { keyOffset, nodeEndOffset, nodeOffset, parseYaml, scalarContentOffset, type YamlTree } from './yaml-document.js';
import { yamlNodeAt } from './yaml-tree.js';

/** Parses a YAML transcript. `file` names the file in diagnostics. */
export function parseYamlTranscript(source: string, file: string): LoadedTranscript {
  const parsed = parseYaml(source, file);
  const diagnostics: Diagnostic[] = [...parsed.diagnostics];
  if (parsed.value === undefined || diagnostics.some((d) => d.severity === 'error')) {
    return { diagnostics };
  }
  const value = parsed.value;
  const start: SourcePoint = { line: 1, column: 1 };
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    diagnostics.push(
      createDiagnostic('error', 'wrong-type', file, 'A YAML transcript must be a map of metadata keys with a `turns` list.', {
        ...start,
        hint: 'See docs/transcript-format.md for a complete example.',
      }),
    );
    return { diagnostics };
  }
  const meta = value as Record<string, unknown>;
  const document = parsed.document;
  const pointIn = (tree: YamlTree | undefined, path: (string | number)[], fallback: SourcePoint, useKey = false): SourcePoint => {
    const offset = useKey ? keyOffset(tree, path) : nodeOffset(tree, path);
    return offset === undefined ? fallback : parsed.pointAt(offset);
  };
  const metaAt = emptyRecord<SourcePoint>();
  for (const key of Object.keys(meta)) metaAt[key] = pointIn(document, [key], start, true);

  const turns: RawTurn[] = [];
  const rawTurns = meta.turns;
  if (rawTurns === undefined || rawTurns === null) {
    diagnostics.push(createDiagnostic('error', 'missing-turns', file, 'The transcript has no `turns` list.', { ...start, hint: 'Add `turns:` with the interview turns.' }));
  } else if (!Array.isArray(rawTurns)) {
    diagnostics.push(createDiagnostic('error', 'wrong-type', file, '`turns` must be a list of turns.', metaAt.turns ?? start));
  } else {
    const coder = singleCoderName(meta);
    const turnsNode = yamlNodeAt(document, ['turns']);
    for (let index = 0; index < rawTurns.length; index++) {
      // Each turn's positions are looked up from the turn's own node, not from the root by a
      // path `turns › index › …`: a dozen walks from the root per turn cost more than reading it.
      const turnTree: YamlTree | undefined = turnsNode?.kind === 'seq' ? { contents: turnsNode.items[index] ?? null } : undefined;
      const turnAt = pointIn(turnTree, [], metaAt.turns ?? start);
      const turn = readTurn(rawTurns[index], index, turnAt, file, coder, diagnostics, (path, useKey) => pointIn(turnTree, path, turnAt, useKey));
      if (!turn) continue;
      let contentOffset = scalarContentOffset(turnTree, ['text'], source);
      if (contentOffset !== undefined) {
        // The text is trimmed, so its first character is past any spaces inside the quotes.
        while (contentOffset < source.length && /\s/.test(source[contentOffset]!)) contentOffset++;
        turn.at = parsed.pointAt(contentOffset);
      }
      const textEnd = nodeEndOffset(turnTree, ['text']);
      turn.endLine = textEnd === undefined ? turn.at.line : parsed.pointAt(Math.max(textEnd - 1, 0)).line;
      turns.push(turn);
    }
  }
  const built = buildTranscript({ file, format: 'yaml', meta, metaAt, metaStart: start, turns });
  // With errors in the turns the file is unusable, but its metadata problems are still reported (all problems at once).
  if (diagnostics.some((d) => d.severity === 'error')) return { diagnostics: [...diagnostics, ...built.diagnostics] };
  return { transcript: built.transcript, diagnostics: [...diagnostics, ...built.diagnostics] };
}

const TURN_KEYS = new Set(['speaker', 'question', 'text', 'codes', 'reviewed']);

type PointOf = (path: (string | number)[], useKey?: boolean) => SourcePoint;

function readTurn(rawTurn: unknown, index: number, turnAt: SourcePoint, file: string, coder: string, diagnostics: Diagnostic[], pointOf: PointOf): RawTurn | undefined {
  const where = `Turn ${index + 1}`;
  if (rawTurn === null || typeof rawTurn !== 'object' || Array.isArray(rawTurn)) {
    diagnostics.push(createDiagnostic('error', 'wrong-type', file, `${where} must be a map with \`speaker\` and \`text\`.`, turnAt));
    return undefined;
  }
  const turn = rawTurn as Record<string, unknown>;
  let ok = true;
  const fail = (ruleId: string, key: string, message: string, hint?: string) => {
    ok = false;
    diagnostics.push(createDiagnostic('error', ruleId, file, message, { ...pointOf([key], true), hint }));
  };
  for (const key of Object.keys(turn)) {
    if (!TURN_KEYS.has(key)) {
      diagnostics.push(createDiagnostic('warning', 'unknown-turn-key', file, `${where} has an unknown key \`${key}\`; it is ignored.`, { ...pointOf([key], true), hint: 'Turn keys are speaker, question, text, codes and reviewed.' }));
    }
  }
  const speaker = turn.speaker;
  if (typeof speaker !== 'string' || speaker.trim() === '') {
    if (speaker === undefined) {
      ok = false;
      diagnostics.push(createDiagnostic('error', 'missing-speaker', file, `${where} has no \`speaker\`.`, turnAt));
    } else fail('wrong-type', 'speaker', `${where}: \`speaker\` must be a name.`);
  }
  let text = '';
  if (turn.text === undefined || turn.text === null) {
    text = '';
  } else if (typeof turn.text === 'string') {
    text = normaliseText(turn.text);
  } else if (typeof turn.text === 'number' || typeof turn.text === 'boolean') {
    text = String(turn.text);
  } else {
    fail('wrong-type', 'text', `${where}: \`text\` must be text, not a list or map.`, 'Use a block scalar: `text: |` followed by indented lines.');
  }
  let question: string | undefined;
  let questionAt: SourcePoint | undefined;
  if (turn.question !== undefined && turn.question !== null) {
    if (typeof turn.question === 'string') {
      question = turn.question.trim();
      questionAt = pointOf(['question']);
    } else fail('wrong-type', 'question', `${where}: \`question\` must be a protocol topic name.`);
  }
  const human = readCodes(turn.codes, where, file, coder, diagnostics, pointOf);
  if (human === undefined) ok = false;
  const reviewed = readReviewed(turn.reviewed, where, file, coder, diagnostics, pointOf);
  if (reviewed === undefined) ok = false;
  else if (human) pushAll(human, reviewed);
  if (!ok || typeof speaker !== 'string') return undefined;
  return { speaker, question, questionAt, text, at: pointOf(['text']), endLine: turnAt.line, human: human ?? [] };
}

function readCodes(value: unknown, where: string, file: string, coder: string, diagnostics: Diagnostic[], pointOf: PointOf): HumanCoding[] | undefined {
  if (value === undefined || value === null) return [];
  const at = pointOf(['codes']);
  const listOfStrings = (list: unknown): list is string[] => Array.isArray(list) && list.every((item) => typeof item === 'string');
  if (typeof value === 'string') return [{ coder, codes: splitCodes(value), at }];
  if (listOfStrings(value)) return [{ coder, codes: value.map((code) => code.trim()), at, codesAt: value.map((_code, k) => pointOf(['codes', k])) }];
  if (typeof value === 'object' && !Array.isArray(value)) {
    const result: HumanCoding[] = [];
    for (const [name, codes] of Object.entries(value as Record<string, unknown>)) {
      const coderAt = pointOf(['codes', name], true);
      if (codes === null || codes === undefined) result.push({ coder: name, codes: [], at: coderAt });
      else if (typeof codes === 'string') result.push({ coder: name, codes: splitCodes(codes), at: coderAt });
      else if (listOfStrings(codes)) result.push({ coder: name, codes: codes.map((code) => code.trim()), at: coderAt, codesAt: codes.map((_code, k) => pointOf(['codes', name, k])) });
      else {
        diagnostics.push(createDiagnostic('error', 'wrong-type', file, `${where}: codes of coder \`${name}\` must be a list of code ids.`, coderAt));
        return undefined;
      }
    }
    return result;
  }
  diagnostics.push(
    createDiagnostic('error', 'wrong-type', file, `${where}: \`codes\` must be a list of code ids or a map from coder to list.`, {
      ...at,
      hint: 'e.g. `codes: [success.quick-wins]` or `codes: { alice: [success.quick-wins] }`.',
    }),
  );
  return undefined;
}

/**
 * `reviewed:` — a review in progress (cocreate review): per coder, the codes decided so far.
 * Each becomes a coding of its own with no codes and `reviewed` set; code/coder.ts joins a
 * coder's codings and treats the coder's coding of the segment as partial.
 */
function readReviewed(value: unknown, where: string, file: string, coder: string, diagnostics: Diagnostic[], pointOf: PointOf): HumanCoding[] | undefined {
  if (value === undefined || value === null) return [];
  const at = pointOf(['reviewed']);
  const codesOf = (list: unknown): string[] | undefined => {
    if (list === null || list === undefined) return [];
    if (typeof list === 'string') return splitCodes(list);
    if (Array.isArray(list) && list.every((item) => typeof item === 'string')) return list.map((code) => code.trim()).filter((code) => code !== '');
    return undefined;
  };
  const single = Array.isArray(value) || typeof value === 'string' ? codesOf(value) : undefined;
  if (single) return [{ coder, codes: [], at, reviewed: single }];
  if (typeof value === 'object' && !Array.isArray(value)) {
    const result: HumanCoding[] = [];
    for (const [name, list] of Object.entries(value as Record<string, unknown>)) {
      const codes = codesOf(list);
      const coderAt = pointOf(['reviewed', name], true);
      if (codes === undefined) {
        diagnostics.push(createDiagnostic('error', 'wrong-type', file, `${where}: the reviewed codes of coder \`${name}\` must be a list of code ids.`, coderAt));
        return undefined;
      }
      result.push({ coder: name, codes: [], at: coderAt, reviewed: codes });
    }
    return result;
  }
  diagnostics.push(createDiagnostic('error', 'wrong-type', file, `${where}: \`reviewed\` must be a map from coder to the list of codes they decided.`, { ...at, hint: 'e.g. `reviewed: { alice: [success.quick-wins] }` (written by `cocreate review`).' }));
  return undefined;
}

/** Splits `a, b` into code ids (a lone string is allowed for one code). */
export function splitCodes(value: string): string[] {
  return value
    .split(/[,\s]+/)
    .map((code) => code.trim())
    .filter((code) => code !== '');
}
