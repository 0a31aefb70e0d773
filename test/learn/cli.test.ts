/**
 * `cocreate train` and the sources end to end, on a copy of the fourteen
 * interviews (issue 12): train writes a model that is byte-identical on a
 * second run and under 2 MB; `code --source hybrid` (and `auto` once the
 * model exists) counts the hybrid's codes and says so in every format; a
 * damaged model, a model of another codebook version and `--source` typos
 * are refused with a clear message (exit 2); worker threads give the same
 * bytes as one thread with a model; `agree --ids` scores with a model
 * trained on the other transcripts only.
 */
import { appendFileSync, cpSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, REPO_ROOT, runCli } from '../helpers/cli.js';

const HELD_OUT = 'sgad-04,sgad-08,sgad-11,sgad-14';
let root = '';

function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cocreate-learn-'));
  cpSync(join(REPO_ROOT, 'interviews'), join(dir, 'interviews'), { recursive: true });
  cpSync(join(REPO_ROOT, 'codebooks'), join(dir, 'codebooks'), { recursive: true });
  cpSync(join(REPO_ROOT, 'cocreate.yaml'), join(dir, 'cocreate.yaml'));
  return dir;
}

beforeAll(() => {
  root = project();
  const trained = runCli(['train', 'interviews/', '--exclude-ids', HELD_OUT], { cwd: root, timeout: 120_000 });
  expect(trained.stderr).toBe('');
  expect(trained.status).toBe(0);
}, 180_000);

describe('cocreate train', () => {
  it('writes models/<codebook id>.json: deterministic bytes, under 2 MB, with what it learned from and its CV agreement', () => {
    const file = join(root, 'models', 'coval.json');
    const first = readFileSync(file);
    expect(statSync(file).size).toBeLessThan(2 * 1024 * 1024);
    const again = runCli(['train', 'interviews/', '--exclude-ids', HELD_OUT, '-o', 'again.json'], { cwd: root, timeout: 120_000 });
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('Wrote again.json');
    expect(readFileSync(join(root, 'again.json')).equals(first)).toBe(true);
    const model = JSON.parse(first.toString('utf8'));
    expect(model.format).toBe('cocreate-model');
    expect(model.codebook.id).toBe('coval');
    expect(model.codebook.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(model.trainedOn.transcripts).toEqual(['sgad-01', 'sgad-02', 'sgad-03', 'sgad-05', 'sgad-06', 'sgad-07', 'sgad-09', 'sgad-10', 'sgad-12', 'sgad-13']);
    expect(model.trainedOn.coders).toEqual(['coder-a', 'coder-b']);
    expect(model.cv.interviews).toBe(10);
    for (const code of model.codes) {
      expect(code.thresholds.low).toBeLessThanOrEqual(code.thresholds.high);
      expect(code.cv.hybrid.kappa === null || typeof code.cv.hybrid.kappa === 'number').toBe(true);
    }
  });

  it('says which codes stay rules-only (fewer than 3 positives), and refuses an unknown --coder with "did you mean"', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cocreate-learn-basic-'));
    cpSync(join(FIXTURES, 'basic', 'interviews'), join(dir, 'interviews'), { recursive: true });
    cpSync(join(FIXTURES, 'basic', 'codebooks'), join(dir, 'codebooks'), { recursive: true });
    const trained = runCli(['train', 'interviews/'], { cwd: dir });
    expect(trained.status).toBe(0);
    // Hand count (fixture human codes, no codebook examples): actors.citizens 2, practice.reuse 1, practice.feedback 1, others 0.
    expect(trained.stdout).toContain('5 stay rules-only (fewer than 3 positive examples): actors.citizens (2), practice.reuse (1), practice.feedback (1), practice.once-only (0), outcomes.savings (0).');
    const model = JSON.parse(readFileSync(join(dir, 'models', 'basic.json'), 'utf8'));
    expect(model.codes.filter((code: { learned: boolean }) => !code.learned)).toHaveLength(5);
    expect(model.trainedOn.coders).toEqual(['alice', 'bob', 'human']);
    const none = runCli(['train', 'interviews/', '--coder', 'nobody'], { cwd: dir });
    expect(none.status).toBe(2);
    expect(none.stderr).toContain('--coder: "nobody"');
    const typo = runCli(['train', 'interviews/', '--coder', 'alcie'], { cwd: dir });
    expect(typo.status).toBe(2);
    expect(typo.stderr).toContain('Did you mean "alice"?');
    const empty = runCli(['train', 'interviews/b-04.yaml'], { cwd: dir });
    expect(empty.status).toBe(2);
    expect(empty.stderr).toContain('has human codes');
  });
});

describe('sources', () => {
  it('code --source hybrid counts the hybrid codes and names the source and model in table, JSON and CSV', () => {
    const json = JSON.parse(runCli(['code', 'interviews/', '--source', 'hybrid', '--format', 'json'], { cwd: root }).stdout);
    expect(json.source).toBe('hybrid');
    expect(json.model).toBe(join('models', 'coval.json'));
    const rules = JSON.parse(runCli(['code', 'interviews/', '--source', 'rules', '--format', 'json'], { cwd: root }).stdout);
    expect(rules.source).toBe('rules');
    expect(rules.model).toBeUndefined();
    expect(json.codes.map((code: { segments: number }) => code.segments)).not.toEqual(rules.codes.map((code: { segments: number }) => code.segments));
    // auto: the model exists for this codebook, so hybrid.
    const auto = JSON.parse(runCli(['code', 'interviews/', '--format', 'json'], { cwd: root }).stdout);
    expect(auto).toEqual(json);
    const table = runCli(['code', 'interviews/', '--source', 'hybrid'], { cwd: root }).stdout;
    expect(table).toContain('Source: hybrid');
    expect(table).toContain('† unreliable');
    const csv = runCli(['code', 'interviews/', '--source', 'hybrid', '--format', 'csv'], { cwd: root }).stdout.split('\r\n');
    expect(csv[0]!.endsWith(',source')).toBe(true);
    expect(csv[1]!.endsWith(',hybrid')).toBe(true);
    const codings = runCli(['code', 'interviews/', '--source', 'hybrid', '--codings', '--format', 'jsonl'], { cwd: root }).stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(new Set(codings.map((record: { source: string }) => record.source))).toEqual(new Set(['hybrid']));
  });

  it('gives the same bytes with worker threads as with one thread, with a model', () => {
    const one = runCli(['code', 'interviews/', '--source', 'hybrid', '--codings', '--format', 'jsonl', '--jobs', '1'], { cwd: root });
    const two = runCli(['code', 'interviews/', '--source', 'hybrid', '--codings', '--format', 'jsonl', '--jobs', '2'], { cwd: root });
    expect(two.status).toBe(0);
    expect(two.stdout).toBe(one.stdout);
    const counts = runCli(['code', 'interviews/', '--source', 'model', '--format', 'json', '--jobs', '3'], { cwd: root });
    expect(counts.stdout).toBe(runCli(['code', 'interviews/', '--source', 'model', '--format', 'json'], { cwd: root }).stdout);
  });

  it('refuses a damaged model file and a model of another codebook version (exit 2, naming the file); auto then counts the rules', () => {
    const dir = project();
    expect(runCli(['train', 'interviews/', '-o', 'models/coval.json'], { cwd: dir, timeout: 120_000 }).status).toBe(2); // models/ does not exist with -o
    expect(runCli(['train', 'interviews/'], { cwd: dir, timeout: 120_000 }).status).toBe(0);
    writeFileSync(join(dir, 'broken.json'), '{"format": "cocreate-model", "version": 1, "codebook": ');
    const damaged = runCli(['code', 'interviews/', '--source', 'hybrid', '--model', 'broken.json'], { cwd: dir });
    expect(damaged.status).toBe(2);
    expect(damaged.stderr).toContain('The model file broken.json is damaged');
    expect(damaged.stdout).toBe('');
    writeFileSync(join(dir, 'other.json'), JSON.stringify({ format: 'cocreate-model', version: 1 }));
    const shape = runCli(['code', 'interviews/', '--source', 'model', '--model', 'other.json'], { cwd: dir });
    expect(shape.status).toBe(2);
    expect(shape.stderr).toContain('other.json is damaged or not a cocreate model');
    // Another version of the codebook: one more comment line changes its SHA-256.
    appendFileSync(join(dir, 'codebooks', 'coval.yaml'), '\n# edited\n');
    const stale = runCli(['code', 'interviews/', '--source', 'hybrid'], { cwd: dir });
    expect(stale.status).toBe(2);
    expect(stale.stderr).toContain('models/coval.json was trained for another version of the codebook coval');
    const auto = runCli(['code', 'interviews/', '--format', 'json'], { cwd: dir });
    expect(auto.status).toBe(0);
    expect(JSON.parse(auto.stdout).source).toBe('rules');
    expect(auto.stderr).toContain("Counting the rules' codes instead");
  });

  it('treats a misspelt source or an unknown coder as a usage error with "did you mean"', () => {
    const typo = runCli(['code', 'interviews/', '--source', 'manuel'], { cwd: root });
    expect(typo.status).toBe(2);
    expect(typo.stderr).toContain('Did you mean "manual"?');
    const hybird = runCli(['compare', '--by', 'role', '--source', 'hybird'], { cwd: root });
    expect(hybird.status).toBe(2);
    expect(hybird.stderr).toContain('Did you mean "hybrid"?');
    const coder = runCli(['cooccur', '--source', 'coder-aa'], { cwd: root });
    expect(coder.status).toBe(2);
    expect(coder.stderr).toContain('Did you mean "coder-a"?');
    expect(runCli(['code', 'interviews/', '--source', 'coder-a', '--format', 'json'], { cwd: root }).status).toBe(0);
  });
});

describe('agree with a model', () => {
  it('--ids scores the held-out set with a model trained on the other transcripts only', () => {
    const result = runCli(['agree', '--ids', HELD_OUT, '--source', 'hybrid', '--format', 'json', '--review-curve'], { cwd: root, timeout: 120_000 });
    expect(result.status).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json.source).toBe('hybrid');
    expect(json.evaluation.kind).toBe('trained-without');
    expect(json.evaluation.trainedOn).not.toContain('sgad-04');
    expect(json.evaluation.trainedOn).toHaveLength(10);
    expect(json.interviews).toBe(4);
    const curve = json.reviewCurve as { fraction: number; reviewed: number; kappa: number; randomKappa: number }[];
    expect(curve.map((point) => point.fraction)).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]);
    expect(curve[0]!.kappa).toBeCloseTo(json.overall.kappa, 10);
    expect(curve[10]!.kappa).toBe(1);
    expect(curve[10]!.reviewed).toBe(json.segments * 37);
  });
});

describe('report with a model', () => {
  it('names the hybrid source, shows the model’s cross-validated kappa per theme and its review curve (HTML chart, Markdown table)', () => {
    const html = runCli(['report', 'interviews/', '--source', 'hybrid', '-o', 'report.html'], { cwd: root });
    expect(html.status).toBe(0);
    const page = readFileSync(join(root, 'report.html'), 'utf8');
    expect(page).toContain('Codes applied by the codebook&#39;s rules combined with the learned model models/coval.json');
    expect(page).toContain('Table 10. Cross-validated agreement');
    expect(page).toMatch(/<svg class="chart review-curve"[^>]*role="img"/);
    const md = runCli(['report', 'interviews/', '--source', 'hybrid', '--format', 'md'], { cwd: root });
    expect(md.stdout).toContain('**Review curve** (cross-validated)');
    expect(md.stdout).toMatch(/\| 30% \| 0\.\d\d \| 0\.\d\d \|/);
    const model = JSON.parse(readFileSync(join(root, 'models', 'coval.json'), 'utf8'));
    const at30 = model.cv.reviewCurve.points[3];
    expect(at30.kappa).toBeGreaterThan(at30.randomKappa);
  });
});

describe('agree --cv and the model file', () => {
  it('--cv: each interview scored without itself, bootstrap intervals and a learning curve in JSON and the table', () => {
    const files = ['sgad-01.yaml', 'sgad-02.md', 'sgad-03.md', 'sgad-05.yaml', 'sgad-06.md'].map((name) => `interviews/${name}`);
    const result = runCli(['agree', ...files, '--cv', '--source', 'hybrid', '--format', 'json', '--resamples', '200', '--seed', '5'], { cwd: root, timeout: 180_000 });
    expect(result.status).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json.evaluation).toEqual({ kind: 'cross-validation', interviews: 5 });
    expect(json.cv.resamples).toBe(200);
    expect(json.cv.seed).toBe(5);
    expect(json.cv.pooled.kappa).toBeCloseTo(json.overall.kappa, 10);
    expect(json.cv.pooled.low).toBeLessThanOrEqual(json.cv.pooled.kappa);
    expect(json.cv.pooled.high).toBeGreaterThanOrEqual(json.cv.pooled.kappa);
    expect(json.cv.themes).toHaveLength(7);
    expect(json.learningCurve.points.map((point: { size: number }) => point.size)).toEqual([3, 4]);
    expect(json.learningCurve.points[0].runs).toHaveLength(5);
    const again = runCli(['agree', ...files, '--cv', '--source', 'hybrid', '--format', 'json', '--resamples', '200', '--seed', '5'], { cwd: root, timeout: 180_000 });
    expect(again.stdout).toBe(result.stdout);
  }, 400_000);

  it('without --ids or --cv uses the model file, and says when it learned from the scored transcripts', () => {
    const result = runCli(['agree', '--source', 'hybrid', '--format', 'json'], { cwd: root });
    expect(result.status).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json.evaluation.kind).toBe('model-file');
    expect(json.evaluation.overlap).toHaveLength(10);
    expect(json.model).toBe(join('models', 'coval.json'));
    expect(result.stderr).toContain('these figures are optimistic');
    const held = JSON.parse(runCli(['agree', '--source', 'hybrid', '--model', 'models/coval.json', '--ids', HELD_OUT, '--format', 'json'], { cwd: root }).stdout);
    expect(held.evaluation.kind).toBe('trained-without');
  });
});
