/**
 * The operations of an app's `.graphql` / `.gql` documents, by name: `mutation AccountUpdate(…)` is a write. GraphQL
 * codegen names the generated document after it (`AccountUpdateDocument`), and the generated file is often not in the
 * repository, so a call handed `AccountUpdateDocument` is judged by the document it was generated from.
 */
import type { FileHost } from './host';

export type OperationKind = 'query' | 'mutation' | 'subscription';

export const GRAPHQL_FILE_RE = /\.(graphql|gql)$/;
const OPERATION_RE = /(?:^|[\s}])(query|mutation|subscription)\s+([A-Za-z_]\w*)/g;
/** Documents are small; a file past this is generated schema, not operations. */
const MAX_DOCUMENT_BYTES = 256 * 1024;

export class GraphqlOperations {
  private index: Map<string, OperationKind> | undefined;

  constructor(
    private readonly host: FileHost,
    private readonly files: () => readonly string[],
  ) {}

  /** The kind of the operation codegen named `name` (`XDocument`, or the operation's own name); read on first use. */
  kindOf(name: string): OperationKind | undefined {
    this.index ??= this.build();
    if (!this.index.size) return undefined;
    return this.index.get(name) ?? this.index.get(name.replace(/Document$/, ''));
  }

  private build(): Map<string, OperationKind> {
    const index = new Map<string, OperationKind>();
    for (const file of this.files()) {
      let text: string | undefined;
      try {
        text = this.host.readFile(file);
      } catch {
        continue;
      }
      if (!text || text.length > MAX_DOCUMENT_BYTES) continue;
      const code = text.replace(/#[^\n]*/g, '');
      for (const match of code.matchAll(OPERATION_RE)) if (!index.has(match[2])) index.set(match[2], match[1] as OperationKind);
    }
    return index;
  }
}
