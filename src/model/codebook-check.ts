/**
 * The codebook schema of model/codebook.ts, checked by hand: true exactly
 * when the zod schema accepts a value unchanged (nothing to strip). Loading
 * zod costs more start-up time than coding fourteen interviews, so a
 * codebook that passes this check is used as is, and only one that fails
 * goes through zod, for its error messages. test/model/codebook-check.test.ts
 * holds the two to the same answer on generated codebooks.
 */
import type { codebookSchema } from './codebook.js';

/** A codebook file's data after the schema check (the zod schema's output type). */
export type CodebookData = import('zod').infer<typeof codebookSchema>;

const ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function hasOnlyKeys(value: Record<string, unknown>, allowed: ReadonlySet<string>): boolean {
  for (const key of Object.keys(value)) if (!allowed.has(key)) return false;
  return Object.getOwnPropertySymbols(value).length === 0;
}

const isString = (value: unknown): value is string => typeof value === 'string';
const optionalString = (value: unknown) => value === undefined || isString(value);
const optionalStringList = (value: unknown) => value === undefined || stringList(value);

// Indexed loops rather than `every` with a callback: the check runs once per process, before V8
// has compiled it, over every rule term of the codebook (thousands).

function stringList(value: unknown): value is string[] {
  if (!Array.isArray(value)) return false;
  for (let i = 0; i < value.length; i++) if (typeof value[i] !== 'string') return false;
  return true;
}

/** Whether `test` holds for every item of `list`. */
function all(list: readonly unknown[], test: (value: unknown) => boolean): boolean {
  for (let i = 0; i < list.length; i++) if (!test(list[i])) return false;
  return true;
}

const CODEBOOK_KEYS = new Set(['id', 'title', 'description', 'languages', 'themes']);
const THEME_KEYS = new Set(['id', 'label', 'description', 'color', 'codes']);
const CODE_KEYS = new Set(['id', 'label', 'definition', 'when_to_use', 'when_not_to_use', 'color', 'examples', 'counter_examples', 'rules']);
const COLOR = /^#[0-9A-Fa-f]{6}$/;
const optionalColor = (value: unknown) => value === undefined || (isString(value) && COLOR.test(value));
const RULE_KEYS = new Set(['terms', 'near', 'regex', 'exclude']);
const NEAR_KEYS = new Set(['near', 'within']);

function isNearRule(value: unknown): boolean {
  // zod's near object is not strict: it would strip unknown keys, so a rule with any is left to zod.
  if (!isPlainObject(value) || !hasOnlyKeys(value, NEAR_KEYS)) return false;
  const { near, within } = value;
  if (!Array.isArray(near) || near.length < 2) return false;
  if (!all(near, isNearSlot)) return false;
  return typeof within === 'number' && Number.isInteger(within) && within >= 1 && within <= 100;
}

function isLanguageRules(value: unknown): boolean {
  if (!isPlainObject(value) || !hasOnlyKeys(value, RULE_KEYS)) return false;
  if (!optionalStringList(value.terms) || !optionalStringList(value.regex) || !optionalStringList(value.exclude)) return false;
  return value.near === undefined || (Array.isArray(value.near) && all(value.near, isNearRule));
}

const isNearSlot = (slot: unknown) => isString(slot) || (stringList(slot) && slot.length >= 1);
const isTexts = (texts: unknown) => isString(texts) || stringList(texts);
const isOptionalLanguageRules = (rules: unknown) => rules === null || isLanguageRules(rules);

function isTextsByLanguage(value: unknown): boolean {
  if (value === undefined) return true;
  if (!isPlainObject(value) || Object.getOwnPropertySymbols(value).length > 0) return false;
  return all(Object.values(value), isTexts);
}

function isCode(value: unknown): boolean {
  if (!isPlainObject(value) || !hasOnlyKeys(value, CODE_KEYS)) return false;
  if (!isString(value.id) || !ID.test(value.id)) return false;
  if (!optionalString(value.label) || !optionalString(value.definition) || !optionalString(value.when_to_use) || !optionalString(value.when_not_to_use)) return false;
  if (!optionalColor(value.color)) return false;
  if (!isTextsByLanguage(value.examples) || !isTextsByLanguage(value.counter_examples)) return false;
  if (value.rules === undefined) return true;
  if (!isPlainObject(value.rules) || Object.getOwnPropertySymbols(value.rules).length > 0) return false;
  return all(Object.values(value.rules), isOptionalLanguageRules);
}

function isTheme(value: unknown): boolean {
  if (!isPlainObject(value) || !hasOnlyKeys(value, THEME_KEYS)) return false;
  if (!isString(value.id) || !ID.test(value.id)) return false;
  if (!optionalString(value.label) || !optionalString(value.description) || !optionalColor(value.color)) return false;
  return Array.isArray(value.codes) && all(value.codes, isCode);
}

/** True when `value` is a valid codebook exactly as it is (the zod schema would accept it and change nothing). */
export function isCodebookData(value: unknown): value is CodebookData {
  if (!isPlainObject(value) || !hasOnlyKeys(value, CODEBOOK_KEYS)) return false;
  if (!optionalString(value.id) || !optionalString(value.title) || !optionalString(value.description)) return false;
  if (!optionalStringList(value.languages)) return false;
  return Array.isArray(value.themes) && all(value.themes, isTheme);
}
