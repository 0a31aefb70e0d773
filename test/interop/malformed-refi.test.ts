/**
 * Issue 16, item 11: a truncated or malformed `.qde`/`.qdc` is refused
 * whole, with a located message, before anything is written; it is never
 * imported in part. fast-check cuts a real export (the fourteen interviews'
 * project and codebook) at random places and breaks it in random ways: the
 * reader either refuses it (`xml-syntax`, nothing read) or, when the damage
 * happens to leave well-formed XML with the same content (a cut in the
 * trailing newline), reads exactly what the whole file gives. The CLI then
 * refuses the issue's instances with exit 1 and writes nothing.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRefiXml } from '../../src/load/refi-qda.js';
import { REPO_ROOT, runCli } from '../helpers/cli.js';

let root: string;
let qde: string;
let qdc: string;
let archive: Record<string, Uint8Array>;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'cocreate-malformed-refi-'));
  const project = runCli(['export', '--qdpx', join(root, 'all.qdpx'), 'interviews/'], { cwd: REPO_ROOT });
  expect(project.status, project.stderr).toBe(0);
  const codebook = runCli(['export', '--qdc', join(root, 'all.qdc')], { cwd: REPO_ROOT });
  expect(codebook.status, codebook.stderr).toBe(0);
  archive = unzipSync(readFileSync(join(root, 'all.qdpx')));
  qde = new TextDecoder().decode(archive['project.qde']!);
  qdc = readFileSync(join(root, 'all.qdc'), 'utf8');
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Either refused with a located xml-syntax error, or the same document as the whole file. */
function refusedOrWhole(broken: string, whole: string): 'refused' | 'whole' {
  const parsed = parseRefiXml(broken, 'x.qde');
  if (parsed.document === undefined) {
    const error = parsed.diagnostics.find((d) => d.severity === 'error');
    expect(error?.ruleId).toBe('xml-syntax');
    expect(error?.line).toBeGreaterThanOrEqual(1);
    return 'refused';
  }
  expect(parsed.document).toEqual(parseRefiXml(whole, 'x.qde').document);
  return 'whole';
}

describe('issue 16 item 11: malformed REFI-QDA XML is refused whole', () => {
  it('random truncations of a real project and codebook are refused or read whole', () => {
    const outcomes = { refused: 0, whole: 0 };
    fc.assert(
      fc.property(fc.constantFrom('qde', 'qdc'), fc.double({ min: 0, max: 1, noNaN: true }), (kind, at) => {
        const whole = kind === 'qde' ? qde : qdc;
        const cut = Math.floor(at * whole.length);
        outcomes[refusedOrWhole(whole.slice(0, cut), whole)]++;
      }),
      { numRuns: 150 },
    );
    expect(outcomes.refused).toBeGreaterThan(100);
  });

  it('cuts right after each closing tag (where a partial import used to stop cleanly) are refused', () => {
    for (const tag of ['</TextSource>', '</Code>', '</Description>', '</Sources>', '</CodeBook>', '</Codes>']) {
      const whole = tag === '</Codes>' ? qdc : qde;
      const at = whole.indexOf(tag);
      if (at === -1) continue;
      expect(refusedOrWhole(whole.slice(0, at + tag.length), whole), tag).toBe('refused');
    }
  });

  it('random damage (a tag dropped, renamed or doubled, text or a root after the end) is refused or harmless', () => {
    const tags = [...qde.matchAll(/<\/?[A-Za-z]+[^>]*>/g)].map((match) => ({ at: match.index!, text: match[0] }));
    fc.assert(
      fc.property(fc.nat(tags.length - 1), fc.constantFrom('drop', 'rename', 'double', 'after', 'second-root'), (index, damage) => {
        const tag = tags[index]!;
        let broken: string;
        if (damage === 'drop') broken = qde.slice(0, tag.at) + qde.slice(tag.at + tag.text.length);
        else if (damage === 'rename') broken = qde.slice(0, tag.at) + tag.text.replace(/^<(\/?)([A-Za-z]+)/, '<$1$2X') + qde.slice(tag.at + tag.text.length);
        else if (damage === 'double') broken = qde.slice(0, tag.at) + tag.text + qde.slice(tag.at);
        else if (damage === 'after') broken = `${qde}trailing text\n`;
        else broken = `${qde}<Project name="again"/>\n`;
        // Dropping or doubling a self-closing tag (`<Foo/>`) may leave well-formed XML: then it must read as itself, fully.
        const parsed = parseRefiXml(broken, 'x.qde');
        if (parsed.document !== undefined) expect(tag.text.endsWith('/>') || damage === 'rename').toBe(true);
        else expect(parsed.diagnostics[0]).toMatchObject({ ruleId: 'xml-syntax', severity: 'error' });
      }),
      { numRuns: 150 },
    );
  });

  it('the CLI refuses the issue\'s instances with a located message and exit 1, writing nothing', () => {
    const closeSource = qde.indexOf('</TextSource>') + '</TextSource>'.length;
    const description = qde.indexOf('</Description>');
    const instances: [string, string][] = [
      ['cut-after-text-source', qde.slice(0, closeSource)],
      ['unclosed-description', qde.slice(0, description) + qde.slice(description + '</Description>'.length)],
      ['mismatched-close', qde.replace('</Sources>', '</Source>')],
      ['second-root', `${qde}<Project/>\n`],
      ['text-after-root', `${qde}\nleft over\n`],
    ];
    for (const [name, text] of instances) {
      const zipped = zipSync({ ...archive, 'project.qde': strToU8(text) });
      writeFileSync(join(root, `${name}.qdpx`), zipped);
      const result = runCli(['import', '--qdpx', `${name}.qdpx`, '-o', `out-${name}`], { cwd: root });
      expect(result.status, `${name}\n${result.stderr}`).toBe(1);
      expect(result.stderr, name).toMatch(new RegExp(`${name}\\.qdpx:project\\.qde:\\d+:\\d+  error  The XML .*xml-syntax`));
      expect(existsSync(join(root, `out-${name}`)), name).toBe(false);
      // The codebook import of the same broken XML.
      writeFileSync(join(root, `${name}.qde`), text);
      const codebook = runCli(['import', '--qdc', `${name}.qde`, '-o', `out-${name}.yaml`], { cwd: root });
      expect(codebook.status, name).toBe(1);
      expect(existsSync(join(root, `out-${name}.yaml`)), name).toBe(false);
    }
  });
});
