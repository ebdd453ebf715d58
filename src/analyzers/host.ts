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
  /**
   * Size and last-modified time in one call, where the host knows them (the disk does; unsaved buffers have no
   * time). A rescan reuses the text it already holds for a file whose size and time have not changed.
   */
  stat?(path: string): { size: number; modifiedMs?: number } | undefined;
  fileExists(path: string): boolean;
  directoryExists(path: string): boolean;
  /** Entries of a directory (names only), or [] when unreadable. */
  readDirectory(path: string): DirectoryEntry[];
  realpath?(path: string): string;
}

export interface DirectoryEntry {
  name: string;
  /** For a symbolic link: what it points to (both false when its target is missing or neither). */
  isDirectory: boolean;
  isFile: boolean;
  isSymbolicLink?: boolean;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
/** Windows-1252 for bytes 0x80–0x9F (Node's TextDecoder treats 'windows-1252' as Latin-1, which has controls there). */
const WINDOWS_1252_HIGH =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

/**
 * Source text from bytes the way an editor would guess it: a UTF-16 byte-order mark is honoured, valid UTF-8 is
 * UTF-8, and anything else is read as Windows-1252 (the usual legacy encoding), which maps every byte to one
 * character so code, lines and columns stay intact where a strict UTF-8 read would turn accented names into errors.
 */
export function decodeSourceText(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  try {
    return utf8.decode(bytes);
  } catch {
    const latin1 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
    return latin1.replace(/[\u0080-\u009f]/g, (char) => WINDOWS_1252_HIGH[char.charCodeAt(0) - 0x80]);
  }
}

export const nodeFileHost: FileHost = {
  readFile(path) {
    try {
      return decodeSourceText(fs.readFileSync(path));
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
  stat(path) {
    try {
      const stat = fs.statSync(path);
      return stat.isFile() ? { size: stat.size, modifiedMs: stat.mtimeMs } : undefined;
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
      return fs.readdirSync(path, { withFileTypes: true }).map((entry) => {
        if (!entry.isSymbolicLink()) return { name: entry.name, isDirectory: entry.isDirectory(), isFile: entry.isFile() };
        // Say where the link leads; the walker decides what to follow (a link to a folder can loop).
        let target: fs.Stats | undefined;
        try {
          target = fs.statSync(`${path}/${entry.name}`);
        } catch {
          target = undefined;
        }
        return { name: entry.name, isDirectory: target?.isDirectory() ?? false, isFile: target?.isFile() ?? false, isSymbolicLink: true };
      });
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

/** Size and modification time through `host.stat`, or the size alone from a host without it. */
export function statOf(host: FileHost, path: string): { size: number; modifiedMs?: number } | undefined {
  if (host.stat) return host.stat(path);
  const size = host.fileSize(path);
  return size === undefined ? undefined : { size };
}

/** A host that serves some files from memory (unsaved editor buffers) in front of another host. */
export function overlayHost(base: FileHost, overlay: ReadonlyMap<string, string>): FileHost {
  return {
    ...base,
    readFile: (path) => overlay.get(path) ?? base.readFile(path),
    fileSize: (path) => {
      const text = overlay.get(path);
      return text !== undefined ? Buffer.byteLength(text) : base.fileSize(path);
    },
    // An unsaved buffer has no modification time: its text is always taken as it is now.
    stat: (path) => {
      const text = overlay.get(path);
      return text !== undefined ? { size: Buffer.byteLength(text) } : statOf(base, path);
    },
    fileExists: (path) => overlay.has(path) || base.fileExists(path),
  };
}
