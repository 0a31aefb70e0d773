/**
 * The pure validate rules on small inline inputs: transcript rules,
 * codebook rules, rule usage, "did you mean", and the positions the
 * loaders now record for them (codes, topics, metadata keys, single rules).
 */
import { describe, expect, it } from 'vitest';
import { codeTranscript } from '../../src/code/coder.js';
import { compileCodebook } from '../../src/code/compile.js';
import { parseCodebook } from '../../src/load/codebook.js';
import { parseTranscript } from '../../src/load/transcript.js';
import type { Codebook } from '../../src/model/codebook.js';
import { defaultProject, type Project } from '../../src/model/project.js';
import type { Transcript } from '../../src/model/transcript.js';
import { checkCodebook } from '../../src/validate/codebook-rules.js';
import { addRuleUsage, checkRuleUsage, createRuleUsage } from '../../src/validate/rule-usage.js';
import { editDistance, suggestClosest } from '../../src/validate/suggest.js';
import { checkTranscript } from '../../src/validate/transcript-rules.js';

function transcript(source: string, file = 't.yaml'): Transcript {
  const loaded = parseTranscript(source, file, file.endsWith('.md') ? 'markdown' : 'yaml');
  if (!loaded.transcript) throw new Error(JSON.stringify(loaded.diagnostics));
  return loaded.transcript;
}

function codebook(source: string): Codebook {
  const loaded = parseCodebook(source, 'cb.yaml');
  if (!loaded.codebook) throw new Error(JSON.stringify(loaded.diagnostics));
  return loaded.codebook;
}

const brief = (diagnostics: { line?: number; column?: number; severity: string; ruleId: string; message: string }[]) =>
  diagnostics.map((d) => `${d.line}:${d.column} ${d.severity} ${d.ruleId} ${d.message}`);

describe('suggest', () => {
  it('edit distance counts a swap of neighbours as one edit', () => {
    expect(editDistance('succes', 'success')).toBe(1);
    expect(editDistance('bbo', 'bob')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
  });

  it('suggests a plausible typo only, and a bare code name by its theme', () => {
    const ids = ['success.quick-wins', 'outcomes.processing-time'];
    expect(suggestClosest('succes.quick-wins', ids)).toBe('success.quick-wins');
    expect(suggestClosest('quick-wins', ids)).toBe('success.quick-wins');
    expect(suggestClosest('Success.Quick-Wins', ids)).toBe('success.quick-wins');
    expect(suggestClosest('stakeholders.citizens', ids)).toBeUndefined();
  });
});

describe('transcript rules', () => {
  const project: Project = {
    ...defaultProject(),
    file: 'cocreate.yaml',
    requiredAttributes: ['unit', 'role'],
    allowedValues: { role: ['head-of-unit', 'project-manager'] },
    coders: ['alice', 'bob'],
  };
  const codeIds = ['success.quick-wins', 'stakeholders.citizens'];

  it('a clean transcript has no findings', () => {
    const clean = transcript(
      'id: a\nlanguage: en\nunit: U\nrole: head-of-unit\ncoder: alice\nturns:\n  - speaker: interviewer\n    question: project\n    text: Q?\n  - speaker: respondent\n    text: A first version.\n    codes: [success.quick-wins]\n',
    );
    expect(checkTranscript(clean, { project, codeIds })).toEqual([]);
  });

  it('YAML: attributes, topics, empty turns, codes and coders, each at its place', () => {
    const t = transcript(
      [
        'id: a', //                                       1
        'language: en', //                                2
        'unit: ""', //                                    3: empty
        'role: project-manger', //                        4: not allowed
        'turns:', //                                      5
        '  - speaker: interviewer', //                    6
        '    question: Public Value', //                  7: col 15
        '    text: Q?', //                                8
        '  - speaker: respondent', //                     9
        '    text: ""', //                               10: col 11 is the opening quote, content at 12
        '    codes:', //                                 11
        '      alice: [success.quick-win, stakeholders.citizens]', // 12: first code col 15
        '      carol: [quick-wins]', //                  13: key col 7, code col 15
      ].join('\n'),
    );
    expect(brief(checkTranscript(t, { project, codeIds }))).toEqual([
      '3:1 error missing-attribute The attribute `unit` is empty; cocreate.yaml requires a value.',
      '4:1 error attribute-value The role "project-manger" is not one of the allowed values; did you mean "project-manager"?',
      '7:15 error unknown-topic Unknown protocol topic "Public Value"; did you mean "public-value"?',
      '10:12 error empty-turn Turn 2 (respondent) has no text.',
      '12:15 error unknown-code Unknown code "success.quick-win"; did you mean "success.quick-wins"?',
      '13:15 error unknown-code Unknown code "quick-wins"; did you mean "success.quick-wins"?',
      '13:7 error unknown-coder Unknown coder "carol" (codes on 1 turn).',
    ]);
  });

  it('Markdown: headings as topics, codes comments with columns, missing attributes at the id', () => {
    const t = transcript(
      [
        '---', //                                          1
        'id: m', //                                        2
        'language: es', //                                 3
        '---', //                                          4
        '', //                                             5
        '## Organisation', //                              6
        '', //                                             7
        '**Entrevistador:** ¿Qué hace su unidad?', //      8
        '', //                                             9
        '## Closing remarks', //                          10: col 4
        '', //                                            11
        '**Respondent:** Una primera versión.', //        12
        '<!-- codes bob: success.quick-wins, succes.quick-wins -->', // 13: second code at col 37
      ].join('\n'),
      'm.md',
    );
    // "<!-- codes bob:" is 15 characters; " success.quick-wins," is 20 more → the second code starts after 36 → column 37.
    expect(brief(checkTranscript(t, { project, codeIds }))).toEqual([
      '2:1 error missing-attribute The transcript has no `unit`; cocreate.yaml requires it.',
      '2:1 error missing-attribute The transcript has no `role`; cocreate.yaml requires it.',
      '10:4 error unknown-topic Unknown protocol topic "closing-remarks".',
      '13:37 error unknown-code Unknown code "succes.quick-wins"; did you mean "success.quick-wins"?',
    ]);
  });

  it('no turns, only interviewer turns, and codes without a coder when coders are declared', () => {
    expect(brief(checkTranscript(transcript('id: a\nlanguage: en\nunit: U\nrole: head-of-unit\nturns: []\n'), { project }))).toEqual([
      '1:1 error no-turns The transcript has no turns, so there is nothing to code.',
    ]);
    const interviewerOnly = transcript('id: a\nlanguage: en\nunit: U\nrole: head-of-unit\ninterviewers: [Ana]\nturns:\n  - speaker: Ana\n    text: Hello?\n  - speaker: interviewer\n    text: Anyone?\n');
    expect(brief(checkTranscript(interviewerOnly, { project }))).toEqual([
      '8:11 error interviewer-only Every turn is by an interviewer (Ana, interviewer), so no turn would be coded.',
    ]);
    const unnamed = transcript('id: a\nlanguage: en\nunit: U\nrole: head-of-unit\nturns:\n  - speaker: r\n    text: A.\n    codes: [success.quick-wins]\n  - speaker: r\n    text: B.\n    codes: [success.quick-wins]\n');
    expect(brief(checkTranscript(unnamed, { project, codeIds }))).toEqual([
      '8:12 error unknown-coder Codes on 2 turns name no coder, and the project lists its coders (alice, bob).',
    ]);
  });

  it('without a codebook, codes are not checked; without declared coders, coders are not', () => {
    const t = transcript('id: a\nlanguage: en\nturns:\n  - speaker: r\n    text: A.\n    codes: { zed: [no.such-code] }\n');
    expect(checkTranscript(t, { project: defaultProject() })).toEqual([]);
  });
});

describe('codebook rules', () => {
  const source = [
    'id: cb', //                                                1
    'themes:', //                                               2
    '  - id: success', //                                       3
    '    codes:', //                                            4
    '      - id: quick-wins', //                                5: value col 13
    '        definition: Early results (not success.speed; see success.quick-wins, outcomes.time, datos.gob.es).', // 6
    '        rules:', //                                        7
    '          en:', //                                         8
    '            terms: [first version]', //                    9
    '          fr:', //                                        10: col 11
    '            terms: [victoire]', //                        11
    '  - id: success', //                                      12: the theme's map starts at col 5
    '    codes:', //                                           13
    '      - id: quick-wins', //                               14
  ].join('\n');

  it('duplicate ids, unknown references, definitions, languages', () => {
    const diagnostics = checkCodebook(codebook(source), { corpusLanguages: new Map([['en', 2], ['es', 1]]) });
    expect(brief(diagnostics)).toEqual([
      '12:5 error duplicate-theme-id The theme id "success" is already used at line 3.',
      '14:13 error duplicate-code-id The code "success.quick-wins" is already defined at line 5.',
      '5:13 error unknown-code-reference success.quick-wins: definition refers to "success.speed", which is not a code.',
      '14:13 warning missing-definition success.quick-wins has no definition.',
      '5:13 warning missing-language-rules success.quick-wins has no rules for "es" (1 transcript), so it is never coded automatically there.',
      '10:11 warning unsupported-rule-language success.quick-wins has rules for "fr", but transcripts are in en or es; these rules are never used.',
      '14:13 warning missing-language-rules success.quick-wins has no rules for "en" (2 transcripts) and "es" (1 transcript), so it is never coded automatically there.',
    ]);
  });

  it('records where each single rule is written', () => {
    const code = codebook(source).themes[0]!.codes[0]!;
    expect(code.rulePoints).toEqual({ 'en.terms.0': { line: 9, column: 21 }, 'fr.terms.0': { line: 11, column: 21 } });
  });
});

describe('rule usage', () => {
  const cb = codebook(
    [
      'id: cb', //                                                         1
      'languages: [en]', //                                                2
      'themes:', //                                                        3
      '  - id: t', //                                                      4
      '    codes:', //                                                     5
      '      - id: common', //                                             6
      '        definition: d', //                                          7
      '        rules:', //                                                 8
      '          en:', //                                                  9
      '            terms: [citizen, unicorn]', //                         10: citizen col 21, unicorn col 30
      '            regex: ["\\\\bdragon\\\\b"]', //                       11: col 21
      '            near:', //                                             12
      '              - { near: [citizen, portal], within: 3 }', //       13: col 17
      '      - id: never', //                                             14
      '        definition: d', //                                         15
      '        rules:', //                                                16
      '          en:', //                                                 17
      '            terms: [griffin]', //                                 18: col 21
    ].join('\n'),
  );
  const { compiled } = compileCodebook(cb);
  // Four respondent turns: three mention citizens (75% > 50%), one the portal near "citizen".
  const t = transcript(
    'id: a\nlanguage: en\nturns:\n  - speaker: r\n    text: A citizen.\n  - speaker: r\n    text: Citizens again.\n  - speaker: r\n    text: The citizen portal.\n  - speaker: r\n    text: Nothing here.\n',
  );

  it('counts segments per rule and warns about unused and too broad rules', () => {
    const usage = createRuleUsage();
    addRuleUsage(usage, codeTranscript(compiled, t));
    expect(usage.segments.get('en')).toBe(4);
    expect(usage.hits.get(0)?.get('terms: citizen')).toBe(3);
    expect(brief(checkRuleUsage(compiled, usage, { minSegments: 1 }))).toEqual([
      '10:30 info rule-never-matches t.common (en): 2 of its 4 rules code no segment (of 4 coded en segments in 1 transcript): "unicorn", "regex: \\bdragon\\b".',
      '10:21 warning rule-matches-most t.common (en): the rule "terms: citizen" codes 3 of 4 coded en segments in 1 transcript (75%), so it hardly tells segments apart.',
      '18:21 warning rule-never-matches t.never (en): none of its 1 rule codes any segment (0 of 4 coded en segments in 1 transcript): "griffin".',
    ]);
  });

  it('says nothing for a language with too little text', () => {
    const usage = createRuleUsage();
    addRuleUsage(usage, codeTranscript(compiled, t));
    expect(checkRuleUsage(compiled, usage)).toEqual([]); // 4 segments < 20
  });
});
