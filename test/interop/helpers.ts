/**
 * Shared by the REFI-QDA tests (issue 6): where the reference material is
 * (../shared/refi-qda beside the repository, never copied into it), schema
 * validation with xmllint, temporary folders and reading archives with
 * fflate directly (not with the importer under test).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { expect } from 'vitest';
import { parseTranscriptBytes } from '../../src/load/transcript.js';
import type { Transcript } from '../../src/model/transcript.js';
import { REPO_ROOT, type CliResult } from '../helpers/cli.js';
import { commandAvailable, requireExternal } from '../helpers/external.js';

/** The REFI-QDA schemas, spec and samples: `<clone>/../shared/refi-qda` (or `$COCREATE_SHARED_DIR/refi-qda`). */
export const SHARED = join(process.env.COCREATE_SHARED_DIR || join(REPO_ROOT, '..', 'shared'), 'refi-qda');
export const SAMPLES = join(SHARED, 'samples');
export const RECIPE = join(SHARED, 'recipe');
export const CODEBOOK_XSD = join(SHARED, 'Codebook.xsd');
export const PROJECT_XSD = join(SHARED, 'Project.xsd');

/** The fixture project of these tests: codebooks/barriers.yaml and interviews/ (one CRLF Markdown file, one YAML file). */
export const REFI_FIXTURE = join(REPO_ROOT, 'test', 'fixtures', 'refi-qda');

/**
 * Whether the reference material is beside the clone; when not, the tests
 * that read it skip with one line (fail under CI=true): see helpers/external.ts.
 */
export function hasShared(what: string): boolean {
  return requireExternal('REFI-QDA reference material', existsSync(join(SHARED, 'SOURCES.md')), what, `expected ${SHARED}; clone the repository next to shared/ or set COCREATE_SHARED_DIR`);
}

/** Whether xmllint is on PATH; when not, schema validations skip with one line (fail under CI=true). */
export function hasXmllint(what: string): boolean {
  return requireExternal('xmllint', commandAvailable('xmllint'), what, 'apt-get install libxml2-utils (.ci/run does)');
}

/** The transcripts of a folder, parsed (no errors allowed), sorted by id. */
export function loadFolder(folder: string): Transcript[] {
  return readdirSync(folder)
    .sort()
    .map((name) => {
      const loaded = parseTranscriptBytes(readFileSync(join(folder, name)), name, name.endsWith('.md') ? 'markdown' : 'yaml');
      expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      return loaded.transcript!;
    })
    .sort((a, b) => (a.id < b.id ? -1 : 1));
}

export function temporaryDirectory(prefix = 'cocreate-refi-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export interface SchemaResult {
  valid: boolean;
  output: string;
}

/** Runs `xmllint --noout --schema XSD` on XML text (written to a temporary file). */
export function validateWithXmllint(xml: string | Uint8Array, xsd: string, name = 'document.xml'): SchemaResult {
  const file = join(temporaryDirectory('cocreate-xmllint-'), name);
  writeFileSync(file, xml);
  const result = spawnSync('xmllint', ['--noout', '--schema', xsd, file], { encoding: 'utf8' });
  if (result.error) throw new Error(`xmllint is needed for these tests (apt-get install libxml2-utils): ${result.error.message}`);
  return { valid: result.status === 0, output: `${result.stdout}${result.stderr}` };
}

/** Entries of a zip file, in archive order, with their bytes. */
export function unzipEntries(bytes: Uint8Array): [string, Uint8Array][] {
  return Object.entries(unzipSync(bytes));
}

export function readBytes(path: string): Uint8Array {
  return new Uint8Array(readFileSync(path));
}

/** The text from code point `start` to code point `end` (exclusive), as the REFI-QDA standard counts. */
export function sliceCodePoints(text: string, start: number, end: number): string {
  return Array.from(text).slice(start, end).join('');
}

/** Asserts a CLI run succeeded, showing its stderr when it did not; returns the result. */
export function ok(result: CliResult): CliResult {
  expect(result.status, `exit ${result.status}; stderr:\n${result.stderr}`).toBe(0);
  return result;
}
