/** An in-memory FileHost over a fixture app, so fuzzed texts never touch the disk and every run starts clean. */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { FileHost } from '../../src/analyzers';

export class MemoryHost implements FileHost {
  private readonly files = new Map<string, string>();
  private readonly directories = new Map<string, Set<string>>();

  /** `files`: absolute POSIX path → text. */
  constructor(files: ReadonlyMap<string, string>) {
    for (const [path, text] of files) this.write(path, text);
  }

  /** Every file of a directory on disk (recursively), rooted at `virtualRoot` in memory. */
  static fromDirectory(dir: string, virtualRoot: string): MemoryHost {
    const files = new Map<string, string>();
    const walk = (relative: string): void => {
      for (const entry of readdirSync(join(dir, relative), { withFileTypes: true })) {
        const child = relative ? `${relative}/${entry.name}` : entry.name;
        if (entry.isDirectory()) walk(child);
        else if (entry.isFile()) files.set(`${virtualRoot}/${child}`, readFileSync(join(dir, child), 'utf8'));
      }
    };
    walk('');
    return new MemoryHost(files);
  }

  /** Absolute paths of every file. */
  paths(): string[] {
    return [...this.files.keys()].sort();
  }

  snapshot(): Map<string, string> {
    return new Map(this.files);
  }

  write(path: string, text: string): void {
    this.files.set(path, text);
    let child = path;
    for (let parent = parentOf(child); parent !== undefined; child = parent, parent = parentOf(parent)) {
      let entries = this.directories.get(parent);
      if (!entries) this.directories.set(parent, (entries = new Set()));
      entries.add(child.slice(child.lastIndexOf('/') + 1));
    }
  }

  /** Removes a file; its folders stay, as on a disk. */
  delete(path: string): void {
    this.files.delete(path);
    const parent = parentOf(path);
    if (parent !== undefined) this.directories.get(parent)?.delete(path.slice(path.lastIndexOf('/') + 1));
  }

  readFile(path: string): string | undefined {
    return this.files.get(path);
  }

  fileSize(path: string): number | undefined {
    const text = this.files.get(path);
    return text === undefined ? undefined : Buffer.byteLength(text);
  }

  fileExists(path: string): boolean {
    return this.files.has(path);
  }

  directoryExists(path: string): boolean {
    return this.directories.has(path);
  }

  readDirectory(path: string): { name: string; isDirectory: boolean; isFile: boolean }[] {
    return [...(this.directories.get(path) ?? [])].sort().map((name) => {
      const child = path === '/' ? `/${name}` : `${path}/${name}`;
      return { name, isDirectory: this.directories.has(child), isFile: this.files.has(child) };
    });
  }

  realpath(path: string): string {
    return path;
  }
}

function parentOf(path: string): string | undefined {
  const index = path.lastIndexOf('/');
  if (index <= 0) return index === 0 && path.length > 1 ? '/' : undefined;
  return path.slice(0, index);
}
