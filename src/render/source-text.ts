/**
 * How the HTML and Markdown reports name where their codes came from (issue
 * 12: every output names its source), in one place so the two say the same.
 */
import type { ReportData } from '../analyze/report-data.js';

/** What the automatic codes are called in segment lists: `model` or `hybrid` when a model made them, else `rules`. */
export function automaticLabel(source: string): string {
  return source === 'model' || source === 'hybrid' ? source : 'rules';
}

/** The source in words, e.g. "the human coder coder-a"; `escape` makes a coder's name safe for the target format. */
export function sourceName(source: string, modelFile?: string, escape: (text: string) => string = (text) => text): string {
  if (source === 'auto' || source === 'rules') return "the codebook's rules (automatic coding)";
  if (source === 'model') return `the learned model${modelFile ? ` ${escape(modelFile)}` : ''} (automatic coding)`;
  if (source === 'hybrid') return `the codebook's rules combined with the learned model${modelFile ? ` ${escape(modelFile)}` : ''} (automatic coding)`;
  if (source === 'manual') return 'the human coders';
  return `the human coder ${escape(source)}`;
}

/** The report's sentence on what was counted: which codes, on which turns. */
export function sourceSentence(data: Pick<ReportData, 'source' | 'modelFile' | 'includeInterviewer'>, escape?: (text: string) => string): string {
  return `Codes applied by ${sourceName(data.source, data.modelFile, escape)}, counted on ${data.includeInterviewer ? 'all turns' : "the respondents' turns"}.`;
}
