/**
 * The codebook model: themes → codes, each code with the parts of a team
 * codebook (definition, when to use, when not, examples) and per-language
 * rules. The zod schema checks the YAML shape; the loader adds positions.
 */
import { z } from 'zod';
import type { Language, SourcePoint } from './transcript.js';

const idPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** A colour as REFI-QDA writes it: `#RRGGBB` (hexadecimal, either case), e.g. `#1F77B4`. */
const COLOR_PATTERN = /^#[0-9A-Fa-f]{6}$/;
const color = z.string().regex(COLOR_PATTERN, 'colours are written #RRGGBB, e.g. #1F77B4');
const ruleTerm = z.string();
/** A proximity rule: every term (or one of its alternatives) within `within` words. */
export const nearRuleSchema = z.object({
  near: z.array(z.union([ruleTerm, z.array(ruleTerm).min(1)])).min(2),
  within: z.number().int().min(1).max(100),
});

export const languageRulesSchema = z
  .object({
    terms: z.array(ruleTerm).optional(),
    near: z.array(nearRuleSchema).optional(),
    regex: z.array(z.string()).optional(),
    exclude: z.array(ruleTerm).optional(),
  })
  .strict();

const textsByLanguage = z.record(z.string(), z.union([z.string(), z.array(z.string())]));

export const codeSchema = z
  .object({
    id: z.string().regex(idPattern, 'ids are lower-case kebab-case, e.g. quick-wins'),
    label: z.string().optional(),
    definition: z.string().optional(),
    when_to_use: z.string().optional(),
    when_not_to_use: z.string().optional(),
    color: color.optional(),
    examples: textsByLanguage.optional(),
    counter_examples: textsByLanguage.optional(),
    rules: z.record(z.string(), languageRulesSchema.nullable()).optional(),
  })
  .strict();

export const themeSchema = z
  .object({
    id: z.string().regex(idPattern, 'ids are lower-case kebab-case, e.g. success'),
    label: z.string().optional(),
    description: z.string().optional(),
    color: color.optional(),
    codes: z.array(codeSchema),
  })
  .strict();

export const codebookSchema = z
  .object({
    id: z.string().optional(),
    title: z.string().optional(),
    description: z.string().optional(),
    languages: z.array(z.string()).optional(),
    themes: z.array(themeSchema),
  })
  .strict();

export type NearRule = z.infer<typeof nearRuleSchema>;
export type LanguageRules = z.infer<typeof languageRulesSchema>;

/** A sentence that a code's rules must (example) or must not (counter-example) match. */
export interface CodeExample {
  language: string;
  text: string;
  at: SourcePoint;
}

export interface Code {
  /** Full id `theme.code`, e.g. `success.quick-wins`. */
  id: string;
  /** Theme id, e.g. `success`. */
  theme: string;
  /** Code id within its theme, e.g. `quick-wins`. */
  name: string;
  label: string;
  definition?: string;
  whenToUse?: string;
  whenNotToUse?: string;
  /** Colour set in the codebook (`#RRGGBB`), used by exports instead of the derived shade. */
  color?: string;
  examples: CodeExample[];
  counterExamples: CodeExample[];
  /** Rules per language code (`en`, `es`). A language absent here has no rules. */
  rules: Partial<Record<Language, LanguageRules>> & Record<string, LanguageRules | undefined>;
  /** Where the code is defined in the codebook file. */
  at: SourcePoint;
  /** Where each language's rules start, for rule diagnostics. */
  rulesAt: Record<string, SourcePoint>;
  /** Where each single rule is written, keyed `language.kind.index`, e.g. `en.terms.0`, `es.regex.1` (kinds: terms, near, regex, exclude). */
  rulePoints?: Record<string, SourcePoint>;
}

export interface Theme {
  id: string;
  label: string;
  description?: string;
  /** Colour set in the codebook (`#RRGGBB`): the theme's hue in exports, its codes shades of it. */
  color?: string;
  codes: Code[];
  at: SourcePoint;
}

export interface Codebook {
  id: string;
  title?: string;
  description?: string;
  /** Languages the codebook declares (defaults to those with rules). */
  languages: string[];
  themes: Theme[];
  /** Path of the codebook file as given. */
  file: string;
}

/** All codes in codebook order. */
export function listCodes(codebook: Codebook): Code[] {
  return codebook.themes.flatMap((theme) => theme.codes);
}
