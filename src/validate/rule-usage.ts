/**
 * How often each codebook rule codes a segment of the corpus, and the two
 * warnings that follow: a rule that codes nothing (a typo, a stem that
 * never occurs, an exclusion that swallows it) and a rule that codes most
 * segments (it no longer tells segments apart). Counts are accumulated one
 * coded transcript at a time, so memory does not grow with the corpus.
 * Pure; takes the coder's output, does no matching itself.
 */
import type { CodedTranscript } from '../code/coder.js';
import type { CompiledCodebook } from '../code/compile.js';
import type { LanguageRules } from '../model/codebook.js';
import { createDiagnostic, type Diagnostic } from '../model/diagnostic.js';
import type { SourcePoint } from '../model/transcript.js';

/** Share of a language's coded segments above which a rule "matches almost everything". */
export const BROAD_RULE_SHARE = 0.5;
/** Fewer coded segments than this in a language and no usage warning is given for it (too little text to judge). */
export const MIN_SEGMENTS_FOR_USAGE = 20;

/** Counts gathered over a corpus. */
export interface RuleUsage {
  /** Coded segments per language, e.g. `{ en: 212 }`. */
  segments: Map<string, number>;
  /** Transcripts per language. */
  transcripts: Map<string, number>;
  /** `codeIndex` → rule as the compiler names it (`terms: quick win`) → segments it coded. */
  hits: Map<number, Map<string, number>>;
}

export function createRuleUsage(): RuleUsage {
  return { segments: new Map(), transcripts: new Map(), hits: new Map() };
}

/** Adds one coded transcript's matches; each rule counts once per segment however often it matched there. */
export function addRuleUsage(usage: RuleUsage, coded: CodedTranscript): void {
  const language = coded.transcript.language;
  usage.transcripts.set(language, (usage.transcripts.get(language) ?? 0) + 1);
  usage.segments.set(language, (usage.segments.get(language) ?? 0) + coded.segments.length);
  for (const segment of coded.segments) {
    const seen = new Set<string>();
    for (const match of segment.matches) {
      const key = `${match.code}\u0000${match.rule}`;
      if (seen.has(key)) continue;
      seen.add(key);
      let rules = usage.hits.get(match.code);
      if (!rules) usage.hits.set(match.code, (rules = new Map()));
      rules.set(match.rule, (rules.get(match.rule) ?? 0) + 1);
    }
  }
}

export interface RuleUsageOptions {
  broadShare?: number;
  minSegments?: number;
}

/** Rules named in one `rule-never-matches` message before "and N more". */
const LISTED_RULES = 5;

/**
 * `rule-never-matches`: one finding per code and language, listing the
 * rules that code no segment (a warning when the whole code codes nothing,
 * info when only some of its synonyms are unused);
 * on a small corpus most synonyms of a code never occur, and one line per
 * rule would bury everything else. `rule-matches-most`: one warning per
 * rule that codes more than half the segments. Both sit at the rule's
 * line in the codebook. Only rules the compiler accepted are judged
 * (rejected ones already have an error), and only in languages with enough
 * coded text.
 */
export function checkRuleUsage(compiled: CompiledCodebook, usage: RuleUsage, options: RuleUsageOptions = {}): Diagnostic[] {
  const broadShare = options.broadShare ?? BROAD_RULE_SHARE;
  const minSegments = options.minSegments ?? MIN_SEGMENTS_FOR_USAGE;
  const diagnostics: Diagnostic[] = [];
  const file = compiled.codebook.file;
  for (const [language, matcher] of [...compiled.matchers.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const segments = usage.segments.get(language) ?? 0;
    if (segments < minSegments) continue;
    const transcripts = usage.transcripts.get(language) ?? 0;
    const corpus = `${segments} coded ${language} segments in ${transcripts} transcript${transcripts === 1 ? '' : 's'}`;
    // The rules the compiler kept, per code, in the order written.
    const rulesByCode = new Map<number, string[]>();
    const keep = (code: number, source: string) => {
      const list = rulesByCode.get(code) ?? [];
      if (!list.includes(source)) list.push(source);
      rulesByCode.set(code, list);
    };
    for (const phrase of matcher.phrases) if (phrase.role.kind === 'term') keep(phrase.code, phrase.source);
    for (const near of matcher.nears) keep(near.code, near.source);
    for (const regex of matcher.regexes) keep(regex.code, regex.source);
    for (const [codeIndex, sources] of [...rulesByCode.entries()].sort(([a], [b]) => a - b)) {
      const code = compiled.codes[codeIndex]!;
      const pointOf = (source: string) => rulePoint(code.rules[language], code.rulePoints, language, source) ?? code.rulesAt[language] ?? code.at;
      const unused = sources.filter((source) => (usage.hits.get(codeIndex)?.get(source) ?? 0) === 0);
      if (unused.length > 0) {
        const listed = unused.slice(0, LISTED_RULES).map((source) => `"${shorten(source)}"`).join(', ');
        const more = unused.length > LISTED_RULES ? ` and ${unused.length - LISTED_RULES} more` : '';
        const message =
          unused.length === sources.length
            ? `${code.id} (${language}): none of its ${sources.length} rule${sources.length === 1 ? '' : 's'} codes any segment (0 of ${corpus}): ${listed}${more}.`
            : `${code.id} (${language}): ${unused.length} of its ${sources.length} rules code no segment (of ${corpus}): ${listed}${more}.`;
        diagnostics.push(
          // A code that codes nothing is worth a warning; unused synonyms of a code that does code are only info
          // (on a small corpus most synonyms never occur, and --strict must not fail on them).
          createDiagnostic(unused.length === sources.length ? 'warning' : 'info', 'rule-never-matches', file, message, {
            ...pointOf(unused[0]!),
            hint: 'Check spelling and word forms, or whether an exclusion removes every match; on a small corpus unused synonyms may be fine. `cocreate codebook test` shows what a rule matches.',
            actual: String(unused.length),
          }),
        );
      }
      for (const source of sources) {
        const count = usage.hits.get(codeIndex)?.get(source) ?? 0;
        if (count / segments <= broadShare) continue;
        diagnostics.push(
          createDiagnostic('warning', 'rule-matches-most', file, `${code.id} (${language}): the rule "${source}" codes ${count} of ${corpus} (${Math.round((100 * count) / segments)}%), so it hardly tells segments apart.`, {
            ...pointOf(source),
            hint: 'Make it more specific (a phrase, `=word`, a `near` rule) or add `exclude` terms.',
            actual: String(count),
          }),
        );
      }
    }
  }
  return diagnostics;
}

/** `terms: quick win` → `quick win`; long proximity rules cut to 60 characters. */
function shorten(source: string): string {
  const bare = source.startsWith('terms: ') ? source.slice(7) : source;
  return bare.length > 60 ? `${bare.slice(0, 59)}…` : bare;
}

/** Where the rule the compiler calls `source` is written, found by rebuilding each written rule's name the way compile.ts does. */
function rulePoint(rules: LanguageRules | undefined, points: Record<string, SourcePoint> | undefined, language: string, source: string): SourcePoint | undefined {
  if (!rules || !points) return undefined;
  const index = (rules.terms ?? []).findIndex((term) => `terms: ${term}` === source);
  if (index !== -1) return points[`${language}.terms.${index}`];
  const regex = (rules.regex ?? []).findIndex((pattern) => `regex: ${pattern}` === source);
  if (regex !== -1) return points[`${language}.regex.${regex}`];
  const near = (rules.near ?? []).findIndex(
    (rule) => `near: [${rule.near.map((slot) => (Array.isArray(slot) ? `[${slot.join(', ')}]` : slot)).join(', ')}] within ${rule.within}` === source,
  );
  if (near !== -1) return points[`${language}.near.${near}`];
  return undefined;
}
