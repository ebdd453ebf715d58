import ts from 'typescript';
import type { FileHost } from './host';

export interface TsconfigRead {
  /** Absolute path of the app's tsconfig.json (or jsconfig.json), when it has one. */
  path?: string;
  /** What it sets, `extends` included, as far as it could be read. */
  options: ts.CompilerOptions;
  /** Why some of it could not be used (syntax error, `extends` missing or circular), paths relative to the scan root. */
  problems: string[];
}

/**
 * Diagnostics that mean settings were lost. Unknown options, bad option values and "no inputs" (the file list is
 * never enumerated) do not change how imports resolve, so they are not worth a word.
 */
const LOST_SETTINGS_CODES = new Set([
  5083, // Cannot read file (an `extends` target)
  6053, // File not found (an `extends` package)
  18000, // Circularity detected while resolving configuration
  5092, // The root value of a tsconfig.json file must be an object
]);

function isSyntaxError(diagnostic: ts.Diagnostic): boolean {
  return diagnostic.code >= 1000 && diagnostic.code < 2000;
}

/** Reads the tsconfig/jsconfig of the app at `appRoot` (absolute) without executing or enumerating anything. */
export function readTsconfig(host: FileHost, appRoot: string, scanRoot: string): TsconfigRead {
  const path = ['tsconfig.json', 'jsconfig.json'].map((name) => `${appRoot}/${name}`).find((candidate) => host.fileExists(candidate));
  if (!path) return { options: {}, problems: [] };
  const read = ts.readConfigFile(path, (file) => host.readFile(file));
  const parseHost: ts.ParseConfigHost = {
    useCaseSensitiveFileNames: true,
    // The file list is not needed: never enumerate the tree here.
    readDirectory: () => [],
    fileExists: (file) => host.fileExists(file),
    readFile: (file) => host.readFile(file),
  };
  const parsed = ts.parseJsonConfigFileContent(read.config ?? {}, parseHost, appRoot, undefined, path);
  const display = (text: string) => text.split(`${scanRoot}/`).join('');
  const problems: string[] = [];
  const filesWithSyntaxErrors = new Set<string>();
  for (const diagnostic of [...(read.error ? [read.error] : []), ...parsed.errors]) {
    const message = display(ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ')).replace(/\.$/, '');
    if (isSyntaxError(diagnostic)) {
      // The first error of a file says enough: the ones after it usually follow from it.
      const file = diagnostic.file?.fileName ?? path;
      if (filesWithSyntaxErrors.has(file)) continue;
      filesWithSyntaxErrors.add(file);
      const line = diagnostic.file && diagnostic.start !== undefined ? diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start).line + 1 : 1;
      problems.push(`syntax error in ${display(file)} at line ${line}: ${message}`);
    } else if (LOST_SETTINGS_CODES.has(diagnostic.code)) {
      problems.push(diagnostic.code === 5083 || diagnostic.code === 6053 ? `"extends" not followed: ${message}` : message);
    }
  }
  return { path, options: parsed.options, problems: [...new Set(problems)] };
}
