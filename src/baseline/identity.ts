/**
 * What names a finding across edits: its rule, the endpoint's kind, file and name — never a line number, so
 * moving code within a file or editing another endpoint leaves it the same finding. Shared by the SARIF
 * fingerprints and the baseline, so both agree on what "the same finding" means.
 */
import type { Endpoint, EndpointKind } from '../analyzers/model';
import { sortEndpoints } from '../views/sort';

export interface FindingIdentity {
  rule: string;
  kind: EndpointKind;
  /** The endpoint's file, relative POSIX path from the scan root. */
  file: string;
  /** The endpoint's stable name (see stableEndpointNames). */
  endpoint: string;
}

const ANONYMOUS_INLINE = /^inline@\d+$/;

/**
 * Each endpoint's name with the line taken out: anonymous inline actions are named `inline@<line>`, so for them
 * the ordinal among the file's anonymous inline actions (`inline#0`, `inline#1`…) stands in for the line.
 */
export function stableEndpointNames(endpoints: readonly Endpoint[]): Map<Endpoint, string> {
  const names = new Map<Endpoint, string>();
  const anonymousSeen = new Map<string, number>();
  for (const endpoint of sortEndpoints(endpoints)) {
    if (!ANONYMOUS_INLINE.test(endpoint.name)) {
      names.set(endpoint, endpoint.name);
      continue;
    }
    const ordinal = anonymousSeen.get(endpoint.file) ?? 0;
    anonymousSeen.set(endpoint.file, ordinal + 1);
    names.set(endpoint, `inline#${ordinal}`);
  }
  return names;
}

/** One string per identity, for maps and multisets. */
export function identityKey(identity: FindingIdentity): string {
  return [identity.rule, identity.kind, identity.file, identity.endpoint].join('\u0000');
}
