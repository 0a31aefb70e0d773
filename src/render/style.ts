/**
 * Styling hooks for terminal output. Renderers take a Style; the CLI
 * decides whether it is coloured (TTY, NO_COLOR, FORCE_COLOR) so colour
 * stays at the edge.
 */

export interface Style {
  bold(text: string): string;
  dim(text: string): string;
  /** Over-represented / positive emphasis. */
  high(text: string): string;
  /** Under-represented / negative emphasis. */
  low(text: string): string;
  error(text: string): string;
  warning(text: string): string;
  /** Matched words in quotes. */
  match(text: string): string;
}

const identity = (text: string) => text;

/** No colour, no escapes: for files, pipes and NO_COLOR. */
export const plainStyle: Style = {
  bold: identity,
  dim: identity,
  high: identity,
  low: identity,
  error: identity,
  warning: identity,
  match: identity,
};
