/**
 * Writes a second coder's codes into the transcripts, beside the first
 * coder's (issue 13: a blind second coding of a sample of segments).
 *
 * Input: a JSON object from segment key to code list, the key being the
 * transcript id, `#` and the 0-based turn index, as the loader numbers turns
 * (interviewer turns included): `{ "sgad-01#7": ["stakeholders.citizens"] }`.
 *
 *   npm run build
 *   node scripts/insert-coder-codes.mjs CODES.json --coder coder-b --first coder-a [interviews/]
 *
 * For each transcript with a listed segment it
 * - names the first coder in the metadata (`coder: coder-a`, on the line after
 *   `illustrative:`, or after `language:`), unless the transcript names one;
 * - YAML: turns `codes: [a, b]` of a listed turn into
 *   `codes: { coder-a: [a, b], coder-b: [c] }` on the same line, or adds a
 *   `codes: { coder-b: [c] }` line under the text when the turn has no codes;
 * - Markdown: appends `<!-- codes coder-b: c -->` to the line that holds the
 *   turn's codes comment, or to the turn's last text line.
 * Every other byte stays as it was, so the lines of a Markdown transcript and
 * the text of every turn keep their place (a YAML transcript moves down by the
 * one metadata line, and by one more line per turn that had no codes).
 *
 * Deterministic: the same input gives the same files. It stops without writing
 * anything (exit 2) when a key names no transcript or turn, an interviewer
 * turn, or a turn the second coder already coded; it uses the built loader
 * (dist/) so that turn indices mean what they mean to cocreate.
 */
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseTranscript } from '../dist/load/transcript.js';

function fail(message) {
  process.stderr.write(`insert-coder-codes: ${message}\n`);
  process.exit(2);
}

function parseArgs(argv) {
  const options = { coder: undefined, first: undefined, codes: undefined, paths: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--coder' || arg === '--first') options[arg.slice(2)] = argv[++i];
    else if (options.codes === undefined) options.codes = arg;
    else options.paths.push(arg);
  }
  if (!options.codes || !options.coder || !options.first) fail('usage: insert-coder-codes.mjs CODES.json --coder NAME --first NAME [paths…]');
  if (options.paths.length === 0) options.paths.push('interviews');
  return options;
}

function transcriptFiles(paths) {
  const files = [];
  for (const path of paths) {
    if (statSync(path).isDirectory()) {
      for (const name of readdirSync(path).sort()) if (/\.(ya?ml|md)$/.test(name)) files.push(join(path, name));
    } else files.push(path);
  }
  return files;
}

/** `[a, b]` as the codes are written in either format. */
const list = (codes) => codes.join(', ');

/** The new text of one transcript, or undefined when nothing changes. */
function insert(source, file, entries, coder, first) {
  const markdown = file.endsWith('.md');
  const { transcript } = parseTranscript(source, file, markdown ? 'markdown' : 'yaml');
  if (!transcript) fail(`${file}: does not load`);
  const lines = source.split('\n');
  const starts = transcript.segments.map((segment) => segment.at.line).sort((a, b) => a - b);
  const edits = [];
  for (const [index, codes] of entries) {
    const segment = transcript.segments.find((s) => s.index === index);
    if (!segment) fail(`${file}: no turn ${index}`);
    if (segment.interviewer) fail(`${file}: turn ${index} is an interviewer turn`);
    if (segment.human.some((coding) => coding.coder === coder)) fail(`${file}: turn ${index} already has codes of ${coder}`);
    const next = starts.find((line) => line > segment.at.line) ?? lines.length + 1;
    edits.push({ segment, codes, next });
  }
  // Bottom-up, so that an inserted line moves nothing still to be edited.
  edits.sort((a, b) => b.segment.at.line - a.segment.at.line);
  for (const { segment, codes, next } of edits) {
    const range = [];
    for (let i = segment.at.line - 1; i < next - 1 && i < lines.length; i++) range.push(i);
    if (markdown) {
      const at = range.find((i) => lines[i].includes('<!-- codes')) ?? segment.endLine - 1;
      lines[at] = `${lines[at]} <!-- codes ${coder}: ${list(codes)} -->`;
    } else {
      const at = range.find((i) => /^\s+codes:/.test(lines[i]));
      if (at === undefined) {
        const textKey = range.map((i) => /^(\s+)text:/.exec(lines[i])).find(Boolean);
        const indent = textKey ? textKey[1] : '    ';
        lines.splice(segment.endLine, 0, `${indent}codes: { ${coder}: [${list(codes)}] }`);
      } else {
        const match = /^(\s+codes: )\[(.*)\](\s*)$/.exec(lines[at]);
        if (!match) fail(`${file}:${at + 1}: codes not in the single-coder list form`);
        const firstCodes = match[2].trim();
        lines[at] = `${match[1]}{ ${first}: [${firstCodes}], ${coder}: [${list(codes)}] }${match[3]}`;
      }
    }
  }
  if (transcript.metaAt?.coder === undefined) {
    const end = markdown ? lines.indexOf('---', 1) : lines.findIndex((line) => /^turns:/.test(line));
    const head = lines.slice(0, end === -1 ? lines.length : end);
    let after = head.findIndex((line) => /^illustrative:/.test(line));
    if (after === -1) after = head.findIndex((line) => /^language:/.test(line));
    if (after === -1) fail(`${file}: no metadata line to put \`coder:\` after`);
    lines.splice(after + 1, 0, `coder: ${first}`);
  }
  return lines.join('\n');
}

const options = parseArgs(process.argv.slice(2));
const byTranscript = new Map();
for (const [key, codes] of Object.entries(JSON.parse(readFileSync(options.codes, 'utf8')))) {
  const match = /^(.+)#(\d+)$/.exec(key);
  if (!match || !Array.isArray(codes)) fail(`bad entry ${JSON.stringify(key)}`);
  if (!byTranscript.has(match[1])) byTranscript.set(match[1], []);
  byTranscript.get(match[1]).push([Number(match[2]), codes.map(String)]);
}

const outputs = [];
for (const file of transcriptFiles(options.paths)) {
  const source = readFileSync(file, 'utf8');
  const id = /^id:\s*(\S+)\s*$/m.exec(source)?.[1];
  const entries = id === undefined ? undefined : byTranscript.get(id);
  if (!entries) continue;
  byTranscript.delete(id);
  outputs.push([file, insert(source, file, entries, options.coder, options.first), entries.length]);
}
if (byTranscript.size > 0) fail(`no transcript for ${[...byTranscript.keys()].join(', ')}`);
for (const [file, text, count] of outputs) {
  writeFileSync(file, text);
  process.stderr.write(`${file}: ${count} turn${count === 1 ? '' : 's'} coded by ${options.coder}\n`);
}
