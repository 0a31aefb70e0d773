/**
 * Pins the public exports of the foundation's model modules (as
 * vfile-reporter's test.js does): adding, renaming or removing an export is
 * a deliberate change that must update this list. Model modules added by
 * later issues (ids, project, refi-qda) pin their own.
 */
import { describe, expect, it } from 'vitest';
import * as codebook from '../../src/model/codebook.js';
import * as diagnostic from '../../src/model/diagnostic.js';
import * as errors from '../../src/model/errors.js';
import * as transcript from '../../src/model/transcript.js';

describe('src/model public exports', () => {
  it('transcript.ts', () => {
    expect(Object.keys(transcript).sort()).toEqual(['DEFAULT_CODER', 'LANGUAGES', 'PROTOCOL_TOPICS', 'RESERVED_KEYS']);
  });

  it('codebook.ts', () => {
    expect(Object.keys(codebook).sort()).toEqual(['codeSchema', 'codebookSchema', 'languageRulesSchema', 'listCodes', 'nearRuleSchema', 'themeSchema']);
  });

  it('diagnostic.ts', () => {
    expect(Object.keys(diagnostic).sort()).toEqual(['countSeverities', 'createDiagnostic', 'sortDiagnostics']);
  });

  it('errors.ts', () => {
    expect(Object.keys(errors).sort()).toEqual(['ExitRequest', 'InternalError', 'UsageError']);
  });

  it('no default exports', () => {
    for (const module of [codebook, diagnostic, errors, transcript]) expect('default' in module).toBe(false);
  });

  it('the constants other tools rely on keep their values', () => {
    expect(transcript.LANGUAGES).toEqual(['en', 'es']);
    expect(transcript.PROTOCOL_TOPICS).toEqual(['organisation', 'project', 'actors', 'challenges', 'involvement', 'replication', 'public-value', 'future']);
    expect(transcript.RESERVED_KEYS).toEqual(['id', 'language', 'illustrative', 'coder', 'interviewers', 'turns']);
    expect(transcript.DEFAULT_CODER).toBe('human');
  });

  it('the error classes carry their names and the exit code', () => {
    expect(new errors.UsageError('x').name).toBe('UsageError');
    expect(new errors.InternalError('x').name).toBe('InternalError');
    expect(new errors.ExitRequest(1).exitCode).toBe(1);
  });

  it('createDiagnostic fills `source` and drops undefined extras', () => {
    expect(diagnostic.createDiagnostic('warning', 'some-rule', 'f.yaml', 'msg', { line: 3, hint: undefined })).toEqual({
      file: 'f.yaml',
      severity: 'warning',
      ruleId: 'some-rule',
      source: 'cocreate',
      message: 'msg',
      line: 3,
    });
  });
});
