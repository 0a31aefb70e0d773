/**
 * `review` with a learned model: a model trained (src/learn) on ten of the
 * project's interviews proposes on the held-out ones with a probability,
 * least certain first; a damaged model file, and a model for another version
 * of the codebook, are refused with a usage error naming the file.
 */
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileCodebook, type CompiledCodebook } from '../../src/code/compile.js';
import { codeTranscript } from '../../src/code/coder.js';
import { codebookShape, prepareModel, scoreCodedTranscript, serialiseModel, train, unitsOfCodebook, unitsOfTranscript, type LearnedModel } from '../../src/learn/index.js';
import { parseCodebookBytes } from '../../src/load/codebook-read.js';
import { parseTranscript } from '../../src/load/transcript.js';
import type { Transcript } from '../../src/model/transcript.js';
import { REPO_ROOT, runCli } from '../helpers/cli.js';
import { startInPty } from '../helpers/pty.js';

const DIR = join(REPO_ROOT, 'test-output', `review-model-${process.pid}`);
const TRAIN = ['01', '02', '03', '05', '06', '07', '09', '10', '11', '12'];
const HELD_OUT = ['sgad-04.yaml', 'sgad-08.md'];

let compiled: CompiledCodebook;
let model: LearnedModel;

function load(name: string): Transcript {
  const path = join(REPO_ROOT, 'interviews', name);
  return parseTranscript(readFileSync(path, 'utf8'), `interviews/${name}`, name.endsWith('.md') ? 'markdown' : 'yaml').transcript!;
}

beforeAll(async () => {
  const codebookPath = join(REPO_ROOT, 'codebooks', 'coval.yaml');
  const bytes = readFileSync(codebookPath);
  compiled = compileCodebook((await parseCodebookBytes(bytes, codebookPath)).codebook!).compiled;
  const units = [...unitsOfCodebook(compiled)];
  for (const id of TRAIN) {
    const name = ['02', '03', '06', '09', '11'].includes(id) ? `sgad-${id}.md` : `sgad-${id}.yaml`;
    units.push(...unitsOfTranscript(compiled, codeTranscript(compiled, load(name))));
  }
  model = train({ codebook: codebookShape(compiled, createHash('sha256').update(bytes).digest('hex')), units, coders: ['human'] });
  rmSync(DIR, { recursive: true, force: true });
  mkdirSync(join(DIR, 'interviews'), { recursive: true });
  mkdirSync(join(DIR, 'models'));
  cpSync(join(REPO_ROOT, 'codebooks'), join(DIR, 'codebooks'), { recursive: true });
  for (const name of HELD_OUT) cpSync(join(REPO_ROOT, 'interviews', name), join(DIR, 'interviews', name));
  writeFileSync(join(DIR, 'models', 'coval.json'), serialiseModel(model));
}, 120_000);

describe('review with a model', () => {
  it('proposes from the hybrid by default, with probabilities, least certain first', () => {
    const result = runCli(['review', '--coder', 'zed', '--export', '-'], { cwd: DIR });
    expect(result.status).toBe(0);
    expect(result.stderr).toContain('proposals from hybrid (models/coval.json, trained on 10 interviews)');
    const rows = result.stdout.trim().split('\r\n').slice(1);
    expect(rows.length).toBeGreaterThan(10);
    // Independently: the hybrid's most uncertain pair on the held-out transcripts is the first question.
    const scoring = prepareModel(model);
    let best = { uncertainty: -1, key: '' };
    for (const name of HELD_OUT) {
      const transcript = load(name);
      for (const score of scoreCodedTranscript(scoring, compiled, codeTranscript(compiled, transcript))) {
        for (const pair of score.codes) {
          if (pair.uncertainty > best.uncertainty) best = { uncertainty: pair.uncertainty, key: `${transcript.id},interviews/${name},${score.coded.segment.at.line},${score.coded.segment.index + 1},${compiled.codes[pair.code]!.id}` };
        }
      }
    }
    expect(rows[0]!.startsWith(`${best.key},`)).toBe(true);
    const confidence = Number(rows[0]!.split(',')[7]);
    expect(confidence).toBeGreaterThan(0);
    expect(confidence).toBeLessThan(1);
  });

  it('on a terminal, shows the probability, the rule hit, the strongest words and the cross-validated kappa', async () => {
    const session = startInPty(['review', '--coder', 'zed'], DIR);
    await session.waitFor('y accept  n reject');
    const shown = session.output();
    expect(shown).toMatch(/\(hybrid says (yes|no, unsure); (rule hit \(\d+ matched words?\)|no rule hit); p = 0\.\d\d; certainty 0\.\d\d\)/);
    expect(shown).toMatch(/hybrid κ -?\d\.\d\d cross-validated/);
    // The first questions may be on codes that stay rules-only (no words to show): skip to a learned one.
    for (let skips = 0; skips < 30 && !/model's strongest words: [+−]\S/.test(session.output()); skips++) {
      const mark = session.output().length;
      session.send('s');
      await session.waitFor('y accept  n reject', mark);
    }
    expect(session.output()).toMatch(/model's strongest words: [+−]\S/);
    session.send('q');
    expect(await session.exit()).toBe(0);
  });

  it('the strongest words are words of the segment as written, not Porter stems (a stem only marked ~, when the segment has no such word)', async () => {
    const session = startInPty(['review', '--coder', 'zed'], DIR);
    await session.waitFor('y accept  n reject');
    const checked: string[] = [];
    for (let cards = 0; cards < 40 && checked.length < 12; cards++) {
      const card = session.output().split('\n── ').at(-1)!;
      const where = /interviews\/(sgad-\d\d\.(?:yaml|md)):\d+ {2}\(sgad-\d\d, turn (\d+)/.exec(card);
      const line = /model's strongest words: (.*)/.exec(card);
      if (where && line) {
        const text = load(where[1]!).segments[Number(where[2]) - 1]!.text;
        // "+already −quick wins +rule success.quick-wins": split before each sign.
        for (const shown of line[1]!.replace(/ \(~ a stem: no such word here\)$/, '').split(/ (?=[+−])/)) {
          const word = shown.slice(1);
          if (word.startsWith('~') || /^(rule|rules of theme|topic) /.test(word)) continue;
          for (const part of word.split(' ')) expect(text, `${shown} on ${where[1]} turn ${where[2]}`).toMatch(new RegExp(`(?<![\\p{L}\\p{N}])${part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}\\p{N}])`, 'u'));
          checked.push(word);
        }
      }
      const mark = session.output().length;
      session.send('s');
      await session.waitFor('y accept  n reject', mark);
    }
    expect(checked.length).toBeGreaterThanOrEqual(12);
    session.send('q');
    expect(await session.exit()).toBe(0);
  });

  it('--source rules ignores the model', () => {
    const result = runCli(['review', '--coder', 'zed', '--source', 'rules', '--export', '-'], { cwd: DIR });
    expect(result.status).toBe(0);
    expect(result.stderr).toContain('proposals from rules only (--source rules)');
  });

  it('refuses a damaged model file and a model for another codebook version (exit 2, nothing written); auto falls back to the rules and says so', () => {
    writeFileSync(join(DIR, 'damaged.json'), '{"format": "cocreate-model", "vers');
    const damaged = runCli(['review', '--coder', 'zed', '--model', 'damaged.json', '--export', 'q.csv'], { cwd: DIR });
    expect(damaged.status).toBe(2);
    expect(damaged.stderr).toContain('The model file damaged.json is damaged');
    const other = readFileSync(join(DIR, 'codebooks', 'coval.yaml'), 'utf8');
    writeFileSync(join(DIR, 'codebooks', 'coval.yaml'), `${other}\n# edited\n`);
    const stale = runCli(['review', '--coder', 'zed', '--source', 'hybrid', '--export', 'q.csv'], { cwd: DIR });
    const auto = runCli(['review', '--coder', 'zed', '--export', '-'], { cwd: DIR });
    writeFileSync(join(DIR, 'codebooks', 'coval.yaml'), other);
    expect(stale.status).toBe(2);
    expect(stale.stderr).toContain('The model file models/coval.json was trained for another version of the codebook coval');
    expect(auto.status).toBe(0);
    expect(auto.stderr).toContain("Counting the rules' codes instead");
    expect(auto.stderr).toContain('proposals from rules only');
    const missing = runCli(['review', '--coder', 'zed', '--model', 'none.json', '--export', 'q.csv'], { cwd: DIR });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('The model file none.json does not exist');
    expect(existsSync(join(DIR, 'q.csv'))).toBe(false);
  });
});
