/**
 * Writes a codebook as the YAML file `codebooks/*.yaml` holds, for the
 * codebooks `cocreate import` makes (from dictionaries and from REFI-QDA
 * codebooks). The result is what `parseCodebook` reads: long texts are
 * never folded (definitions diff line by line in a pull request) and
 * repeated rule sets are written out in full, never as YAML aliases.
 */
import { Document } from 'yaml';

/** Rules for one language, as in the codebook format (`terms`, `near`, `regex`, `exclude`). */
export type RuleSetInput = Record<string, unknown>;

/**
 * A code to write; `rules` is per language, or one rule set copied to every
 * language of `languages`. Other fields a producer keeps for itself (e.g. a
 * source line) may be present; they are not written.
 */
export interface CodeInput {
  id: string;
  label?: string;
  definition?: string;
  when_to_use?: string;
  when_not_to_use?: string;
  /** `#RRGGBB`, e.g. a colour read from another tool. */
  color?: string;
  examples?: Record<string, string | string[]>;
  counter_examples?: Record<string, string | string[]>;
  rules?: Record<string, RuleSetInput | null | undefined> | { terms?: string[]; regex?: string[] };
}

export interface ThemeInput {
  id: string;
  label?: string;
  description?: string;
  /** `#RRGGBB`, e.g. a colour read from another tool. */
  color?: string;
  codes: CodeInput[];
}

export interface CodebookYamlInput {
  id: string;
  title?: string;
  description?: string;
  /** Declared languages; also the languages a single rule set is copied to. */
  languages?: string[];
  themes: ThemeInput[];
  /** Comment lines at the top of the file, without `#`; an empty string is a blank line. */
  header?: readonly string[];
}

const CODE_KEYS = ['id', 'label', 'definition', 'when_to_use', 'when_not_to_use', 'color', 'examples', 'counter_examples'] as const;
const RULE_KEYS = ['terms', 'near', 'regex', 'exclude'] as const;

function isSingleRuleSet(rules: NonNullable<CodeInput['rules']>): rules is { terms?: string[]; regex?: string[] } {
  return Object.keys(rules).some((key) => (RULE_KEYS as readonly string[]).includes(key));
}

/** Drops empty lists so the written rules are what a person would write. */
function cleanRuleSet(rules: Record<string, unknown>): Record<string, unknown> {
  const clean: Record<string, unknown> = {};
  for (const key of RULE_KEYS) {
    const value = rules[key];
    if (Array.isArray(value) ? value.length > 0 : value !== undefined) clean[key] = structuredClone(value);
  }
  return clean;
}

function codeOf(code: CodeInput, languages: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of CODE_KEYS) if (code[key] !== undefined) out[key] = code[key];
  if (code.rules) {
    const rules: Record<string, unknown> = {};
    if (isSingleRuleSet(code.rules)) {
      for (const language of languages) rules[language] = cleanRuleSet(code.rules);
    } else {
      for (const [language, set] of Object.entries(code.rules)) rules[language] = set ? cleanRuleSet(set) : null;
    }
    if (Object.keys(rules).length > 0) out.rules = rules;
  }
  return out;
}

/** The codebook as YAML text, header comment first. */
export function renderCodebookYaml(input: CodebookYamlInput): string {
  const languages = input.languages ?? [];
  const value: Record<string, unknown> = { id: input.id };
  if (input.title !== undefined) value.title = input.title;
  if (input.description !== undefined) value.description = input.description;
  if (input.languages !== undefined) value.languages = [...input.languages];
  value.themes = input.themes.map((theme) => {
    const out: Record<string, unknown> = { id: theme.id };
    if (theme.label !== undefined) out.label = theme.label;
    if (theme.description !== undefined) out.description = theme.description;
    if (theme.color !== undefined) out.color = theme.color;
    out.codes = theme.codes.map((code) => codeOf(code, languages));
    return out;
  });
  const body = new Document(value, { aliasDuplicateObjects: false }).toString({ lineWidth: 0, minContentWidth: 0 });
  const lines = (input.header ?? []).map((line) => (line === '' ? '' : `# ${line}`.trimEnd()));
  if (lines.length === 0) return body;
  // A blank line separates the header from the data (unless the header already ends with one).
  if (lines.at(-1) !== '') lines.push('');
  return `${lines.join('\n')}\n${body}`;
}
