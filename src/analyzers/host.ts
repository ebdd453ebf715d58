import * as fs from 'node:fs';

/**
 * Everything the analyzer reads goes through this interface, so the editor can serve unsaved
 * documents and tests can serve in-memory trees. Every method reports absence instead of throwing.
 */
export interface FileHost {
  /** Text of a file, or undefined when it is missing or unreadable. */
  readFile(path: string): string | undefined;
  /** Size in bytes, or undefined when the file is missing. */
  fileSize(path: string): number | undefined;
  fileExists(path: string): boolean;
  directoryExists(path: string): boolean;
  /** Entries of a directory (names only), or [] when unreadable. */
  readDirectory(path: string): { name: string; isDirectory: boolean; isFile: boolean }[];
  realpath?(path: string): string;
}

export const nodeFileHost: FileHost = {
  readFile(path) {
    try {
      return fs.readFileSync(path, 'utf8');
    } catch {
      return undefined;
    }
  },
  fileSize(path) {
    try {
      const stat = fs.statSync(path);
      return stat.isFile() ? stat.size : undefined;
    } catch {
      return undefined;
    }
  },
  fileExists(path) {
    try {
      return fs.statSync(path).isFile();
    } catch {
      return false;
    }
  },
  directoryExists(path) {
    try {
      return fs.statSync(path).isDirectory();
    } catch {
      return false;
    }
  },
  readDirectory(path) {
    try {
      return fs.readdirSync(path, { withFileTypes: true }).map((entry) => ({
        name: entry.name,
        isDirectory: entry.isDirectory(),
        isFile: entry.isFile(),
      }));
    } catch {
      return [];
    }
  },
  realpath(path) {
    try {
      return fs.realpathSync(path);
    } catch {
      return path;
    }
  },
};

/** A host that serves some files from memory (unsaved editor buffers) in front of another host. */
export function overlayHost(base: FileHost, overlay: ReadonlyMap<string, string>): FileHost {
  return {
    ...base,
    readFile: (path) => overlay.get(path) ?? base.readFile(path),
    fileSize: (path) => {
      const text = overlay.get(path);
      return text !== undefined ? Buffer.byteLength(text) : base.fileSize(path);
    },
    fileExists: (path) => overlay.has(path) || base.fileExists(path),
  };
}
