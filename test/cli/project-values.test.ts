/**
 * cocreate.yaml is read once per run for what the analysis commands take
 * from it (cli/corpus.ts): `code --by topic` needs its topics and its allowed
 * values, and used to read and parse the file once for each. The reader is
 * wrapped to count reads of the project file; the values are those of the
 * repository's own cocreate.yaml.
 */
import { describe, expect, it, vi } from 'vitest';
import type { CompiledCodebook } from '../../src/code/compile.js';
import { parseProjectValues } from '../../src/load/project-values.js';

const reads = vi.hoisted(() => ({ project: 0 }));

vi.mock('../../src/load/read-file.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/load/read-file.js')>();
  return {
    ...original,
    readCheckedFileSync: (path: string, ...rest: unknown[]) => {
      if (String(path).endsWith('cocreate.yaml')) reads.project += 1;
      return (original.readCheckedFileSync as (...args: unknown[]) => unknown)(path, ...rest);
    },
  };
});

describe('the project file in an analysis run', () => {
  it('is read once for both its topics and its allowed values', async () => {
    const { dataChecksFor, readProjectTopics } = await import('../../src/cli/corpus.js');
    const compiled = { codes: [], codebook: { file: 'codebooks/coval.yaml' } } as unknown as CompiledCodebook;
    const topics = await readProjectTopics();
    const checks = dataChecksFor(compiled);
    expect(await readProjectTopics()).toEqual(topics);
    expect(reads.project).toBe(1);
    // The repository's cocreate.yaml, as written there.
    expect(topics.topics).toEqual(['organisation', 'project', 'actors', 'challenges', 'involvement', 'replication', 'public-value', 'future']);
    expect(checks.allowedValues).toEqual({ role: ['head-of-unit', 'project-manager'], area: ['citizen-services', 'governance', 'infrastructure', 'interoperability'] });
  });

  it('gives both parts from one parse, as the two readers did', () => {
    expect(parseProjectValues('attributes:\n  allowed:\n    role: [a, 2]\n    bad: [{ x: 1 }]\ntopics: [intro, " intro ", 3]\n', 'p.yaml')).toEqual({ allowed: { role: ['a', '2'] }, topics: ['intro', '3'] });
    expect(parseProjectValues('topics: [intro\n', 'p.yaml')).toEqual({ allowed: {} });
    expect(parseProjectValues('attributes: { allowed: [a] }\ntopics: []\n', 'p.yaml')).toEqual({ allowed: {} });
    // Text that decoded with an error: allowed values still read, topics not trusted.
    expect(parseProjectValues('attributes: { allowed: { r: [a] } }\ntopics: [t]\n', 'p.yaml', false)).toEqual({ allowed: { r: ['a'] } });
  });

  it('keeps attribute names that are Object.prototype words as ordinary keys', () => {
    const { allowed } = parseProjectValues('attributes:\n  allowed:\n    __proto__: [x]\n    constructor: [y]\n', 'p.yaml');
    expect(Object.keys(allowed)).toEqual(['__proto__', 'constructor']);
    expect(allowed['__proto__']).toEqual(['x']);
    expect(allowed['toString']).toBeUndefined();
  });
});
