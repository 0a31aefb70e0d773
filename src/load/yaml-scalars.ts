/**
 * Plain YAML scalars are read as the text they are written as. Under YAML
 * 1.2's core schema `id: 0x10` would be the number 16 (and collide with
 * `id: 16`), `wave: 1.10` the number 1.1, `unit: null` no value at all
 * (issue 16, item 14). Ids, attribute values, codes, speaker names and turn
 * text are text, so both YAML readers keep the source text of every plain
 * scalar, and report (`yaml-scalar-type`, a warning with the line) each one
 * whose reading as text differs from what YAML 1.2 would have made of it,
 * so that the author knows and can quote it. `2018` or `true` read the same
 * either way and get no warning. An empty value (`key:`) is still null.
 */

const CORE_NULL = /^(?:~|[Nn]ull|NULL)$/;
const CORE_TRUE = /^(?:[Tt]rue|TRUE)$/;
const CORE_FALSE = /^(?:[Ff]alse|FALSE)$/;
const CORE_INT = /^[-+]?[0-9]+$/;
const CORE_OCT = /^0o[0-7]+$/;
const CORE_HEX = /^0x[0-9a-fA-F]+$/;
const CORE_FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;
const CORE_INF = /^[-+]?\.(?:inf|Inf|INF)$/;
const CORE_NAN = /^\.(?:nan|NaN|NAN)$/;

/** What YAML 1.2 (core schema) would read a plain scalar as, when that is not the text as written. */
export interface CoreReading {
  /** `null`, `boolean` or `number`. */
  kind: 'null' | 'boolean' | 'number';
  /** The value YAML would give, as text: `16` for `0x10`, `1.1` for `1.10`, `null` for `~`. */
  value: string;
}

/** How YAML 1.2 would read the plain scalar `source` when that differs from the text itself; undefined when it is text either way. */
export function coreReading(source: string): CoreReading | undefined {
  const first = source.charCodeAt(0);
  // Only these can start a null, boolean or number: most words are decided by their first letter.
  if (!((first >= 48 && first <= 57) || first === 43 || first === 45 || first === 46 || first === 126 || first === 110 || first === 78 || first === 116 || first === 84 || first === 102 || first === 70)) {
    return undefined;
  }
  if (source.length <= 5) {
    if (CORE_NULL.test(source)) return { kind: 'null', value: 'null' };
    if (CORE_TRUE.test(source)) return source === 'true' ? undefined : { kind: 'boolean', value: 'true' };
    if (CORE_FALSE.test(source)) return source === 'false' ? undefined : { kind: 'boolean', value: 'false' };
  }
  let value: number;
  if (CORE_INT.test(source) || CORE_FLOAT.test(source)) value = Number(source);
  else if (CORE_OCT.test(source)) value = parseInt(source.slice(2), 8);
  else if (CORE_HEX.test(source)) value = parseInt(source.slice(2), 16);
  else if (CORE_INF.test(source)) value = source.startsWith('-') ? -Infinity : Infinity;
  else if (CORE_NAN.test(source)) value = NaN;
  else return undefined;
  const text = String(value);
  return text === source ? undefined : { kind: 'number', value: text };
}

/** The warning text for a plain scalar kept as written. */
export function retypedMessage(source: string, reading: CoreReading): string {
  const shown = source.length > 40 ? `${source.slice(0, 40)}…` : source;
  const yaml = reading.kind === 'null' ? 'null (no value)' : `the ${reading.kind} ${reading.value}`;
  return `"${shown}" is read as the text "${shown}", as written; YAML 1.2 would read it as ${yaml}.`;
}

/** Hint that goes with `retypedMessage`. */
export const RETYPED_HINT = 'Quote the value (e.g. "0x10") to make clear it is text, or write it as YAML would read it.';
