import type { FileHost } from './host';
import type { Signal } from './model';

/** What an app's manifests say that the pitfall rules need: its Next.js version, its action body limit, URLs in its config. */
export interface AppSettings {
  nextVersion?: string;
  serverActionsBodySizeLimit?: string;
  /** URL paths named in vercel.json (cron paths, rewrite destinations), where they are written. */
  configUrls: ConfigUrl[];
}

export interface ConfigUrl extends Signal {
  path: string;
  /** A Vercel Cron's path: the scheduler calls it with GET. */
  cron?: true;
}

const NEXT_CONFIG_FILES = ['next.config.js', 'next.config.mjs', 'next.config.cjs', 'next.config.ts', 'next.config.mts'];
/**
 * `serverActions: { bodySizeLimit: '4mb' }` (Next 14+) or `serverActionsBodySizeLimit: '4mb'` (13.4), as written; never
 * evaluated (`4 * 1024 * 1024` stays text).
 */
const BODY_SIZE_LIMIT_RE = /\b(?:bodySizeLimit|serverActionsBodySizeLimit)\s*:\s*(?:(['"`])([^'"`]+)\1|([^,}\n]+))/;

function joinPath(...parts: string[]): string {
  return parts.filter(Boolean).join('/');
}

/**
 * Reads the settings of the app at `appRoot` (relative to `root`). JSON and config text are read, never executed:
 * a computed `bodySizeLimit` still counts as set.
 */
export function readAppSettings(host: FileHost, root: string, appRoot: string, packageJson: Record<string, unknown> | undefined): AppSettings {
  const settings: AppSettings = { configUrls: [] };
  for (const key of ['dependencies', 'devDependencies', 'peerDependencies']) {
    const deps = packageJson?.[key];
    if (deps && typeof deps === 'object' && typeof (deps as Record<string, unknown>).next === 'string') {
      settings.nextVersion = (deps as Record<string, string>).next;
      break;
    }
  }
  for (const name of NEXT_CONFIG_FILES) {
    const text = host.readFile(joinPath(root, appRoot, name));
    if (text === undefined) continue;
    const match = BODY_SIZE_LIMIT_RE.exec(text);
    if (match) settings.serverActionsBodySizeLimit = (match[2] ?? match[3]).trim();
    break;
  }
  const vercelFile = joinPath(appRoot, 'vercel.json');
  const vercelText = host.readFile(joinPath(root, vercelFile));
  if (vercelText !== undefined) {
    try {
      const vercel = JSON.parse(vercelText) as { crons?: { path?: unknown }[]; rewrites?: { destination?: unknown }[] };
      const paths = [...(vercel.crons ?? []).map((item) => ({ path: item.path, cron: true })), ...(vercel.rewrites ?? []).map((item) => ({ path: item.destination, cron: false }))];
      for (const { path, cron } of paths) {
        if (typeof path !== 'string' || !path.startsWith('/')) continue;
        const index = vercelText.indexOf(JSON.stringify(path));
        const line = index < 0 ? 1 : vercelText.slice(0, index).split('\n').length;
        settings.configUrls.push({ file: vercelFile, line, message: cron ? `vercel.json runs a cron on ${path}` : `vercel.json names ${path}`, path: path.split('?')[0], ...(cron && { cron: true as const }) });
      }
    } catch {
      // Not JSON: nothing to read (the deploy would fail on it anyway).
    }
  }
  return settings;
}

/** `^15.1.0`, `~14.2.3`, `15.0.0-canary.1` → 15; `latest`, `workspace:*`, `catalog:` → undefined. */
export function majorVersion(range: string | undefined): number | undefined {
  const match = range ? /(\d+)(?:\.\d+)?/.exec(range) : null;
  return match ? Number(match[1]) : undefined;
}
