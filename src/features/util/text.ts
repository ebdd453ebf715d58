import { readFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import { type LineSource, type TextRange, linesOf } from '../../views/positions';

export function documentLines(document: vscode.TextDocument): LineSource {
  return (line) => (line >= 0 && line < document.lineCount ? document.lineAt(line).text : undefined);
}

export function toRange(range: TextRange): vscode.Range {
  return new vscode.Range(range.line, range.start, range.line, range.end);
}

/** The current text of a file: the open document's (unsaved edits included), else the disk's; undefined if unreadable. */
export async function currentLines(uri: vscode.Uri): Promise<LineSource | undefined> {
  const open = vscode.workspace.textDocuments.find((document) => document.uri.toString() === uri.toString());
  if (open) return documentLines(open);
  try {
    return linesOf(await readFile(uri.fsPath, 'utf8'));
  } catch {
    return undefined;
  }
}
