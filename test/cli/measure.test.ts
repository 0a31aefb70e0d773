/**
 * `--measure` is one vocabulary (cli/commands/options.ts MEASURES): code and
 * compare take count, rate, share; cooccur count, jaccard; report's heatmap
 * share, interviews (`segments`, its older name for share, still read). Each
 * command's help describes its measures with the same words, and a measure of
 * the vocabulary that a command does not take is a usage error naming the
 * ones it does.
 */
import fc from 'fast-check';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MEASURES, parseMeasure, type MeasureName } from '../../src/cli/commands/options.js';
import { FIXTURES, runCli } from '../helpers/cli.js';

const ALL = Object.keys(MEASURES) as MeasureName[];
const GARDEN = join(FIXTURES, 'report');
const COMPARE = join(FIXTURES, 'compare');

describe('parseMeasure', () => {
  it('reads every accepted measure in any case and with spaces around it; refuses the others', () => {
    fc.assert(
      fc.property(fc.subarray(ALL, { minLength: 1 }), fc.constantFrom(...ALL), fc.boolean(), (accepted, measure, upper) => {
        const typed = ` ${upper ? measure.toUpperCase() : measure} `;
        if (accepted.includes(measure)) expect(parseMeasure(typed, accepted)).toBe(measure);
        else expect(() => parseMeasure(typed, accepted)).toThrow(`${measure} is not a measure of this command, which takes ${MEASURES[accepted[0]!]}`);
      }),
    );
  });

  it('refuses any string outside the vocabulary (segments only where share is taken)', () => {
    fc.assert(
      fc.property(fc.string(), (value) => {
        const name = value.trim().toLowerCase();
        fc.pre(!ALL.includes(name as MeasureName) && name !== 'segments');
        expect(() => parseMeasure(value, ALL)).toThrow('expected one of count, rate, share, interviews, jaccard');
      }),
    );
    for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      expect(() => parseMeasure(name, ALL)).toThrow('expected one of count, rate, share, interviews, jaccard');
    }
    expect(parseMeasure('segments', ['share', 'interviews'])).toBe('share');
    expect(() => parseMeasure('segments', ['count', 'jaccard'])).toThrow('share is not a measure of this command');
    expect(() => parseMeasure('jacard', ['count', 'jaccard'])).toThrow('(did you mean jaccard?)');
  });
});

describe('--measure on the commands (end to end)', () => {
  it('each help text describes its measures in the words of the one vocabulary', () => {
    const help = (command: string) => runCli([command, '--help'], { env: { COLUMNS: '1000' } }).stdout.replace(/\s+/g, ' ');
    for (const [command, measures] of [
      ['code', ['count', 'rate', 'share']],
      ['compare', ['count', 'rate', 'share']],
      ['cooccur', ['count', 'jaccard']],
      ['report', ['share', 'interviews']],
    ] as const) {
      const text = help(command);
      for (const measure of measures) expect(text, `${command} --help`).toContain(MEASURES[measure]);
      for (const other of ALL.filter((measure) => !(measures as readonly string[]).includes(measure))) expect(text, `${command} --help`).not.toContain(MEASURES[other]);
    }
  });

  it('a measure another command takes is a usage error that names the ones this command takes', () => {
    const cooccur = runCli(['cooccur', '--measure', 'share'], { cwd: COMPARE });
    expect(cooccur.status).toBe(2);
    expect(cooccur.stderr).toContain(`share is not a measure of this command, which takes ${MEASURES.count}; or ${MEASURES.jaccard}.`);
    const code = runCli(['code', '--measure', 'jaccard'], { cwd: COMPARE });
    expect(code.status).toBe(2);
    expect(code.stderr).toContain('jaccard is not a measure of this command, which takes count');
    const report = runCli(['report', 'interviews', '--codebook', 'codebooks/garden.yaml', '--format', 'md', '--measure', 'rate'], { cwd: GARDEN });
    expect(report.status).toBe(2);
    expect(report.stderr).toContain(`rate is not a measure of this command, which takes ${MEASURES.share}; or ${MEASURES.interviews}.`);
  });

  it('report --measure share is the default, and segments (its older name) gives the same bytes', () => {
    const run = (...extra: string[]) => runCli(['report', 'interviews', '--codebook', 'codebooks/garden.yaml', '--format', 'md', ...extra], { cwd: GARDEN });
    const byDefault = run();
    expect(byDefault.status).toBe(0);
    expect(run('--measure', 'share').stdout).toBe(byDefault.stdout);
    expect(run('--measure', 'segments').stdout).toBe(byDefault.stdout);
    expect(run('--measure', 'interviews').stdout).not.toBe(byDefault.stdout);
  });
});
