/**
 * A codebook built in memory from rule sets, one code per rule set, for
 * property tests that compile generated rules: code `i` belongs to theme
 * `t{i mod themes}`, and every listed language gets the same rules.
 */
import type { Code, Codebook, LanguageRules } from '../../src/model/codebook.js';

export function codebookOfRules(rules: readonly LanguageRules[], languages: string[], themes = 1): Codebook {
  const at = { line: 1, column: 1 };
  const codes: Code[] = rules.map((rule, index) => ({
    id: `t${index % themes}.c${index}`,
    theme: `t${index % themes}`,
    name: `c${index}`,
    label: `c${index}`,
    examples: [],
    counterExamples: [],
    rules: Object.fromEntries(languages.map((language) => [language, rule])),
    at,
    rulesAt: {},
  }));
  const themeList = Array.from({ length: themes }, (_, t) => ({ id: `t${t}`, label: `t${t}`, codes: codes.filter((code) => code.theme === `t${t}`), at }));
  return { id: 'generated', languages, themes: themeList, file: 'generated.yaml' };
}
