import type { FileHost } from './host';

/** The user's settings for one app: JSON only (next-boundary.config.json or package.json#nextBoundary), never executed. */
export interface BoundaryConfig {
  /** Names of calls that guard by themselves (throw/redirect when there is no user). */
  guards: string[];
  /** Names of wrappers / action clients whose use guards the wrapped function. */
  wrappers: string[];
  /** URL globs (picomatch) whose endpoints are public by design. */
  publicPaths: string[];
  /** File globs (relative to the app root) left out of the scan. */
  exclude: string[];
  /** Options of the editor's quick fixes (the analysis ignores them). `authGuard`: the guard template. */
  fixes?: { authGuard?: string };
}

export interface ConfigProblem {
  file: string;
  message: string;
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string' && item.length > 0) : [];
}

function fromObject(value: unknown): BoundaryConfig | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const record = value as Record<string, unknown>;
  return {
    guards: stringList(record.guards),
    wrappers: stringList(record.wrappers),
    publicPaths: stringList(record.publicPaths),
    exclude: stringList(record.exclude),
    ...fixesOf(record.fixes),
  };
}

function fixesOf(value: unknown): Pick<BoundaryConfig, 'fixes'> {
  const authGuard = value && typeof value === 'object' ? (value as Record<string, unknown>).authGuard : undefined;
  return typeof authGuard === 'string' && authGuard.trim() ? { fixes: { authGuard } } : {};
}

export function mergeConfigs(...configs: (BoundaryConfig | undefined)[]): BoundaryConfig {
  const merged: BoundaryConfig = { guards: [], wrappers: [], publicPaths: [], exclude: [] };
  for (const config of configs) {
    if (!config) continue;
    merged.guards.push(...config.guards);
    merged.wrappers.push(...config.wrappers);
    merged.publicPaths.push(...config.publicPaths);
    merged.exclude.push(...config.exclude);
    // One template: the last config that sets it wins (the editor's setting comes last).
    if (config.fixes?.authGuard) merged.fixes = { authGuard: config.fixes.authGuard };
  }
  return merged;
}

/** Reads the config kept in `dir` (absolute). Problems (bad JSON) are reported, not thrown. */
export function readConfigIn(host: FileHost, dir: string, problems: ConfigProblem[]): BoundaryConfig | undefined {
  const configs: BoundaryConfig[] = [];
  const file = `${dir}/next-boundary.config.json`;
  const text = host.readFile(file);
  if (text !== undefined) {
    try {
      const parsed = fromObject(JSON.parse(text));
      if (parsed) configs.push(parsed);
      else problems.push({ file, message: 'expected a JSON object' });
    } catch (error) {
      problems.push({ file, message: `invalid JSON: ${(error as Error).message}` });
    }
  }
  const packageJson = host.readFile(`${dir}/package.json`);
  if (packageJson !== undefined) {
    try {
      const parsed = fromObject((JSON.parse(packageJson) as Record<string, unknown>).nextBoundary);
      if (parsed) configs.push(parsed);
    } catch {
      // A broken package.json is reported by workspace discovery.
    }
  }
  return configs.length ? mergeConfigs(...configs) : undefined;
}
