import type { Endpoint } from '../analyzers/model';

/** Locale-independent string order (UTF-16 code units), so output is the same on every machine. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The one endpoint order every format uses: by file, then line, then name (then kind, for full determinism). */
export function compareEndpoints(a: Endpoint, b: Endpoint): number {
  return (
    compareStrings(a.file, b.file) || a.line - b.line || compareStrings(a.name, b.name) || compareStrings(a.kind, b.kind)
  );
}

export function sortEndpoints(endpoints: readonly Endpoint[]): Endpoint[] {
  return [...endpoints].sort(compareEndpoints);
}
