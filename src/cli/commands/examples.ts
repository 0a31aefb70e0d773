/**
 * Two or three real examples per command, shown after its `--help` (issue
 * 14), taken from the README and docs. They are kept here, in one table,
 * rather than in each command's file, and a test runs every one of them
 * on a copy of the project (test/cli/help.test.ts), so none goes stale.
 * Run from the project folder: interviews/, codebooks/, cocreate.yaml.
 */
import type { Command } from 'commander';

/** Examples per command path (`codebook test` for a subcommand): the command line, then what it does. */
export const COMMAND_EXAMPLES: Record<string, readonly (readonly [string, string])[]> = {
  code: [
    ['cocreate code interviews/', 'how often each code and theme occurs'],
    ['cocreate code interviews/ --by role', 'code × group crosstab'],
    ['cocreate code interviews/ --codings --format jsonl -o codings.jsonl', 'one line per coded segment and code, for pandas, R or DuckDB'],
  ],
  validate: [
    ['cocreate validate interviews/', 'text report, exit 1 on errors'],
    ['cocreate validate interviews/ --format github', 'annotations on the pull request'],
    ['cocreate validate --strict --scope transcripts', "gate CI on the transcripts' findings only"],
  ],
  report: [
    ['cocreate report interviews/ -o report.html', 'one self-contained HTML report'],
    ['cocreate report --by role --format md -o report.md', 'the same as Markdown, heatmap by role'],
  ],
  compare: [
    ['cocreate compare --by role', 'which codes differ between heads of unit and project managers'],
    ['cocreate compare --by topic --level theme', 'which themes come up under which protocol question (tests segments)'],
    ['cocreate compare --by area --level theme --format csv -o compare.csv', 'themes by area, as CSV'],
  ],
  cooccur: [
    ['cocreate cooccur --limit 3', 'the three pairs of codes most often in the same segment'],
    ['cocreate cooccur --theme success --measure jaccard --matrix', "one theme's codes as a Jaccard matrix"],
  ],
  kwic: [
    ['cocreate kwic participar --window 4', 'every participación, participaron…: the stem, as a rule matches it'],
    ['cocreate kwic co-creat* --by topic --format csv -o co-creation.csv', 'a concordance by protocol question, as CSV'],
  ],
  quotes: [
    ['cocreate quotes success.quick-wins --limit 2', 'the words behind a number'],
    ['cocreate quotes stakeholders --where role=project-manager --kwic 6', 'keyword in context, project managers only'],
  ],
  import: [
    ['cocreate import --qdc codebooks/coval.qdc -o codebooks/from-qdc.yaml', 'a REFI-QDA codebook (NVivo, ATLAS.ti, MAXQDA…) as a codebook'],
    ['cocreate import --qdpx coval.qdpx -o imported/', 'a REFI-QDA project as transcripts and a codebook'],
  ],
  export: [
    ['cocreate export --qdc codebooks/coval.qdc', 'the codebook for NVivo, ATLAS.ti, MAXQDA, QualCoder'],
    ['cocreate export --qdpx coval.qdpx interviews/', 'the coded project'],
  ],
  agree: [
    ['cocreate agree', 'the rules against the human codes'],
    ['cocreate agree --ids sgad-04,sgad-08,sgad-11,sgad-14', 'on the held-out interviews only'],
    ['cocreate agree --show-disagreements', 'every segment and code where rules and people disagree'],
  ],
  codebook: [
    ['cocreate codebook', 'the codebook as a table'],
    ['cocreate codebook --format md -o appendix.md', 'as a Markdown appendix'],
    ['cocreate codebook test', "run the codebook's examples as tests"],
  ],
  'codebook test': [
    ['cocreate codebook test', 'every example and counter-example against the rules'],
    ['cocreate codebook test --format github', 'as GitHub Actions annotations'],
  ],
  train: [
    ['cocreate train interviews/', 'learn from the human codes; writes models/<codebook id>.json'],
    ['cocreate train interviews/ --exclude-ids sgad-04,sgad-08,sgad-11,sgad-14 -o models/tuning.json', 'learn from the ten tuning interviews only'],
  ],
  review: [
    ['cocreate review interviews/ --coder coder-b --export queue.csv', 'the review queue as a spreadsheet, one row per decision'],
    ['cocreate review interviews/ --coder coder-b --apply queue.csv', 'write the decisions filled in (y/n) into the transcripts'],
  ],
  explain: [
    ['cocreate explain interviews/sgad-03.md:109', 'which rule matched which words in that segment'],
    ['cocreate explain interviews/sgad-01.yaml:15 --format json', 'the same as JSON'],
  ],
};

/** Adds each command's examples after its help text. */
export function addCommandExamples(program: Command): void {
  const visit = (command: Command, path: string) => {
    const examples = COMMAND_EXAMPLES[path];
    if (examples) {
      const width = Math.max(...examples.map(([line]) => line.length));
      command.addHelpText('after', `\nExamples:\n${examples.map(([line, what]) => `  $ ${line.padEnd(width)}  # ${what}`).join('\n')}\n`);
    }
    for (const child of command.commands) visit(child, `${path} ${child.name()}`);
  };
  for (const command of program.commands) visit(command, command.name());
}
