/**
 * The codebook tests itself: every example of a code must be coded with that
 * code by the rules of the example's language, and every counter-example
 * must not be (issue 5). A failure is a diagnostic at the example's line in
 * the codebook, saying which codes the rules did apply (or which rule matched
 * which words of a counter-example), so the researcher can fix the rule or
 * the example. Used by `cocreate codebook test` and `cocreate validate`.
 * Pure: a compiled codebook in, diagnostics out.
 */
import type { CompiledCodebook } from '../code/compile.js';
import { matchText, type RuleMatch } from '../code/match.js';
import type { Code, CodeExample } from '../model/codebook.js';
import { createDiagnostic, type Diagnostic } from '../model/diagnostic.js';

/** How many examples and counter-examples were run, per language, and how many failed. */
export interface ExampleCounts {
  /** Examples run (all languages). */
  examples: number;
  /** Counter-examples run. */
  counterExamples: number;
  /** Examples or counter-examples that failed. */
  failures: number;
  /** Languages examples were written in, sorted. */
  languages: string[];
}

/** Checks every example and counter-example; returns the failures as diagnostics (error severity). */
export function checkCodebookExamples(compiled: CompiledCodebook): Diagnostic[] {
  return runCodebookExamples(compiled).diagnostics;
}

/** Runs the examples and returns both the failures and the counts (for the `codebook test` summary). */
export function runCodebookExamples(compiled: CompiledCodebook): { diagnostics: Diagnostic[]; counts: ExampleCounts } {
  const diagnostics: Diagnostic[] = [];
  const counts: ExampleCounts = { examples: 0, counterExamples: 0, failures: 0, languages: [] };
  const languages = new Set<string>();
  const file = compiled.codebook.file;
  compiled.codes.forEach((code, codeIndex) => {
    for (const example of code.examples) {
      counts.examples += 1;
      languages.add(example.language);
      const problem = checkExample(compiled, code, codeIndex, example, true);
      if (problem) diagnostics.push(createDiagnostic('error', problem.ruleId, file, problem.message, { ...example.at, hint: problem.hint }));
    }
    for (const example of code.counterExamples) {
      counts.counterExamples += 1;
      languages.add(example.language);
      const problem = checkExample(compiled, code, codeIndex, example, false);
      if (problem) diagnostics.push(createDiagnostic('error', problem.ruleId, file, problem.message, { ...example.at, hint: problem.hint }));
    }
  });
  counts.failures = diagnostics.length;
  counts.languages = [...languages].sort();
  return { diagnostics, counts };
}

interface ExampleProblem {
  ruleId: string;
  message: string;
  hint?: string;
}

function checkExample(compiled: CompiledCodebook, code: Code, codeIndex: number, example: CodeExample, shouldMatch: boolean): ExampleProblem | undefined {
  const kind = shouldMatch ? 'example' : 'counter-example';
  const quoted = JSON.stringify(shorten(example.text));
  if (!code.rules[example.language]) {
    if (!shouldMatch) return undefined; // no rules: trivially not coded
    return {
      ruleId: 'example-without-rules',
      message: `${code.id} (${example.language}): the ${kind} ${quoted} cannot be coded: the code has no ${example.language} rules.`,
      hint: `Add rules.${example.language} to the code, or remove the example.`,
    };
  }
  const matches = matchText(compiled, compiled.matchers.get(example.language), example.text);
  const own = matches.filter((match) => match.code === codeIndex);
  if (shouldMatch && own.length === 0) {
    const others = [...new Set(matches.map((match) => compiled.codes[match.code]!.id))];
    return {
      ruleId: 'example-not-coded',
      message: `${code.id} (${example.language}): the example ${quoted} is not coded with ${code.id} by its rules${others.length > 0 ? ` (the rules applied ${others.join(', ')})` : ''}.`,
      hint: 'Widen a rule so the definition covers the example, or fix the example.',
    };
  }
  if (!shouldMatch && own.length > 0) {
    return {
      ruleId: 'counter-example-coded',
      message: `${code.id} (${example.language}): the counter-example ${quoted} is coded with ${code.id}: ${describeMatches(own, example.text)}.`,
      hint: 'Narrow the rule (or add an exclude), or fix the counter-example.',
    };
  }
  return undefined;
}

/** `terms: portal matched "portal"; regex: \bmvp\b matched "MVP"`. */
export function describeMatches(matches: readonly RuleMatch[], text: string): string {
  return matches.map((match) => `${match.rule} matched ${JSON.stringify(text.slice(match.start, match.end))}`).join('; ');
}

function shorten(text: string, max = 80): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
