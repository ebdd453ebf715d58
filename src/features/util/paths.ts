import * as vscode from 'vscode';
import type { Location } from '../../analyzers/model';
import { CONFIG_FILE_RE } from '../../analyzers/paths';

/** The service and the model speak absolute POSIX paths; the editor speaks URIs. */
export function posixPath(uri: vscode.Uri): string {
  return uri.fsPath.replace(/\\/g, '/');
}

export function uriOf(folder: string, relative: string): vscode.Uri {
  return vscode.Uri.file(relative === '' ? folder : `${folder}/${relative}`);
}

/** An editor location for a model location (1-based line and column). */
export function locationOf(folder: string, location: Location): vscode.Location {
  const position = new vscode.Position(Math.max(location.line - 1, 0), Math.max((location.column ?? 1) - 1, 0));
  return new vscode.Location(uriOf(folder, location.file), position);
}

/** A link that opens a file at a line from Markdown (hovers, tooltips): `file:///…#L12`. */
export function linkTo(folder: string, location: Location): string {
  return uriOf(folder, location.file)
    .with({ fragment: `L${location.line}${location.column ? `,${location.column}` : ''}` })
    .toString();
}

export const SOURCE_FILE = /\.(ts|tsx|js|jsx|mjs|cjs|mts|cts)$/;
/** Folders whose files never change the model (dependencies, build output, VCS). */
export const IGNORED_PATH = /\/(node_modules|\.next|\.git|\.turbo|\.vercel)\//;

export function isRelevantPath(path: string): boolean {
  return (SOURCE_FILE.test(path) || CONFIG_FILE_RE.test(path)) && !IGNORED_PATH.test(path) && !/\.d\.[mc]?ts$/.test(path);
}

/** The languages the providers attach to, on disk only (the analyzer reads files through node fs). */
export const SOURCE_SELECTOR: vscode.DocumentSelector = ['typescript', 'typescriptreact', 'javascript', 'javascriptreact'].map((language) => ({
  scheme: 'file',
  language,
}));
