/**
 * Hover on an action or route name: exposure, callers (file:line links), the guard found or why none
 * was, middleware/proxy coverage (context only), the route's URL. The text is built in src/views/hover.ts.
 */
import * as vscode from 'vscode';
import type { BoundaryService } from '../service/boundary-service';
import { hoverMarkdown, servedProcedures } from '../views/hover';
import { nameRange, rangeContains } from '../views/positions';
import { SOURCE_SELECTOR, linkTo, posixPath } from './util/paths';
import { documentLines, toRange } from './util/text';

class BoundaryHoverProvider implements vscode.HoverProvider {
  constructor(private readonly service: BoundaryService) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position, token: vscode.CancellationToken): vscode.Hover | undefined {
    const path = posixPath(document.uri);
    const folder = this.service.folderOf(path);
    if (!folder) return undefined;
    const lines = documentLines(document);
    const result = this.service.snapshot.folders.get(folder);
    const parts: string[] = [];
    let range: vscode.Range | undefined;
    for (const endpoint of this.service.endpointsIn(path)) {
      if (token.isCancellationRequested) return undefined;
      const name = nameRange(endpoint, lines);
      if (!rangeContains(name, position.line, position.character)) continue;
      range = toRange(name);
      const app = result?.apps.find((item) => item.root === endpoint.app);
      const served = endpoint.mounts && result ? servedProcedures(endpoint, result.endpoints) : [];
      parts.push(hoverMarkdown(endpoint, { ...(app && { app }), link: (location) => linkTo(folder, location), ...(served.length && { served }) }));
    }
    if (!range || parts.length === 0) return undefined;
    return new vscode.Hover(new vscode.MarkdownString(parts.join('\n\n---\n\n')), range);
  }
}

export function register(service: BoundaryService): vscode.Disposable {
  return vscode.languages.registerHoverProvider(SOURCE_SELECTOR, new BoundaryHoverProvider(service));
}
