/**
 * Every command, registered in the order `--help` lists them. Adding a
 * command: its options in `commands/<name>.ts`, its work in `actions/<name>.ts`.
 */
import type { Command } from 'commander';
import { defineCodeCommand } from './code.js';
import { defineValidateCommand } from './validate.js';
import { defineReportCommand } from './report.js';
import { defineCompareCommand } from './compare.js';
import { defineCooccurCommand } from './cooccur.js';
import { defineQuotesCommand } from './quotes.js';
import { defineKwicCommand } from './kwic.js';
import { defineImportCommand } from './import.js';
import { defineExportCommand } from './export.js';
import { defineAgreeCommand } from './agree.js';
import { defineCodebookCommand } from './codebook.js';
import { defineExplainCommand } from './explain.js';
import { addCommandExamples } from './examples.js';
import { defineTrainCommand } from './train.js';
import { defineReviewCommand } from './review.js';

export function defineCommands(program: Command): void {
  defineCodeCommand(program);
  defineValidateCommand(program);
  defineReportCommand(program);
  defineCompareCommand(program);
  defineCooccurCommand(program);
  defineQuotesCommand(program);
  defineKwicCommand(program);
  defineImportCommand(program);
  defineExportCommand(program);
  defineAgreeCommand(program);
  defineTrainCommand(program);
  defineCodebookCommand(program);
  defineExplainCommand(program);
  defineReviewCommand(program);
  addCommandExamples(program);
}
