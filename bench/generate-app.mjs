// Writes a deterministic, synthetic Next.js App Router app for the scan benchmark.
//
//   node bench/generate-app.mjs [--files 4000] [--seed 1] [--out .bench/app-4000] [--force]
//
// The same (files, seed, GENERATOR_VERSION) always yields byte-identical output. The app is
// written next to a stamp file (<out>.stamp.json, outside the app so no scanner sees it) that
// holds the version, the options and what was generated (counts of actions, route handlers, …);
// `ensureApp` regenerates only when the stamp is missing or differs.
//
// Shape at the default 4,000 source files (everything scales with --files):
//   root        package.json (next …), next.config.mjs, tsconfig.json (@/* paths), middleware.ts,
//               tailwind/postcss configs, next-env.d.ts, a few scripts/*.mjs
//   lib/        auth.ts (NextAuth auth(), requireUser(), requireAdmin(), verifyApiKey()), db.ts,
//               safe-action.ts (actionClient, authActionClient = actionClient.use(…)), webhooks,
//               ~100 DAL files, ~120 utilities (a few legacy .js)
//   actions     ~120 'use server' files, 3-6 actions each: guarded by auth(), by requireUser(),
//               by the safe-action auth client, public safe actions, unguarded, identity read but
//               unchecked, read-only; ~70% of mutating ones revalidate or redirect; ~25% unused
//   app/api/**  ~250 route.ts: CRUD with [id] segments, v1 API-key routes, webhooks (most verify
//               a signature, some do not), cron (shared secret), public GETs, NextAuth catch-all
//   app/**      ~300 route segments over (groups) and [param] dirs, ~600 page/layout/loading/error
//               files, a few with inline 'use server' actions
//   components/ ~2,600 files; ~40% 'use client', some of which call actions (form action,
//               formAction, useActionState, startTransition, onClick, useAction) or the API
//               (fetch, useSWR); ~1% .jsx
//   hooks/, types/ the rest
//   packages/   workspace packages read from source, as monorepos have them (root package.json
//               "workspaces"): @bench/db (lib/db.ts re-exports it, so every action reaches it),
//               @bench/utils (every action file imports from it) and @bench/ui (a UI kit some
//               components import): each an index of `export *` from group indexes of `export *`
//   actions/    `export *` barrels over the action files (index → per entity → action files); about
//               half of the components that call an action import it through actions/index.ts
//   mentions    ~10% of the other components name an action in a list of tracked events without
//               importing it: they pass the text test for callers and are parsed for nothing
// Files are 30-200 lines, ~6% are 250-900 lines.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const GENERATOR_VERSION = 6;
export const DEFAULT_FILES = 4000;
export const DEFAULT_SEED = 1;
export const MIN_FILES = 200;

// ---------------------------------------------------------------------------------------------
// Small deterministic helpers

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Random {
  constructor(seed) {
    this.next = mulberry32(seed);
  }
  int(min, max) {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p) {
    return this.next() < p;
  }
  pick(list) {
    return list[Math.floor(this.next() * list.length)];
  }
  /** Picks by weight: entries are [value, weight]. */
  weighted(entries) {
    const total = entries.reduce((sum, [, w]) => sum + w, 0);
    let r = this.next() * total;
    for (const [value, w] of entries) {
      r -= w;
      if (r < 0) return value;
    }
    return entries[entries.length - 1][0];
  }
  sample(list, n) {
    const copy = [...list];
    this.shuffle(copy);
    return copy.slice(0, Math.min(n, copy.length));
  }
  shuffle(list) {
    for (let i = list.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [list[i], list[j]] = [list[j], list[i]];
    }
    return list;
  }
  /** Line count of a file: mostly 30-200 (skewed small), sometimes 250-900. */
  lines() {
    if (this.chance(0.06)) return this.int(250, 900);
    return 30 + Math.floor(Math.pow(this.next(), 1.5) * 170);
  }
}

const camel = (kebab) => kebab.replace(/-([a-z0-9])/g, (_, c) => c.toUpperCase());
const pascal = (kebab) => {
  const c = camel(kebab);
  return c.charAt(0).toUpperCase() + c.slice(1);
};
const plural = (word) => {
  const numbered = /^(.*?)(-\d+)$/.exec(word);
  if (numbered) return plural(numbered[1]) + numbered[2];
  if (/[^aeiou]y$/.test(word)) return word.slice(0, -1) + 'ies';
  if (/(s|x|ch|sh)$/.test(word)) return word + 'es';
  return word + 's';
};
const titleCase = (kebab) =>
  kebab
    .split('-')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join(' ');
/** URL path of an app-dir segment: route groups vanish. */
const urlOf = (segment) => '/' + segment.split('/').filter((p) => p && !p.startsWith('(')).join('/');

// ---------------------------------------------------------------------------------------------
// Vocabulary

const BASE_ENTITIES = [
  'project', 'task', 'invoice', 'customer', 'team', 'member', 'comment', 'document', 'report', 'order',
  'product', 'subscription', 'payment', 'workspace', 'label', 'milestone', 'ticket', 'article', 'category',
  'tag', 'notification', 'integration', 'api-key', 'audit-log', 'file', 'folder', 'message', 'channel',
  'event', 'booking', 'lead', 'deal', 'campaign', 'coupon', 'shipment', 'warehouse', 'supplier', 'review',
  'survey', 'contract',
];
const GROUP_OF = ['(dashboard)', '(dashboard)', '(dashboard)', '(admin)', '(shop)', '(dashboard)', '(app)'];
const SUB_PAGES = ['settings', 'activity', 'analytics', 'history', 'members', 'billing', 'export', 'sharing'];
const API_SUB = ['archive', 'duplicate', 'export', 'restore', 'publish', 'stats', 'attachments', 'share'];
const WEBHOOK_PROVIDERS = ['stripe', 'github', 'clerk', 'resend', 'shopify', 'slack', 'twilio', 'linear', 'vercel', 'paddle', 'lemonsqueezy', 'sendgrid'];
const CRON_JOBS = ['cleanup-sessions', 'send-digests', 'sync-usage', 'expire-trials', 'rebuild-search', 'rotate-keys'];
const UI_BASE = [
  'button', 'card', 'dialog', 'input', 'label', 'select', 'textarea', 'badge', 'avatar', 'tabs', 'tooltip',
  'popover', 'dropdown-menu', 'table', 'skeleton', 'separator', 'sheet', 'switch', 'checkbox', 'radio-group',
  'alert', 'alert-dialog', 'toast', 'progress', 'scroll-area', 'command', 'calendar', 'breadcrumb', 'pagination',
  'accordion', 'collapsible', 'form', 'hover-card', 'menubar', 'slider', 'toggle', 'toggle-group', 'sonner',
  'chart', 'carousel',
];
const COMPONENT_KINDS = [
  'list', 'table', 'card', 'form', 'dialog', 'header', 'row', 'filters', 'empty-state', 'skeleton', 'actions-menu',
  'detail', 'stats', 'chart', 'sidebar', 'badge', 'toolbar', 'search', 'pagination', 'settings-form', 'delete-button',
  'create-button', 'status-select', 'timeline', 'summary', 'preview', 'picker', 'breadcrumbs', 'tabs', 'banner',
  'import-dialog', 'export-menu', 'bulk-actions', 'sort-menu', 'column-toggle', 'inline-edit', 'share-dialog',
  'avatar-stack', 'progress', 'grid', 'kanban', 'calendar-view', 'activity-feed', 'quick-actions', 'overview',
  'metrics', 'insights', 'tooltip', 'wizard', 'stepper', 'invite-form', 'permissions', 'notes', 'attachments',
  'tag-input', 'assignee-select', 'date-range', 'filters-bar', 'context-menu', 'drawer', 'card-compact',
];
const UTIL_NAMES = [
  'format', 'dates', 'currency', 'strings', 'arrays', 'objects', 'validation', 'slug', 'colors', 'errors',
  'pagination', 'sorting', 'search', 'csv', 'urls', 'numbers', 'env', 'logger', 'retry', 'cache-keys', 'timezones',
  'permissions', 'feature-flags', 'analytics', 'storage', 'queue', 'rate-limit', 'crypto', 'markdown', 'i18n',
];
const HOOK_NAMES = [
  'debounce', 'media-query', 'local-storage', 'copy-to-clipboard', 'interval', 'on-click-outside', 'previous',
  'toggle', 'mounted', 'hotkeys', 'pagination', 'selection', 'sort', 'filters', 'infinite-scroll', 'online-status',
];
const FIELDS = [
  ['name', 'string'], ['title', 'string'], ['slug', 'string'], ['description', 'string | null'],
  ['status', "'draft' | 'active' | 'archived'"], ['createdAt', 'Date'], ['updatedAt', 'Date'],
  ['ownerId', 'string'], ['teamId', 'string'], ['tags', 'string[]'], ['count', 'number'],
  ['priority', '1 | 2 | 3 | 4'], ['amountCents', 'number'], ['currency', "'usd' | 'eur' | 'gbp'"],
  ['isPinned', 'boolean'], ['metadata', 'Record<string, unknown>'], ['dueAt', 'Date | null'],
  ['position', 'number'], ['color', 'string'], ['email', 'string'], ['url', 'string | null'],
];
const CLASSES = [
  'flex items-center gap-2', 'grid gap-4 md:grid-cols-2', 'space-y-4', 'text-sm text-muted-foreground',
  'rounded-lg border p-4', 'font-medium', 'flex flex-col gap-1', 'mt-6', 'truncate', 'text-lg font-semibold',
  'w-full', 'ml-auto flex items-center gap-1', 'divide-y', 'px-4 py-2', 'hidden md:block', 'h-4 w-4',
  'container mx-auto max-w-5xl py-8', 'text-xs uppercase tracking-wide', 'shadow-sm', 'bg-muted/50',
];
const WORDS = [
  'Overview', 'Recent activity', 'No results yet', 'Save changes', 'Cancel', 'Manage', 'Details', 'Settings',
  'Created', 'Updated', 'Owner', 'Status', 'Actions', 'Filter', 'Search…', 'Load more', 'Archive', 'Share',
];

// ---------------------------------------------------------------------------------------------
// A file under construction: imports are collected while the body is built, then emitted first.

class SourceBuilder {
  constructor(rel, rng) {
    this.rel = rel;
    this.rng = rng;
    this.directive = null;
    this.imports = new Map(); // module -> { default, named:Set, types:Set, sideEffect }
    this.body = []; // blocks of lines, in order
    this.tail = []; // main export(s), after filler
    this.used = new Set();
    this.tsx = rel.endsWith('.tsx') || rel.endsWith('.jsx');
    this.typed = rel.endsWith('.ts') || rel.endsWith('.tsx');
  }
  id(base) {
    let name = base;
    for (let i = 2; this.used.has(name); i++) name = `${base}${i}`;
    this.used.add(name);
    return name;
  }
  entry(mod) {
    let e = this.imports.get(mod);
    if (!e) {
      e = { default: null, named: new Set(), types: new Set(), sideEffect: false };
      this.imports.set(mod, e);
    }
    return e;
  }
  named(mod, ...names) {
    const e = this.entry(mod);
    for (const n of names) {
      e.named.add(n);
      this.used.add(n.split(' as ').pop());
    }
    return this;
  }
  type(mod, ...names) {
    if (!this.typed) return this;
    const e = this.entry(mod);
    for (const n of names) {
      e.types.add(n);
      this.used.add(n);
    }
    return this;
  }
  def(mod, name) {
    this.entry(mod).default = name;
    this.used.add(name);
    return this;
  }
  side(mod) {
    this.entry(mod).sideEffect = true;
    return this;
  }
  lineCount() {
    let n = (this.directive ? 2 : 0) + this.imports.size + 1;
    for (const block of this.body) n += block.length + 1;
    for (const block of this.tail) n += block.length + 1;
    return n;
  }
  render() {
    const out = [];
    if (this.directive) out.push(`'${this.directive}';`, '');
    const mods = [...this.imports.keys()].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
    for (const mod of mods) {
      const e = this.imports.get(mod);
      if (e.sideEffect && !e.default && e.named.size === 0 && e.types.size === 0) {
        out.push(`import '${mod}';`);
        continue;
      }
      const parts = [];
      if (e.default?.startsWith('* as ') && (e.named.size || e.types.size)) out.push(`import ${e.default} from '${mod}';`);
      else if (e.default) parts.push(e.default);
      const named = [...e.named].sort();
      const onlyTypes = parts.length === 0 && named.length === 0;
      if (onlyTypes) {
        out.push(`import type { ${[...e.types].sort().join(', ')} } from '${mod}';`);
        continue;
      }
      const all = [...named, ...[...e.types].sort().map((t) => `type ${t}`)];
      if (all.length) parts.push(`{ ${all.join(', ')} }`);
      out.push(`import ${parts.join(', ')} from '${mod}';`);
    }
    if (mods.length) out.push('');
    for (const block of [...this.body, ...this.tail]) out.push(...block, '');
    return out.join('\n');
  }
}

function rank(mod) {
  if (mod === 'server-only') return 0;
  if (mod.startsWith('node:')) return 1;
  if (mod.startsWith('@/')) return 3;
  if (mod.startsWith('.')) return 4;
  return 2;
}

// ---------------------------------------------------------------------------------------------
// Filler: plausible code blocks (types, helpers, constants, sub-components) to reach a file size.

function fieldsFor(rng, n) {
  return [['id', 'string'], ...rng.sample(FIELDS, n)];
}

function fillerInterface(f, ent) {
  const name = f.id(`${pascal(ent)}${f.rng.pick(['Row', 'Summary', 'Input', 'View', 'Filters', 'Options', 'Snapshot', 'Payload'])}`);
  if (!f.typed) return { lines: [`/** @typedef {{ id: string, name: string }} ${name} */`], type: null };
  const lines = [`${f.rng.chance(0.4) ? 'export ' : ''}interface ${name} {`];
  for (const [field, type] of fieldsFor(f.rng, f.rng.int(3, 9))) lines.push(`  ${field}${f.rng.chance(0.2) ? '?' : ''}: ${type};`);
  lines.push('}');
  return { lines, type: name };
}

function fillerConstMap(f) {
  const name = f.id(f.rng.pick(['statusLabels', 'toneByStatus', 'iconNames', 'sortLabels', 'defaultCopy', 'emptyMessages']));
  const ann = f.typed ? ': Record<string, string>' : '';
  const lines = [`const ${name}${ann} = {`];
  for (const key of f.rng.sample(['draft', 'active', 'archived', 'pending', 'failed', 'done', 'blocked', 'review', 'scheduled', 'cancelled'], f.rng.int(3, 8)))
    lines.push(`  ${key}: '${f.rng.pick(WORDS)}',`);
  lines.push('};');
  return lines;
}

function fillerRecords(f) {
  const name = f.id(f.rng.pick(['defaultColumns', 'presets', 'fixtures', 'menuItems', 'navItems', 'plans']));
  const lines = [`const ${name} = [`];
  const n = f.rng.int(3, 10);
  for (let i = 0; i < n; i++)
    lines.push(`  { id: '${name.slice(0, 3)}-${i}', label: '${f.rng.pick(WORDS)}', weight: ${f.rng.int(1, 99)}, enabled: ${f.rng.chance(0.7)} },`);
  lines.push(f.typed ? '] as const;' : '];');
  return lines;
}

function fillerFunction(f, ent) {
  const T = f.typed;
  const need = () => {
    if (T && !f.used.has(`${pascal(ent)}Like`)) {
      f.used.add(`${pascal(ent)}Like`);
      f.body.unshift([`type ${pascal(ent)}Like = { id: string; name: string; status: string; createdAt: Date; count: number };`]);
    }
  };
  const kind = f.rng.int(0, 7);
  const P = pascal(ent);
  switch (kind) {
    case 0: {
      need();
      const name = f.id(`filter${P}s`);
      return [
        `function ${name}(items${T ? `: ${P}Like[]` : ''}, query${T ? ': string' : ''})${T ? `: ${P}Like[]` : ''} {`,
        '  const needle = query.trim().toLowerCase();',
        '  if (!needle) {',
        '    return items;',
        '  }',
        '  return items.filter((item) => {',
        '    const haystack = [item.name, item.status].join(" ").toLowerCase();',
        '    return haystack.includes(needle);',
        '  });',
        '}',
      ];
    }
    case 1: {
      need();
      const name = f.id(`group${P}sByStatus`);
      return [
        `function ${name}(items${T ? `: ${P}Like[]` : ''})${T ? `: Map<string, ${P}Like[]>` : ''} {`,
        `  const groups = new Map${T ? `<string, ${P}Like[]>` : ''}();`,
        '  for (const item of items) {',
        '    const list = groups.get(item.status) ?? [];',
        '    list.push(item);',
        '    groups.set(item.status, list);',
        '  }',
        '  return groups;',
        '}',
      ];
    }
    case 2: {
      const name = f.id('formatRelative');
      return [
        `function ${name}(date${T ? ': Date' : ''}, now${T ? ': Date' : ''} = new Date())${T ? ': string' : ''} {`,
        '  const seconds = Math.round((now.getTime() - date.getTime()) / 1000);',
        '  if (seconds < 60) return "just now";',
        '  const minutes = Math.round(seconds / 60);',
        '  if (minutes < 60) return `${minutes}m ago`;',
        '  const hours = Math.round(minutes / 60);',
        '  if (hours < 24) return `${hours}h ago`;',
        '  const days = Math.round(hours / 24);',
        '  return days === 1 ? "yesterday" : `${days}d ago`;',
        '}',
      ];
    }
    case 3: {
      const name = f.id('toneFor');
      return [
        `function ${name}(status${T ? ': string' : ''})${T ? ": 'default' | 'secondary' | 'destructive' | 'outline'" : ''} {`,
        '  switch (status) {',
        "    case 'active':",
        "      return 'default';",
        "    case 'archived':",
        "    case 'cancelled':",
        "      return 'secondary';",
        "    case 'failed':",
        "      return 'destructive';",
        '    default:',
        "      return 'outline';",
        '  }',
        '}',
      ];
    }
    case 4: {
      need();
      const name = f.id(`sort${P}s`);
      return [
        `function ${name}(items${T ? `: readonly ${P}Like[]` : ''}, key${T ? ": 'name' | 'createdAt' | 'count'" : ''}, dir${T ? ": 'asc' | 'desc'" : ''} = 'asc') {`,
        '  const factor = dir === "asc" ? 1 : -1;',
        '  return [...items].sort((a, b) => {',
        '    const left = a[key];',
        '    const right = b[key];',
        '    if (left instanceof Date && right instanceof Date) {',
        '      return (left.getTime() - right.getTime()) * factor;',
        '    }',
        '    return String(left).localeCompare(String(right)) * factor;',
        '  });',
        '}',
      ];
    }
    case 5: {
      const name = f.id('paginate');
      const g = T ? '<T>' : '';
      return [
        `function ${name}${g}(items${T ? ': T[]' : ''}, page${T ? ': number' : ''}, perPage${T ? ': number' : ''} = 20) {`,
        '  const total = items.length;',
        '  const pages = Math.max(1, Math.ceil(total / perPage));',
        '  const current = Math.min(Math.max(1, page), pages);',
        '  const start = (current - 1) * perPage;',
        '  return {',
        '    items: items.slice(start, start + perPage),',
        '    page: current,',
        '    pages,',
        '    total,',
        '    hasNext: current < pages,',
        '    hasPrevious: current > 1,',
        '  };',
        '}',
      ];
    }
    case 6: {
      const name = f.id('slugify');
      return [
        `function ${name}(input${T ? ': string' : ''})${T ? ': string' : ''} {`,
        '  return input',
        '    .normalize("NFKD")',
        '    .replace(/[\\u0300-\\u036f]/g, "")',
        '    .toLowerCase()',
        '    .replace(/[^a-z0-9]+/g, "-")',
        '    .replace(/^-+|-+$/g, "")',
        '    .slice(0, 64);',
        '}',
      ];
    }
    default: {
      const name = f.id('summarize');
      return [
        `function ${name}(values${T ? ': number[]' : ''}) {`,
        '  let total = 0;',
        '  let max = Number.NEGATIVE_INFINITY;',
        '  let min = Number.POSITIVE_INFINITY;',
        '  for (const value of values) {',
        '    total += value;',
        '    if (value > max) max = value;',
        '    if (value < min) min = value;',
        '  }',
        '  const mean = values.length ? total / values.length : 0;',
        '  return { total, max, min, mean: Math.round(mean * 100) / 100 };',
        '}',
      ];
    }
  }
}

function fillerZod(f, ent) {
  f.named('zod', 'z');
  const name = f.id(`${camel(ent)}${f.rng.pick(['Filters', 'Patch', 'Query', 'Import', 'Settings'])}Schema`);
  const lines = [`const ${name} = z.object({`];
  for (const [field, type] of fieldsFor(f.rng, f.rng.int(2, 7))) {
    let z = 'z.string()';
    if (type === 'number' || type.startsWith('1 |')) z = 'z.coerce.number().int().min(0)';
    else if (type === 'boolean') z = 'z.coerce.boolean()';
    else if (type.startsWith('Date')) z = 'z.coerce.date()';
    else if (type === 'string[]') z = 'z.array(z.string()).max(20)';
    else if (type.startsWith("'")) z = `z.enum([${type.split(' | ').join(', ')}])`;
    else if (type.startsWith('Record')) z = 'z.record(z.string(), z.unknown())';
    else if (field === 'email') z = 'z.string().email()';
    else z = `z.string().min(1).max(${f.rng.pick([64, 120, 255, 2000])})`;
    lines.push(`  ${field}: ${z}${f.rng.chance(0.25) ? '.optional()' : ''},`);
  }
  lines.push('});');
  if (f.typed && f.rng.chance(0.5)) lines.push(`type ${pascal(name)} = z.infer<typeof ${name}>;`);
  return lines;
}

function fillerClass(f, ent) {
  const T = f.typed;
  const name = f.id(`${pascal(ent)}${f.rng.pick(['Cache', 'Buffer', 'Tracker', 'Registry'])}`);
  return [
    `class ${name} {`,
    `  ${T ? 'private readonly ' : '#'}entries = new Map${T ? '<string, { value: unknown; at: number }>' : ''}();`,
    '',
    `  constructor(${T ? 'private readonly ' : ''}ttlMs${T ? ': number' : ''} = 60_000) {${T ? '}' : ''}`,
    ...(T ? [] : ['    this.ttlMs = ttlMs;', '  }']),
    '',
    `  get(key${T ? ': string' : ''}) {`,
    `    const hit = this.${T ? '' : '#'}entries.get(key);`,
    '    if (!hit || Date.now() - hit.at > this.ttlMs) return undefined;',
    '    return hit.value;',
    '  }',
    '',
    `  set(key${T ? ': string' : ''}, value${T ? ': unknown' : ''}) {`,
    `    this.${T ? '' : '#'}entries.set(key, { value, at: Date.now() });`,
    '  }',
    '}',
  ];
}

/** Emits a JSX tree (array of lines) at the given indent; `scope` names the object in scope. */
function jsx(f, depth, indent, scope, elementOnly = true) {
  const pad = ' '.repeat(indent);
  const rng = f.rng;
  const cls = () => (rng.chance(0.8) ? ` className="${rng.pick(CLASSES)}"` : '');
  if (depth <= 0 || rng.chance(0.2)) {
    const leaf = rng.int(0, 5);
    if (leaf === 0 && f.ui.length) {
      const ui = rng.pick(f.ui);
      f.named(ui.path, ui.name);
      return [`${pad}<${ui.name}${rng.chance(0.5) ? ` variant="${rng.pick(['outline', 'ghost', 'secondary'])}"` : ''}>${rng.pick(WORDS)}</${ui.name}>`];
    }
    if (leaf === 1) return [`${pad}<span${cls()}>{${scope}.name}</span>`];
    if (leaf === 2) return [`${pad}<p${cls()}>${rng.pick(WORDS)}</p>`];
    if (leaf === 3 && !elementOnly) return [`${pad}{${scope}.count > 0 ? <strong>{${scope}.count}</strong> : <em>${rng.pick(WORDS)}</em>}`];
    const t = rng.pick(['span', 'small', 'dd']);
    return [`${pad}<${t}${cls()}>${rng.pick(WORDS)}</${t}>`];
  }
  const tag = rng.pick(['div', 'section', 'header', 'footer', 'div', 'ul', 'dl', 'nav']);
  const lines = [`${pad}<${tag}${cls()}>`];
  const kids = rng.int(1, 4);
  for (let i = 0; i < kids; i++) {
    if (tag === 'ul' || (rng.chance(0.15) && depth > 1)) {
      lines.push(`${pad}  {${scope}.tags.map((tag) => (`);
      lines.push(`${pad}    <li key={tag}${cls()}>`);
      lines.push(`${pad}      {tag}`);
      lines.push(`${pad}    </li>`);
      lines.push(`${pad}  ))}`);
      if (tag === 'ul') break;
    } else if (rng.chance(0.15)) {
      lines.push(`${pad}  {${scope}.status === '${rng.pick(['active', 'draft', 'archived'])}' && (`);
      lines.push(...jsx(f, depth - 1, indent + 4, scope));
      lines.push(`${pad}  )}`);
    } else {
      lines.push(...jsx(f, depth - 1, indent + 2, scope, false));
    }
  }
  lines.push(`${pad}</${tag}>`);
  return lines;
}

function fillerSubComponent(f, ent) {
  const P = pascal(ent);
  const name = f.id(`${P}${f.rng.pick(['Row', 'Cell', 'Meta', 'Item', 'Section', 'Footer', 'Panel', 'Block'])}`);
  const props = f.typed ? `: { item: { id: string; name: string; status: string; count: number; tags: string[] } }` : '';
  return [`function ${name}({ item }${props}) {`, '  return (', ...jsx(f, f.rng.int(1, 3), 4, 'item'), '  );', '}'];
}

/** Pads a file with filler blocks until it reaches `target` lines. */
function fill(f, ent, target, { zod = true, jsxOk = f.tsx, classes = true } = {}) {
  let guard = 0;
  while (f.lineCount() < target && guard++ < 400) {
    const choice = f.rng.weighted([
      ['interface', f.typed ? 3 : 0],
      ['map', 1],
      ['records', 1],
      ['function', 3],
      ['zod', zod ? 1.5 : 0],
      ['class', classes ? 0.3 : 0],
      ['jsx', jsxOk ? 4 : 0],
    ]);
    if (choice === 'interface') f.body.push(fillerInterface(f, ent).lines);
    else if (choice === 'map') f.body.push(fillerConstMap(f));
    else if (choice === 'records') f.body.push(fillerRecords(f));
    else if (choice === 'function') f.body.push(fillerFunction(f, ent));
    else if (choice === 'zod') f.body.push(fillerZod(f, ent));
    else if (choice === 'class') f.body.push(fillerClass(f, ent));
    else f.body.push(fillerSubComponent(f, ent));
  }
}

// ---------------------------------------------------------------------------------------------
// The app model: plan first (names, paths, who calls what), then write.

function planEntities(count) {
  const list = [];
  for (let round = 0; list.length < count; round++)
    for (const base of BASE_ENTITIES) {
      if (list.length >= count) break;
      list.push(round === 0 ? base : `${base}-${round + 1}`);
    }
  return list;
}

export function generateApp(outDir, { files = DEFAULT_FILES, seed = DEFAULT_SEED } = {}) {
  if (!Number.isInteger(files) || files < MIN_FILES) throw new Error(`files: want a whole number ≥ ${MIN_FILES}, got ${files}`);
  if (!Number.isInteger(seed)) throw new Error(`seed: want a whole number, got ${seed}`);
  const rng = new Random(seed * 7919 + files);
  const scale = files / DEFAULT_FILES;
  const n = (x) => Math.max(1, Math.round(x * scale));
  const written = new Map(); // rel -> content
  const counts = { source: 0, actionFiles: 0, actions: 0, actionsUnusedPlanned: 0, inlineActions: 0, routeFiles: 0, routeHandlers: 0, webhooks: 0, pages: 0, segments: 0, components: 0, clientComponents: 0 };
  const write = (rel, text) => {
    if (written.has(rel)) throw new Error(`generator wrote ${rel} twice`);
    written.set(rel, text.endsWith('\n') ? text : text + '\n');
    if (/\.(ts|tsx|js|jsx|mjs)$/.test(rel)) counts.source++;
  };
  const builder = (rel) => {
    const b = new SourceBuilder(rel, rng);
    b.ui = [];
    return b;
  };
  const emit = (b) => write(b.rel, b.render());

  const entities = planEntities(Math.max(40, Math.ceil(40 * scale)));
  const groupOf = (ent) => GROUP_OF[entities.indexOf(ent) % GROUP_OF.length];

  // --- root config ----------------------------------------------------------------------------
  write('package.json', JSON.stringify({
    name: 'bench-app', version: '0.1.0', private: true, workspaces: ['packages/*'],
    scripts: { dev: 'next dev --turbopack', build: 'next build', start: 'next start', lint: 'next lint' },
    dependencies: {
      next: '15.5.4', react: '19.1.1', 'react-dom': '19.1.1', 'next-auth': '5.0.0-beta.29', 'next-safe-action': '8.0.11',
      zod: '4.1.11', '@prisma/client': '6.16.2', stripe: '18.5.0', svix: '1.76.1', swr: '2.3.6', 'server-only': '0.0.1',
      clsx: '2.1.1', 'tailwind-merge': '3.3.1', 'lucide-react': '0.544.0',
    },
    devDependencies: { typescript: '5.9.3', '@types/react': '19.1.13', '@types/node': '20.19.17', tailwindcss: '4.1.13', prisma: '6.16.2' },
  }, null, 2));
  write('tsconfig.json', JSON.stringify({
    compilerOptions: {
      target: 'ES2017', lib: ['dom', 'dom.iterable', 'esnext'], allowJs: true, skipLibCheck: true, strict: true, noEmit: true,
      esModuleInterop: true, module: 'esnext', moduleResolution: 'bundler', resolveJsonModule: true, isolatedModules: true,
      jsx: 'preserve', incremental: true, plugins: [{ name: 'next' }], paths: { '@/*': ['./*'] },
    },
    include: ['next-env.d.ts', '**/*.ts', '**/*.tsx', '.next/types/**/*.ts'],
    exclude: ['node_modules'],
  }, null, 2));
  write('next.config.mjs', [
    "/** @type {import('next').NextConfig} */",
    'const nextConfig = {',
    '  reactStrictMode: true,',
    "  experimental: { serverActions: { bodySizeLimit: '2mb', allowedOrigins: ['app.example.com'] } },",
    "  images: { remotePatterns: [{ protocol: 'https', hostname: 'avatars.githubusercontent.com' }] },",
    '  async redirects() {',
    "    return [{ source: '/home', destination: '/', permanent: true }];",
    '  },',
    '};',
    '',
    'export default nextConfig;',
  ].join('\n'));
  write('next-env.d.ts', '/// <reference types="next" />\n/// <reference types="next/image-types/global" />\n\n// NOTE: This file should not be edited\n');
  write('postcss.config.mjs', "const config = {\n  plugins: { '@tailwindcss/postcss': {} },\n};\n\nexport default config;\n");
  write('tailwind.config.ts', "import type { Config } from 'tailwindcss';\n\nexport default {\n  content: ['./app/**/*.{ts,tsx}', './components/**/*.{ts,tsx}'],\n  theme: { extend: {} },\n  plugins: [],\n} satisfies Config;\n");
  for (const script of ['seed', 'migrate-data', 'check-env']) {
    const b = builder(`scripts/${script}.mjs`);
    b.named('node:fs/promises', 'readFile', 'writeFile');
    b.tail.push([`async function main() {`, `  const raw = await readFile(new URL('../package.json', import.meta.url), 'utf8');`, `  const pkg = JSON.parse(raw);`, `  await writeFile('.${script}.log', pkg.name + '\\n');`, `}`, '', 'await main();']);
    fill(b, 'project', rng.int(30, 80), { zod: false });
    emit(b);
  }

  write('middleware.ts', [
    "import { NextResponse, type NextRequest } from 'next/server';",
    '',
    "const PUBLIC_PATHS = ['/login', '/register', '/forgot-password'];",
    '',
    'export function middleware(request: NextRequest) {',
    "  const session = request.cookies.get('authjs.session-token');",
    '  const { pathname } = request.nextUrl;',
    '  if (!session && !PUBLIC_PATHS.some((p) => pathname.startsWith(p))) {',
    "    const url = new URL('/login', request.url);",
    "    url.searchParams.set('next', pathname);",
    '    return NextResponse.redirect(url);',
    '  }',
    '  return NextResponse.next();',
    '}',
    '',
    'export const config = {',
    "  matcher: ['/projects/:path*', '/settings/:path*', '/admin/:path*', '/api/admin/:path*'],",
    '};',
  ].join('\n'));

  // --- lib ------------------------------------------------------------------------------------
  write('lib/auth.ts', [
    "import NextAuth from 'next-auth';",
    "import GitHub from 'next-auth/providers/github';",
    "import { redirect } from 'next/navigation';",
    "import { db } from '@/lib/db';",
    '',
    'export const { handlers, auth, signIn, signOut } = NextAuth({',
    '  providers: [GitHub],',
    "  session: { strategy: 'jwt' },",
    '  callbacks: {',
    '    async session({ session, token }) {',
    '      if (token.sub) session.user.id = token.sub;',
    '      return session;',
    '    },',
    '  },',
    '});',
    '',
    '/** Returns the signed-in user or sends the visitor to the login page. */',
    'export async function requireUser() {',
    '  const session = await auth();',
    '  if (!session?.user?.id) {',
    "    redirect('/login');",
    '  }',
    '  return session.user;',
    '}',
    '',
    'export async function requireAdmin() {',
    '  const user = await requireUser();',
    '  const row = await db.user.findUnique({ where: { id: user.id } });',
    "  if (row?.role !== 'admin') {",
    "    throw new Error('Forbidden');",
    '  }',
    '  return user;',
    '}',
    '',
    'export async function verifyApiKey(key: string | null) {',
    '  if (!key) return null;',
    "  const row = await db.apiKey.findUnique({ where: { hash: key.slice(0, 64) } });",
    '  return row && !row.revokedAt ? row : null;',
    '}',
  ].join('\n'));
  write('lib/db.ts', [
    "import { PrismaClient } from '@prisma/client';",
    '',
    'const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient };',
    '',
    "export const db = globalForPrisma.prisma ?? new PrismaClient({ log: ['warn', 'error'] });",
    '',
    "if (process.env.NODE_ENV !== 'production') globalForPrisma.prisma = db;",
    '',
    "export * from '@bench/db';",
  ].join('\n'));
  write('lib/safe-action.ts', [
    "import { createSafeActionClient } from 'next-safe-action';",
    "import { z } from 'zod';",
    "import { auth } from '@/lib/auth';",
    '',
    'export const actionClient = createSafeActionClient({',
    '  defineMetadataSchema() {',
    '    return z.object({ actionName: z.string() });',
    '  },',
    '  handleServerError(error) {',
    '    console.error(error);',
    "    return 'Something went wrong';",
    '  },',
    '});',
    '',
    'export const authActionClient = actionClient.use(async ({ next }) => {',
    '  const session = await auth();',
    '  if (!session?.user?.id) {',
    "    throw new Error('Unauthorized');",
    '  }',
    '  return next({ ctx: { user: session.user } });',
    '});',
    '',
    'export const adminActionClient = authActionClient.use(async ({ next, ctx }) => {',
    "  if (!ctx.user.email?.endsWith('@example.com')) {",
    "    throw new Error('Forbidden');",
    '  }',
    '  return next({ ctx });',
    '});',
  ].join('\n'));
  write('lib/webhooks.ts', [
    "import { createHmac, timingSafeEqual } from 'node:crypto';",
    '',
    'export function verifyHmac(body: string, signature: string | null, secret: string): boolean {',
    '  if (!signature) return false;',
    "  const expected = createHmac('sha256', secret).update(body).digest('hex');",
    '  const a = Buffer.from(expected);',
    '  const b = Buffer.from(signature);',
    '  return a.length === b.length && timingSafeEqual(a, b);',
    '}',
  ].join('\n'));
  write('lib/stripe.ts', "import Stripe from 'stripe';\n\nexport const stripe = new Stripe(process.env.STRIPE_SECRET_KEY ?? '');\n");
  write('lib/utils/cn.ts', "import { clsx, type ClassValue } from 'clsx';\nimport { twMerge } from 'tailwind-merge';\n\nexport function cn(...inputs: ClassValue[]) {\n  return twMerge(clsx(inputs));\n}\n");

  // DAL
  const dal = []; // { ent, path, get, list }
  const dalCount = n(100);
  for (let i = 0; i < dalCount; i++) {
    const ent = entities[i % entities.length];
    const round = Math.floor(i / entities.length);
    const suffix = ['', '-queries', '-stats', '-search', '-access'][round % 5] + (round >= 5 ? `-${round}` : '');
    const rel = `lib/dal/${ent}${suffix}.ts`;
    const b = builder(rel);
    const P = pascal(ent) + pascal(suffix.replace(/^-/, '') || 'x').replace(/^X$/, '');
    const model = camel(ent).replace(/-?\d+$/, '');
    b.side('server-only');
    b.named('react', 'cache');
    b.named('@/lib/db', 'db');
    const guarded = rng.chance(0.5);
    if (guarded) b.named('@/lib/auth', 'requireUser');
    const get = b.id(`get${P}`);
    const list = b.id(`list${plural(P)}`);
    const countFn = b.id(`count${plural(P)}`);
    b.tail.push([
      `export const ${get} = cache(async (id: string) => {`,
      ...(guarded ? ['  const user = await requireUser();'] : []),
      `  const row = await db.${model}.findFirst({ where: { id${guarded ? ', ownerId: user.id' : ''} } });`,
      '  return row ?? null;',
      '});',
    ]);
    b.tail.push([
      `export async function ${list}(options: { page?: number; query?: string } = {}) {`,
      ...(guarded ? ['  const user = await requireUser();'] : []),
      '  const page = Math.max(1, options.page ?? 1);',
      `  return db.${model}.findMany({`,
      `    where: { ${guarded ? 'ownerId: user.id, ' : ''}name: options.query ? { contains: options.query } : undefined },`,
      "    orderBy: { createdAt: 'desc' },",
      '    skip: (page - 1) * 20,',
      '    take: 20,',
      '  });',
      '}',
    ]);
    b.tail.push([`export async function ${countFn}() {`, `  return db.${model}.count();`, '}']);
    fill(b, ent, rng.lines(), { jsxOk: false });
    emit(b);
    dal.push({ ent, path: '@/' + rel.replace(/\.ts$/, ''), get, list });
  }

  // Utilities, types, hooks
  const utilCount = n(118);
  for (let i = 0; i < utilCount; i++) {
    const base = UTIL_NAMES[i % UTIL_NAMES.length];
    const round = Math.floor(i / UTIL_NAMES.length);
    const legacy = i % 40 === 17;
    const rel = legacy ? `lib/legacy/${base}-${round}.js` : `lib/utils/${base}${round ? `-${round + 1}` : ''}.ts`;
    const b = builder(rel);
    const ent = entities[i % entities.length];
    for (let k = rng.int(1, 3); k > 0; k--) {
      const lines = fillerFunction(b, ent);
      lines[0] = 'export ' + lines[0];
      b.tail.push(lines);
    }
    fill(b, ent, rng.lines(), { jsxOk: false, zod: !legacy });
    emit(b);
  }
  const typeCount = n(80);
  for (let i = 0; i < typeCount; i++) {
    const ent = entities[i % entities.length];
    const round = Math.floor(i / entities.length);
    const rel = `types/${ent}${round ? `-types${round > 1 ? `-${round}` : ''}` : ''}.ts`;
    const b = builder(rel);
    const P = pascal(ent);
    const main = [`export interface ${b.id(P)} {`];
    for (const [field, type] of fieldsFor(rng, rng.int(6, 14))) main.push(`  ${field}: ${type};`);
    main.push('}');
    b.tail.push(main);
    b.tail.push([`export type ${b.id(`${P}Status`)} = ${P}['id'] extends string ? 'draft' | 'active' | 'archived' : never;`]);
    fill(b, ent, rng.int(30, 120), { jsxOk: false, zod: false, classes: false });
    emit(b);
  }
  // Workspace packages, read from source through their package.json: indexes of `export *` over group indexes.
  const workspacePackage = (name, groups, perGroup, makeFile) => {
    const dir = `packages/${name}`;
    write(`${dir}/package.json`, JSON.stringify({ name: `@bench/${name}`, version: '0.0.0', private: true, main: './src/index.ts', types: './src/index.ts' }, null, 2));
    const exported = [];
    for (const group of groups) {
      const files = [];
      for (let i = 0; i < perGroup; i++) files.push(makeFile(`${dir}/src/${group}`, group, i, exported));
      write(`${dir}/src/${group}/index.ts`, files.map((file) => `export * from './${file}';`).join('\n'));
    }
    write(`${dir}/src/index.ts`, groups.map((group) => `export * from './${group}';`).join('\n'));
    return exported;
  };
  const packageModule = (dir, group, i, exported, tsx) => {
    const ent = entities[(i * 7 + group.length) % entities.length];
    const stem = `${group}-${ent}${i >= entities.length ? `-${i}` : ''}`;
    const b = builder(`${dir}/${stem}.${tsx ? 'tsx' : 'ts'}`);
    const name = b.id(camel(`${group}-${stem}`));
    exported.push(name);
    return { b, ent, stem, name };
  };
  workspacePackage('db', ['models', 'queries'], n(20), (dir, group, i, exported) => {
    const { b, ent, stem, name } = packageModule(dir, group, i, exported, false);
    b.tail.push([`export interface ${pascal(name)} {`, '  id: string;', `  ${camel(ent)}Name: string;`, '  createdAt: Date;', '}']);
    b.tail.push([`export function ${name}(row: { id: string; name: string }): ${pascal(name)} {`, `  return { id: row.id, ${camel(ent)}Name: row.name, createdAt: new Date() };`, '}']);
    fill(b, ent, rng.int(30, 90), { jsxOk: false, classes: group === 'models' });
    emit(b);
    return stem;
  });
  workspacePackage('utils', ['strings', 'dates', 'numbers', 'urls', 'arrays'], n(12), (dir, group, i, exported) => {
    const { b, ent, stem, name } = packageModule(dir, group, i, exported, false);
    const slug = group === 'strings' && i === 0 ? 'slugify' : name;
    if (slug !== name) exported.push(slug);
    b.tail.push([`export function ${slug}(value: string): string {`, "  return value.trim().toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');", '}']);
    if (slug !== name) b.tail.push([`export const ${name} = (value: string) => ${slug}(value).slice(0, 48);`]);
    fill(b, ent, rng.int(30, 100), { jsxOk: false });
    emit(b);
    return stem;
  });
  const uiKit = workspacePackage('ui', ['forms', 'layout', 'data', 'overlay', 'feedback', 'navigation'], n(25), (dir, group, i, exported) => {
    const { b, ent, stem, name } = packageModule(dir, group, i, exported, true);
    exported.pop();
    const component = b.id(pascal(name));
    exported.push(component);
    b.def('react', '* as React');
    b.tail.push([`export function ${component}({ className, ...props }: React.HTMLAttributes<HTMLDivElement>) {`, `  return <div data-kit="${group}" className={className} {...props} />;`, '}']);
    fill(b, ent, rng.int(30, 110), { zod: false, classes: false });
    emit(b);
    return stem;
  });

  const hookCount = n(100);
  const hookFetchRoutes = [];
  for (let i = 0; i < hookCount; i++) {
    const base = HOOK_NAMES[i % HOOK_NAMES.length];
    const round = Math.floor(i / HOOK_NAMES.length);
    const rel = `hooks/use-${base}${round ? `-${round + 1}` : ''}.ts`;
    const b = builder(rel);
    b.directive = rng.chance(0.3) ? 'use client' : null;
    b.named('react', 'useEffect', 'useState');
    const name = b.id(camel(`use-${base}`) + (round ? round + 1 : ''));
    b.tail.push([
      `export function ${name}<T>(initial: T, delayMs = ${rng.pick([150, 250, 300, 500])}) {`,
      '  const [value, setValue] = useState<T>(initial);',
      '  const [ready, setReady] = useState(false);',
      '  useEffect(() => {',
      '    const timer = setTimeout(() => setReady(true), delayMs);',
      '    return () => clearTimeout(timer);',
      '  }, [delayMs]);',
      '  return { value, setValue, ready } as const;',
      '}',
    ]);
    hookFetchRoutes.push(b); // may receive an SWR call once routes exist (see below)
    fill(b, entities[i % entities.length], rng.int(30, 110), { jsxOk: false });
  }

  // --- route segments (pages) -----------------------------------------------------------------
  const fixedSegments = ['', '(marketing)/about', '(marketing)/pricing', '(marketing)/blog', '(marketing)/blog/[slug]', '(marketing)/contact', '(marketing)/changelog', '(auth)/login', '(auth)/register', '(auth)/forgot-password', '(docs)/docs/[[...slug]]', '(dashboard)/settings', '(dashboard)/settings/profile', '(dashboard)/settings/security'];
  const segmentTarget = n(300);
  const segments = []; // { seg, ent, param?, kind }
  for (const seg of fixedSegments) segments.push({ seg, ent: entities[segments.length % entities.length], kind: 'static' });
  outer: for (let i = 0; ; i++) {
    const ent = entities[i % entities.length];
    if (i >= entities.length * 20) break;
    const round = Math.floor(i / entities.length);
    if (round > 0) continue;
    const group = groupOf(ent);
    const base = `${group}/${plural(ent)}`;
    const param = `${camel(ent)}Id`;
    const child = entities[(i + 7) % entities.length];
    const childParam = `${camel(child)}Id`;
    const list = [
      { seg: base, kind: 'list' },
      { seg: `${base}/new`, kind: 'new' },
      { seg: `${base}/[${param}]`, kind: 'detail', param },
      { seg: `${base}/[${param}]/edit`, kind: 'edit', param },
      { seg: `${base}/[${param}]/${rng.pick(SUB_PAGES)}`, kind: 'sub', param },
      { seg: `${base}/[${param}]/${plural(child)}`, kind: 'list', param },
      { seg: `${base}/[${param}]/${plural(child)}/[${childParam}]`, kind: 'detail', param: childParam },
      { seg: `${base}/[${param}]/${plural(child)}/[${childParam}]/edit`, kind: 'edit', param: childParam },
    ];
    for (const s of list) {
      if (segments.length >= segmentTarget) break outer;
      segments.push({ ...s, ent });
    }
    if (i === entities.length - 1 && segments.length < segmentTarget) {
      // Large apps: more sub pages per entity.
      for (let j = 0; segments.length < segmentTarget; j++) {
        const e = entities[j % entities.length];
        const p = `${camel(e)}Id`;
        segments.push({ seg: `${groupOf(e)}/${plural(e)}/[${p}]/${SUB_PAGES[Math.floor(j / entities.length) % SUB_PAGES.length]}-${Math.floor(j / entities.length / SUB_PAGES.length) + 2}`, kind: 'sub', param: p, ent: e });
      }
      break;
    }
  }
  counts.segments = segments.length;

  // --- server actions -------------------------------------------------------------------------
  const VERBS = [
    ['create', 'form'], ['update', 'state'], ['delete', 'id'], ['archive', 'id'], ['restore', 'id'], ['duplicate', 'id'],
    ['publish', 'id'], ['assign', 'id'], ['invite', 'form'], ['toggle', 'id'], ['reorder', 'id'], ['rename', 'state'],
    ['approve', 'id'], ['reject', 'id'], ['import', 'form'], ['search', 'read'], ['preview', 'read'],
  ];
  const actions = []; // { name, path, safe, used }
  const actionFileCount = n(120);
  const actionSegs = rng.sample(segments.filter((s) => s.kind === 'list' || s.kind === 'detail'), Math.round(actionFileCount * 0.6));
  const globalNames = new Set();
  const uniqueName = (base) => {
    let name = base;
    for (let i = 2; globalNames.has(name); i++) name = `${base}${i}`;
    globalNames.add(name);
    return name;
  };
  for (let i = 0; i < actionFileCount; i++) {
    const seg = actionSegs[i];
    const ent = seg ? seg.ent : entities[(i * 3) % entities.length];
    const rel = seg ? `app/${seg.seg}/actions.ts` : rng.chance(0.5) ? `app/actions/${ent}-${i}.ts` : `lib/actions/${ent}-${i}.ts`;
    const b = builder(rel);
    b.directive = 'use server';
    const P = pascal(ent);
    const model = camel(ent).replace(/-?\d+$/, '');
    const listUrl = seg ? urlOf(seg.seg) : `/${plural(ent)}`;
    b.named('@/lib/db', 'db');
    b.named('@bench/utils', 'slugify');
    b.body.push([`const ${b.id('slugOf')} = (value: string) => slugify(value);`]);
    const verbs = rng.sample(VERBS, rng.int(3, 6));
    counts.actionFiles++;
    const schema = b.id(`${camel(ent)}Schema`);
    b.named('zod', 'z');
    b.body.push([`const ${schema} = z.object({`, '  name: z.string().min(1).max(120),', "  status: z.enum(['draft', 'active', 'archived']).default('draft'),", '  description: z.string().max(2000).optional(),', '});']);
    b.body.push(['type ActionState = { ok: boolean; error?: string; fieldErrors?: Record<string, string[] | undefined> };']);
    for (const [verb, shape] of verbs) {
      const name = uniqueName(`${verb}${P}`);
      b.used.add(name);
      const readOnly = shape === 'read';
      const style = readOnly
        ? rng.weighted([['none', 5], ['direct', 2], ['requireUser', 2]])
        : // About 200 of the ~520 actions at 4,000 files are built with the action client of lib/safe-action.ts:
          // the edit benchmark's "wrapper in lib/ used by 200 actions".
          rng.weighted([['direct', 22], ['requireUser', 22], ['safe', 32], ['safe-public', 6], ['unguarded', 15], ['unchecked', 6], ['admin-safe', 9]]);
      const revalidates = !readOnly && rng.chance(0.7);
      const safe = style === 'safe' || style === 'safe-public' || style === 'admin-safe';
      const lines = [];
      const write = () => {
        const out = [];
        if (readOnly) {
          out.push(`  const rows = await db.${model}.findMany({ where: { name: { contains: query } }, take: 10 });`);
          out.push('  return rows.map((row) => ({ id: row.id, name: row.name }));');
          return out;
        }
        const op = verb === 'create' || verb === 'import' || verb === 'invite' || verb === 'duplicate' ? 'create' : verb === 'delete' ? 'delete' : 'update';
        const data = op === 'delete' ? '' : op === 'create' ? ', data: { ...input, ownerId }' : `, data: { ${verb === 'archive' ? "status: 'archived'" : verb === 'restore' ? "status: 'active'" : '...input'}, updatedAt: new Date() }`;
        const where = op === 'create' ? '' : '{ where: { id }';
        out.push(op === 'create' ? `  const row = await db.${model}.create({ ${data.slice(2)} });` : `  const row = await db.${model}.${op}(${where}${data} });`);
        if (revalidates) {
          const how = rng.weighted([['path', 6], ['tag', 2], ['redirect', 2]]);
          if (how === 'path') {
            b.named('next/cache', 'revalidatePath');
            out.push(`  revalidatePath('${listUrl}');`);
          } else if (how === 'tag') {
            b.named('next/cache', 'revalidateTag');
            out.push(`  revalidateTag('${plural(ent)}');`);
          } else {
            b.named('next/navigation', 'redirect');
            out.push(`  redirect(\`${listUrl}/\${row.id}\`);`);
          }
        }
        return out;
      };
      const ownerFrom = { direct: 'session.user.id', requireUser: 'user.id', unguarded: "'anonymous'", unchecked: "session?.user?.id ?? 'anonymous'", none: "''" };
      const params = readOnly ? 'query: string' : shape === 'form' ? 'formData: FormData' : shape === 'state' ? '_prev: ActionState, formData: FormData' : 'id: string';
      const inputLines = readOnly
        ? []
        : shape === 'id'
          ? ['  const input = {};']
          : [
              `  const parsed = ${schema}.safeParse(Object.fromEntries(formData));`,
              '  if (!parsed.success) {',
              `    return { ok: false, fieldErrors: parsed.error.flatten().fieldErrors }${shape === 'form' ? ' as const' : ''};`,
              '  }',
              '  const input = parsed.data;',
              ...(shape !== 'id' ? ["  const id = String(formData.get('id') ?? '');"] : []),
            ];
      if (safe) {
        const client = style === 'safe' ? 'authActionClient' : style === 'admin-safe' ? 'adminActionClient' : 'actionClient';
        b.named('@/lib/safe-action', client);
        const schemaCall = rng.chance(0.5) ? 'inputSchema' : 'schema';
        const inputSchema = readOnly ? 'z.object({ query: z.string() })' : shape === 'id' ? 'z.object({ id: z.string() })' : `${schema}.extend({ id: z.string().optional() })`;
        lines.push(`export const ${name} = ${client}`);
        if (rng.chance(0.6)) lines.push(`  .metadata({ actionName: '${name}' })`);
        lines.push(`  .${schemaCall}(${inputSchema})`);
        lines.push(`  .action(async ({ parsedInput${style === 'safe-public' ? '' : ', ctx'} }) => {`);
        const body = write().map((l) => '  ' + l.replace('...input', '...parsedInput').replace(/query/g, 'parsedInput.query'));
        if (!readOnly) lines.push(`    const ${shape === 'id' ? '{ id }' : '{ id = "" }'} = parsedInput;`);
        lines.push(`    const ownerId = ${style === 'safe-public' ? "'public'" : 'ctx.user.id'};`);
        lines.push('    void ownerId;');
        lines.push(...body.map((l) => l.replace(', ownerId }', ', ownerId }')));
        if (!readOnly) lines.push('    return { id: row.id };');
        lines.push('  });');
      } else {
        lines.push(`export async function ${name}(${params}) {`);
        if (style === 'direct') {
          b.named('@/lib/auth', 'auth');
          lines.push('  const session = await auth();');
          lines.push('  if (!session?.user?.id) {');
          lines.push(rng.chance(0.5) ? "    throw new Error('Unauthorized');" : "    return { ok: false, error: 'Unauthorized' }" + (readOnly ? ' as never' : '') + ';');
          lines.push('  }');
        } else if (style === 'requireUser') {
          b.named('@/lib/auth', 'requireUser');
          lines.push('  const user = await requireUser();');
        } else if (style === 'unchecked') {
          b.named('@/lib/auth', 'auth');
          lines.push('  const session = await auth();');
          lines.push("  console.info('action by', session?.user?.email);");
        }
        lines.push(...inputLines);
        if (!readOnly) lines.push(`  const ownerId = ${ownerFrom[style]};`, '  void ownerId;');
        if (!readOnly && shape === 'form') lines.push('  void id;');
        lines.push(...write());
        if (!readOnly) lines.push(shape === 'state' ? '  return { ok: true };' : '  return { ok: true, id: row.id } as const;');
        lines.push('}');
      }
      b.tail.push(lines);
      counts.actions++;
      actions.push({ name, path: '@/' + rel.replace(/\.ts$/, ''), safe, shape, used: false, ent });
    }
    fill(b, ent, rng.lines(), { jsxOk: false, classes: false });
    emit(b);
  }

  // Barrels over the action files, as apps grow them: actions/index.ts → actions/<entity>.ts → the action files.
  // About half of the actions are imported through the top barrel from here on.
  const actionModules = new Map(); // entity -> Set of module paths
  for (const a of actions) {
    if (!actionModules.has(a.ent)) actionModules.set(a.ent, new Set());
    actionModules.get(a.ent).add(a.path);
  }
  for (const [ent, modules] of actionModules) write(`actions/${ent}.ts`, [...modules].map((module) => `export * from '${module}';`).join('\n'));
  write('actions/index.ts', [...actionModules.keys()].map((ent) => `export * from './${ent}';`).join('\n'));
  for (const a of actions) if (rng.chance(0.5)) a.path = '@/actions';

  // --- route handlers -------------------------------------------------------------------------
  const routes = []; // { url, methods, internal }
  const routeTarget = n(250);
  const routePlan = [];
  routePlan.push({ seg: 'api/health', type: 'health' });
  routePlan.push({ seg: 'api/auth/[...nextauth]', type: 'nextauth' });
  for (const p of WEBHOOK_PROVIDERS.slice(0, Math.max(2, n(12)))) routePlan.push({ seg: `api/webhooks/${p}`, type: 'webhook', provider: p });
  for (const j of CRON_JOBS.slice(0, Math.max(1, n(6)))) routePlan.push({ seg: `api/cron/${j}`, type: 'cron' });
  for (let i = 0; routePlan.length < routeTarget; i++) {
    const ent = entities[i % entities.length];
    const round = Math.floor(i / entities.length);
    const pl = plural(ent);
    const id = `${camel(ent)}Id`;
    const options = [
      { seg: `api/${pl}`, type: 'collection' },
      { seg: `api/${pl}/[${id}]`, type: 'item', param: id },
      { seg: `api/${pl}/[${id}]/${API_SUB[i % API_SUB.length]}`, type: 'sub', param: id },
      { seg: `api/v1/${pl}`, type: 'v1-collection' },
      { seg: `api/v1/${pl}/[${id}]`, type: 'v1-item', param: id },
      { seg: `api/${pl}/export`, type: 'public', ent },
      { seg: `api/${pl}/[${id}]/${API_SUB[(i + 3) % API_SUB.length]}`, type: 'sub', param: id },
      { seg: `api/admin/${pl}`, type: 'collection' },
    ];
    const pick = options[round % options.length];
    if (round >= options.length) pick.seg = pick.seg.replace(`api/`, `api/r${round}/`);
    routePlan.push({ ...pick, ent });
  }
  for (const plan of routePlan.slice(0, routeTarget)) {
    const rel = `app/${plan.seg}/route.ts`;
    const b = builder(rel);
    const ent = plan.ent ?? entities[routes.length % entities.length];
    const model = camel(ent).replace(/-?\d+$/, '');
    const url = '/' + plan.seg;
    const handlers = [];
    counts.routeFiles++;
    const ctxParam = plan.param ? `, { params }: { params: Promise<{ ${plan.param}: string }> }` : '';
    const readParam = plan.param ? [`  const { ${plan.param} } = await params;`] : [];
    const idExpr = plan.param ?? "'missing'";
    const guard = (style) => {
      if (style === 'auth') {
        b.named('@/lib/auth', 'auth');
        b.named('next/server', 'NextResponse');
        return ['  const session = await auth();', '  if (!session?.user) {', "    return NextResponse.json({ error: 'Unauthorized' }, { status: 401 });", '  }'];
      }
      if (style === 'requireUser') {
        b.named('@/lib/auth', 'requireUser');
        return ['  const user = await requireUser();', '  void user;'];
      }
      if (style === 'admin') {
        b.named('@/lib/auth', 'requireAdmin');
        return ['  await requireAdmin();'];
      }
      if (style === 'apikey') {
        b.named('@/lib/auth', 'verifyApiKey');
        b.named('next/server', 'NextResponse');
        return ["  const key = await verifyApiKey(request.headers.get('x-api-key'));", '  if (!key) {', "    return NextResponse.json({ error: 'Invalid API key' }, { status: 401 });", '  }'];
      }
      if (style === 'unchecked') {
        b.named('@/lib/auth', 'auth');
        return ['  const session = await auth();', "  console.info('request by', session?.user?.email ?? 'anonymous');"];
      }
      return [];
    };
    const handler = (method, style, work) => {
      b.type('next/server', 'NextRequest');
      b.named('next/server', 'NextResponse');
      const usesRequest = style === 'apikey' || work.some((l) => l.includes('request.'));
      handlers.push(method);
      counts.routeHandlers++;
      b.tail.push([`export async function ${method}(${usesRequest || ctxParam ? `${usesRequest ? 'request' : '_request'}: NextRequest` : ''}${ctxParam}) {`, ...guard(style), ...readParam, ...work, '}']);
    };
    const readWork = (many) =>
      many
        ? [
            "  const page = Number(new URL(request.url).searchParams.get('page') ?? '1');",
            `  const rows = await db.${model}.findMany({ skip: (page - 1) * 20, take: 20, orderBy: { createdAt: 'desc' } });`,
            '  return NextResponse.json({ data: rows, page });',
          ]
        : [`  const row = await db.${model}.findUnique({ where: { id: ${idExpr} } });`, "  if (!row) return NextResponse.json({ error: 'Not found' }, { status: 404 });", '  return NextResponse.json(row);'];
    const writeWork = (op) => {
      const out = [];
      if (op !== 'delete') out.push('  const body = await request.json();', `  const input = ${camel(ent)}Input.parse(body);`);
      if (op === 'create') out.push(`  const row = await db.${model}.create({ data: input });`, '  return NextResponse.json(row, { status: 201 });');
      else if (op === 'update') out.push(`  const row = await db.${model}.update({ where: { id: ${idExpr} }, data: input });`, '  return NextResponse.json(row);');
      else out.push(`  await db.${model}.delete({ where: { id: ${idExpr} } });`, '  return new NextResponse(null, { status: 204 });');
      if (op !== 'delete' && !b.used.has(`${camel(ent)}Input`)) {
        b.used.add(`${camel(ent)}Input`);
        b.named('zod', 'z');
        b.body.push([`const ${camel(ent)}Input = z.object({`, '  name: z.string().min(1),', "  status: z.enum(['draft', 'active', 'archived']).optional(),", '  description: z.string().nullable().optional(),', '});']);
      }
      return out;
    };
    const mutStyle = () => rng.weighted([['auth', 45], ['requireUser', 20], ['unguarded', 12], ['unchecked', 5], ['admin', 5]]);
    if (plan.type !== 'health' && plan.type !== 'nextauth' && plan.type !== 'webhook' && plan.type !== 'cron') b.named('@/lib/db', 'db');
    switch (plan.type) {
      case 'health':
        b.named('next/server', 'NextResponse');
        b.tail.push(["export const dynamic = 'force-dynamic';"]);
        b.tail.push(['export function GET() {', "  return NextResponse.json({ ok: true, at: new Date().toISOString() });", '}']);
        handlers.push('GET');
        counts.routeHandlers++;
        break;
      case 'nextauth':
        b.named('@/lib/auth', 'handlers');
        b.tail.push(['export const { GET, POST } = handlers;']);
        handlers.push('GET', 'POST');
        counts.routeHandlers += 2;
        break;
      case 'webhook': {
        counts.webhooks++;
        const verified = rng.chance(0.7);
        b.named('next/server', 'NextResponse');
        b.type('next/server', 'NextRequest');
        b.named('@/lib/db', 'db');
        const lines = ['export async function POST(request: NextRequest) {', '  const payload = await request.text();'];
        if (verified && plan.provider === 'stripe') {
          b.named('@/lib/stripe', 'stripe');
          lines.push("  const signature = request.headers.get('stripe-signature') ?? '';", '  let event;', '  try {', '    event = stripe.webhooks.constructEvent(payload, signature, process.env.STRIPE_WEBHOOK_SECRET ?? \'\');', '  } catch {', "    return NextResponse.json({ error: 'Bad signature' }, { status: 400 });", '  }');
        } else if (verified && (plan.provider === 'clerk' || plan.provider === 'resend')) {
          b.named('svix', 'Webhook');
          lines.push(`  const wh = new Webhook(process.env.${plan.provider.toUpperCase()}_WEBHOOK_SECRET ?? '');`, '  let event: { type: string; data: { id: string } };', '  try {', '    event = wh.verify(payload, Object.fromEntries(request.headers)) as typeof event;', '  } catch {', "    return new NextResponse('Invalid signature', { status: 400 });", '  }');
        } else if (verified) {
          b.named('@/lib/webhooks', 'verifyHmac');
          lines.push(`  const signature = request.headers.get('x-${plan.provider}-signature');`, `  if (!verifyHmac(payload, signature, process.env.${plan.provider.toUpperCase()}_WEBHOOK_SECRET ?? '')) {`, "    return new NextResponse('Invalid signature', { status: 401 });", '  }', '  const event = JSON.parse(payload) as { type: string; data: { id: string } };');
        } else {
          lines.push('  const event = JSON.parse(payload) as { type: string; data: { id: string } };');
        }
        lines.push('  switch (event.type) {');
        for (const t of rng.sample(['created', 'updated', 'deleted', 'completed', 'failed'], rng.int(2, 4)))
          lines.push(`    case '${plan.provider}.${t}':`, `      await db.webhookEvent.create({ data: { provider: '${plan.provider}', type: event.type, externalId: event.data.id } });`, '      break;');
        lines.push('    default:', '      break;', '  }', '  return NextResponse.json({ received: true });', '}');
        b.tail.push(lines);
        handlers.push('POST');
        counts.routeHandlers++;
        break;
      }
      case 'cron': {
        b.named('next/server', 'NextResponse');
        b.type('next/server', 'NextRequest');
        const checked = rng.chance(0.8);
        b.tail.push([
          'export async function GET(request: NextRequest) {',
          ...(checked ? ["  if (request.headers.get('authorization') !== `Bearer ${process.env.CRON_SECRET}`) {", "    return new NextResponse('Unauthorized', { status: 401 });", '  }'] : []),
          '  const started = Date.now();',
          '  await new Promise((resolve) => setTimeout(resolve, 1));',
          '  return NextResponse.json({ ok: true, tookMs: Date.now() - started });',
          '}',
        ]);
        handlers.push('GET');
        counts.routeHandlers++;
        break;
      }
      case 'collection':
        handler('GET', rng.weighted([['auth', 6], ['requireUser', 2], ['none', 2]]), readWork(true));
        if (rng.chance(0.8)) handler('POST', mutStyle(), writeWork('create'));
        break;
      case 'item':
        handler('GET', rng.weighted([['auth', 6], ['requireUser', 2], ['none', 2]]), readWork(false));
        if (rng.chance(0.8)) handler(rng.chance(0.5) ? 'PATCH' : 'PUT', mutStyle(), writeWork('update'));
        if (rng.chance(0.6)) handler('DELETE', mutStyle(), writeWork('delete'));
        break;
      case 'sub':
        handler('POST', mutStyle(), writeWork('update'));
        if (rng.chance(0.3)) handler('GET', 'auth', readWork(false));
        break;
      case 'v1-collection':
        handler('GET', 'apikey', readWork(true));
        if (rng.chance(0.6)) handler('POST', rng.chance(0.9) ? 'apikey' : 'unguarded', writeWork('create'));
        break;
      case 'v1-item':
        handler('GET', 'apikey', readWork(false));
        if (rng.chance(0.5)) handler('DELETE', 'apikey', writeWork('delete'));
        break;
      default:
        b.tail.unshift(['export const revalidate = 3600;']);
        handler('GET', 'none', readWork(true));
    }
    fill(b, ent, rng.lines(), { jsxOk: false, classes: false });
    emit(b);
    const internal = ['collection', 'item', 'sub', 'public'].includes(plan.type);
    routes.push({ url, methods: handlers, internal, param: plan.param, ent, used: false });
  }

  // Hooks: some fetch internal routes with SWR.
  const internalRoutes = routes.filter((r) => r.internal);
  const routeCall = (r) => (r.param ? `\`${r.url.replace(`[${r.param}]`, '${id}')}\`` : `'${r.url}'`);
  for (const b of hookFetchRoutes) {
    if (internalRoutes.length && rng.chance(0.35)) {
      const r = rng.pick(internalRoutes);
      r.used = true;
      b.def('swr', 'useSWR');
      const name = b.id(`use${pascal(r.ent)}Data`);
      const fetcher = b.id('fetcher');
      b.body.push([`const ${fetcher} = (url: string) => fetch(url).then((res) => res.json());`]);
      b.tail.push([`export function ${name}(id: string) {`, `  return useSWR(${r.param ? '' : 'id ? '}${routeCall(r)}${r.param ? '' : ' : null'}, ${fetcher});`, '}']);
    }
    emit(b);
  }

  // --- components -----------------------------------------------------------------------------
  const ui = [];
  const uiCount = n(120);
  for (let i = 0; i < uiCount; i++) {
    const base = UI_BASE[i % UI_BASE.length];
    const round = Math.floor(i / UI_BASE.length);
    const rel = `components/ui/${base}${round ? `-${round + 1}` : ''}.tsx`;
    const b = builder(rel);
    b.directive = rng.chance(0.5) ? 'use client' : null;
    b.def('react', '* as React');
    b.named('@/lib/utils/cn', 'cn');
    const name = b.id(pascal(base) + (round ? round + 1 : ''));
    const el = rng.pick(['div', 'button', 'span', 'section']);
    const propsType = `${name}Props`;
    b.used.add(propsType);
    b.tail.push([
      `export interface ${propsType} extends React.HTMLAttributes<HTMLElement> {`,
      "  variant?: 'default' | 'outline' | 'ghost' | 'secondary' | 'destructive';",
      "  size?: 'sm' | 'md' | 'lg';",
      '}',
    ]);
    b.tail.push([
      `export function ${name}({ className, variant = 'default', size = 'md', ...props }: ${propsType}) {`,
      '  return (',
      `    <${el}`,
      `      data-variant={variant}`,
      `      className={cn('${rng.pick(CLASSES)}', size === 'sm' && 'h-8 px-2 text-xs', size === 'lg' && 'h-11 px-6', className)}`,
      '      {...props}',
      '    />',
      '  );',
      '}',
    ]);
    fill(b, base, rng.int(30, 120), { zod: false, jsxOk: false, classes: false });
    emit(b);
    ui.push({ name, path: '@/' + rel.replace(/\.tsx$/, '') });
  }

  // A third of the UI the components render comes from the workspace UI kit, imported through its index.
  for (const name of uiKit.filter((_, i) => i % 2 === 0)) ui.push({ name, path: '@bench/ui' });

  const fixedCount = counts.source; // everything so far
  const pageFilesPlanned = segments.length * 2 + 4; // page + layout/loading/error on average, plus root files
  const componentTarget = Math.max(10, files - fixedCount - pageFilesPlanned);
  const components = []; // { name, path, client, ent }
  const actionQueue = rng.shuffle(actions.filter(() => rng.chance(0.76)));
  for (const a of actionQueue) a.planned = true;
  counts.actionsUnusedPlanned = actions.length - actionQueue.length;
  const usedActions = [...actionQueue];
  const routeQueue = rng.shuffle(internalRoutes.filter((r) => !r.used && rng.chance(0.7)));
  const kindsPerEntity = Math.ceil(componentTarget / entities.length);
  for (let i = 0; i < componentTarget; i++) {
    const ent = entities[i % entities.length];
    const k = Math.floor(i / entities.length);
    const kind = COMPONENT_KINDS[k % COMPONENT_KINDS.length] + (k >= COMPONENT_KINDS.length ? `-${Math.floor(k / COMPONENT_KINDS.length) + 1}` : '');
    const jsxFile = i % 97 === 13;
    const nested = kindsPerEntity > 30 && k % 3 === 2 ? `${rng.pick(['forms', 'views', 'dialogs', 'parts'])}/` : '';
    const rel = `components/${ent}/${nested}${ent}-${kind}.${jsxFile ? 'jsx' : 'tsx'}`;
    const b = builder(rel);
    b.ui = rng.sample(ui, 4);
    const client = /form|dialog|button|select|menu|input|edit|picker|toggle|search|filters|wizard|drawer|tabs/.test(kind) ? rng.chance(0.75) : rng.chance(0.2);
    const P = pascal(ent);
    const name = b.id(`${P}${pascal(kind)}`);
    const T = b.typed;
    if (client) {
      b.directive = 'use client';
      counts.clientComponents++;
    }
    const role = client ? rng.weighted([['action', 44], ['fetch', internalRoutes.length ? 26 : 0], ['ui', 30]]) : 'server';
    const body = [];
    const jsxBody = [];
    const propsName = `${name}Props`;
    const itemType = `{ id: string; name: string; status: string; count: number; tags: string[] }`;
    if (T) {
      b.used.add(propsName);
      b.tail.push([`interface ${propsName} {`, `  item: ${itemType};`, '  title?: string;', '  onDone?: () => void;', '}']);
    }
    if (role === 'action') {
      const picks = [];
      for (let c = rng.int(1, 2); c > 0; c--) {
        const a = actionQueue.pop() ?? rng.pick(usedActions.length ? usedActions : actions);
        if (a && !picks.includes(a)) picks.push(a);
      }
      for (const a of picks) {
        a.used = true;
        b.named(a.path, a.name);
        if (a.safe) {
          b.named('next-safe-action/hooks', 'useAction');
          const ex = b.id(`execute${pascal(a.name)}`);
          const st = b.id('status');
          body.push(`  const { execute: ${ex}, status: ${st} } = useAction(${a.name});`);
          jsxBody.push(`      <Button disabled={${st} === 'executing'} onClick={() => ${ex}({ id: item.id${a.shape === 'read' ? ', query: item.name' : a.shape === 'id' ? '' : ', name: item.name'} })}>`, `        ${titleCase(a.name.replace(/[A-Z].*/, ''))}`, '      </Button>');
          continue;
        }
        const how = a.shape === 'state' ? 'useActionState' : a.shape === 'form' ? rng.pick(['form', 'formAction']) : a.shape === 'read' ? 'call' : rng.pick(['transition', 'call', 'bind']);
        if (how === 'useActionState') {
          b.named('react', 'useActionState');
          const [s, fa, pend] = [b.id('state'), b.id('formAction'), b.id('pending')];
          body.push(`  const [${s}, ${fa}, ${pend}] = useActionState(${a.name}, { ok: false });`);
          jsxBody.push(`      <form action={${fa}} className="space-y-3">`, '        <input type="hidden" name="id" value={item.id} />', '        <input name="name" defaultValue={item.name} />', `        {${s}.error ? <p className="text-destructive text-sm">{${s}.error}</p> : null}`, `        <Button type="submit" disabled={${pend}}>Save</Button>`, '      </form>');
        } else if (how === 'form') {
          jsxBody.push(`      <form action={${a.name}}>`, '        <input name="name" defaultValue={item.name} />', '        <Button type="submit">Submit</Button>', '      </form>');
        } else if (how === 'formAction') {
          jsxBody.push('      <form>', '        <input name="name" defaultValue={item.name} />', `        <button type="submit" formAction={${a.name}}>Save</button>`, '      </form>');
        } else if (how === 'transition') {
          b.named('react', 'useTransition');
          b.named('next/navigation', 'useRouter');
          const [p, st, router] = [b.id('isPending'), b.id('startTransition'), b.id('router')];
          body.push(`  const [${p}, ${st}] = useTransition();`, `  const ${router} = useRouter();`);
          jsxBody.push(`      <Button`, `        disabled={${p}}`, '        onClick={() =>', `          ${st}(async () => {`, `            await ${a.name}(item.id);`, `            ${router}.refresh();`, '          })', '        }', '      >', `        ${titleCase(a.name.replace(/[A-Z].*/, ''))}`, '      </Button>');
        } else if (how === 'bind') {
          const bound = b.id(`${a.name}ForItem`);
          body.push(`  const ${bound} = ${a.name}.bind(null, item.id);`);
          jsxBody.push(`      <form action={${bound}}>`, '        <Button type="submit" variant="ghost">Confirm</Button>', '      </form>');
        } else {
          jsxBody.push(`      <Button onClick={async () => { await ${a.name}(${a.shape === 'read' ? 'item.name' : 'item.id'}); onDone?.(); }}>Run</Button>`);
        }
      }
      b.named('@/components/ui/button', 'Button');
    } else if (role === 'fetch') {
      const r = routeQueue.pop() ?? rng.pick(internalRoutes);
      r.used = true;
      const method = r.methods.find((m) => m !== 'GET') ?? 'GET';
      b.named('react', 'useState');
      const [busy, setBusy] = [b.id('busy'), b.id('setBusy')];
      body.push(`  const [${busy}, ${setBusy}] = useState(false);`);
      const fn = b.id(method === 'GET' ? 'load' : 'submit');
      const idDecl = r.param ? ['    const id = item.id;'] : [];
      body.push(
        `  async function ${fn}() {`,
        `    ${setBusy}(true);`,
        ...idDecl,
        '    try {',
        `      const res = await fetch(${routeCall(r)}${method === 'GET' ? '' : `, {\n        method: '${method}',\n        headers: { 'Content-Type': 'application/json' },\n        body: JSON.stringify({ name: item.name }),\n      }`});`,
        "      if (!res.ok) throw new Error(`Request failed: ${res.status}`);",
        '      onDone?.();',
        '    } finally {',
        `      ${setBusy}(false);`,
        '    }',
        '  }',
      );
      b.named('@/components/ui/button', 'Button');
      jsxBody.push(`      <Button disabled={${busy}} onClick={() => void ${fn}()}>`, `        {${busy} ? 'Working…' : '${method === 'GET' ? 'Refresh' : 'Save'}'}`, '      </Button>');
    } else if (role === 'ui') {
      b.named('react', 'useState');
      const [open, setOpen] = [b.id('open'), b.id('setOpen')];
      body.push(`  const [${open}, ${setOpen}] = useState(false);`);
      jsxBody.push(`      <button type="button" onClick={() => ${setOpen}((v) => !v)} aria-expanded={${open}}>`, '        {title}', '      </button>', `      {${open} && (`, ...jsx(b, rng.int(1, 3), 8, 'item'), '      )}');
    } else {
      // Server component: maybe reads through the DAL, renders other components.
      const earlier = components.filter((c) => c.ent === ent && !c.client);
      if (earlier.length && rng.chance(0.5)) {
        const c = rng.pick(earlier);
        b.named(c.path, c.name);
        jsxBody.push(`      <${c.name} item={item} />`);
      }
      jsxBody.push(...jsx(b, rng.int(1, 4), 6, 'item'));
    }
    if (role !== 'action' && rng.chance(0.1)) {
      // Names an action (analytics events, a docs table) without importing it: a caller by text, not by code.
      const named = rng.sample(actions, rng.int(1, 3)).map((a) => `'${a.name}'`);
      b.body.push([`export const ${b.id('trackedEvents')} = [${named.join(', ')}] as const;`]);
    }
    if (role !== 'server') b.ui = [];
    const asyncServer = role === 'server' && rng.chance(0.25) && dal.some((d) => d.ent === ent);
    if (asyncServer) {
      const d = dal.find((x) => x.ent === ent);
      b.named(d.path, d.get);
      body.push(`  const fresh = await ${d.get}(item.id);`);
      jsxBody.push('      {fresh ? <span className="sr-only">{fresh.id}</span> : null}');
    }
    const isDefault = rng.chance(0.15);
    b.tail.push([
      `export ${isDefault ? 'default ' : ''}${asyncServer ? 'async ' : ''}function ${name}({ item, title = '${titleCase(kind)}'${role === 'action' || role === 'fetch' ? ', onDone' : ''} }${T ? `: ${propsName}` : ''}) {`,
      ...body,
      '  return (',
      `    <div className="${rng.pick(CLASSES)}">`,
      '      <h3 className="font-medium">{title}</h3>',
      ...jsxBody,
      '    </div>',
      '  );',
      '}',
    ]);
    fill(b, ent, rng.lines(), { zod: !client });
    emit(b);
    counts.components++;
    if (!isDefault) components.push({ name, path: '@/' + rel.replace(/\.(tsx|jsx)$/, ''), client, ent });
  }

  // --- app/ pages, layouts, loading, error ----------------------------------------------------
  const rootLayout = builder('app/layout.tsx');
  rootLayout.type('next', 'Metadata');
  rootLayout.side('./globals.css');
  rootLayout.tail.push(["export const metadata: Metadata = { title: { default: 'Acme', template: '%s · Acme' } };"]);
  rootLayout.tail.push(['export default function RootLayout({ children }: { children: React.ReactNode }) {', '  return (', '    <html lang="en">', '      <body className="min-h-screen antialiased">{children}</body>', '    </html>', '  );', '}']);
  emit(rootLayout);
  write('app/globals.css', '@import "tailwindcss";\n');
  write('app/not-found.tsx', "import Link from 'next/link';\n\nexport default function NotFound() {\n  return (\n    <main className=\"p-10\">\n      <h1>Not found</h1>\n      <Link href=\"/\">Home</Link>\n    </main>\n  );\n}\n");
  write('app/global-error.tsx', "'use client';\n\nexport default function GlobalError({ reset }: { error: Error; reset: () => void }) {\n  return (\n    <html lang=\"en\">\n      <body>\n        <button onClick={() => reset()}>Try again</button>\n      </body>\n    </html>\n  );\n}\n");
  const groups = [...new Set(segments.map((s) => s.seg.split('/')[0]).filter((g) => g.startsWith('(')))];
  for (const g of groups) {
    const b = builder(`app/${g}/layout.tsx`);
    if (g === '(dashboard)' || g === '(admin)') {
      b.named('@/lib/auth', 'requireUser');
      b.tail.push([`export default async function ${pascal(g.slice(1, -1))}Layout({ children }: { children: React.ReactNode }) {`, '  const user = await requireUser();', '  return (', '    <div className="flex min-h-screen">', '      <aside className="w-64 border-r p-4">{user.name}</aside>', '      <main className="flex-1 p-6">{children}</main>', '    </div>', '  );', '}']);
    } else {
      b.tail.push([`export default function ${pascal(g.slice(1, -1))}Layout({ children }: { children: React.ReactNode }) {`, '  return <div className="mx-auto max-w-6xl">{children}</div>;', '}']);
    }
    emit(b);
  }
  const serverComponents = components.filter((c) => !c.client);
  const actionsForEnt = (ent) => actions.filter((a) => a.ent === ent && !a.safe && (a.shape === 'id' || a.shape === 'form'));
  let remaining = files - counts.source;
  for (let si = 0; si < segments.length; si++) {
    const s = segments[si];
    const dir = s.seg ? `app/${s.seg}` : 'app';
    const segsLeft = segments.length - si;
    // Keep the total on target: page always, then layout/loading/error as the budget allows.
    const budget = remaining - segsLeft;
    const extras = [];
    if (rng.chance(0.45) && s.seg) extras.push('layout');
    if (rng.chance(0.4)) extras.push('loading');
    if (rng.chance(0.15)) extras.push('error');
    // Last segments: top up with loading/error files so the app lands on the requested count.
    if (si >= segments.length - 40 && budget > extras.length * segsLeft) {
      for (const extra of ['loading', 'error']) if (!extras.includes(extra)) extras.push(extra);
    }
    while (extras.length > Math.max(0, budget)) extras.pop();
    const P = pascal(s.ent);
    // page.tsx
    {
      const b = builder(`${dir}/page.tsx`);
      b.ui = rng.sample(ui, 3);
      const d = dal.find((x) => x.ent === s.ent) ?? dal[0];
      const param = s.param;
      const lines = [];
      const title = titleCase(s.seg.split('/').filter((p) => p && !p.startsWith('(') && !p.startsWith('[')).pop() ?? 'home');
      if (rng.chance(0.5)) {
        b.type('next', 'Metadata');
        b.tail.push([`export const metadata: Metadata = { title: '${title}' };`]);
      }
      const propsSig = param ? `{ params }: { params: Promise<{ ${param}: string }> }` : `{ searchParams }: { searchParams: Promise<{ page?: string; q?: string }> }`;
      lines.push(`export default async function ${P}${pascal(s.kind)}Page(${propsSig}) {`);
      if (param) {
        b.named('next/navigation', 'notFound');
        b.named(d.path, d.get);
        lines.push(`  const { ${param} } = await params;`, `  const item = await ${d.get}(${param});`, '  if (!item) notFound();');
      } else {
        b.named(d.path, d.list);
        lines.push('  const { page, q } = await searchParams;', `  const items = await ${d.list}({ page: Number(page ?? 1), query: q });`, "  const item = items[0] ?? { id: '', name: '', status: 'draft', count: 0, tags: [] as string[] };");
      }
      const jsxLines = [];
      const inline = rng.chance(0.06);
      if (inline) {
        b.named('@/lib/auth', 'requireUser');
        b.named('@/lib/db', 'db');
        b.named('next/cache', 'revalidatePath');
        const fn = b.id(`archive${P}Inline`);
        lines.push(`  async function ${fn}() {`, "    'use server';", '    const user = await requireUser();', `    await db.${camel(s.ent).replace(/-?\d+$/, '')}.update({ where: { id: item.id }, data: { status: 'archived', updatedById: user.id } });`, `    revalidatePath('${urlOf(s.seg)}');`, '  }');
        jsxLines.push(`      <form action={${fn}}>`, '        <button type="submit">Archive</button>', '      </form>');
        counts.inlineActions++;
      }
      const formActions = actionsForEnt(s.ent).filter((a) => a.planned);
      if (formActions.length && rng.chance(0.15)) {
        const a = rng.pick(formActions);
        a.used = true;
        b.named(a.path, a.name);
        jsxLines.push(a.shape === 'id' ? `      <form action={${a.name}.bind(null, item.id)}>` : `      <form action={${a.name}}>`, '        <button type="submit">Go</button>', '      </form>');
      }
      for (const c of rng.sample(components.filter((c) => c.ent === s.ent), rng.int(1, 4))) {
        b.named(c.path, c.name);
        jsxLines.push(`      <${c.name} item={item} />`);
      }
      if (rng.chance(0.5)) {
        b.def('next/link', 'Link');
        jsxLines.push(`      <Link href={\`${urlOf(s.seg).replace(/\[[^\]]+\]/g, '${item.id}').replace(/\/$/, '')}/edit\`}>Edit</Link>`);
      }
      lines.push('  return (', '    <main className="space-y-6">', `      <h1 className="text-2xl font-semibold">${title}</h1>`, ...jsxLines, ...jsx(b, rng.int(1, 3), 6, 'item'), '    </main>', '  );', '}');
      b.tail.push(lines);
      fill(b, s.ent, rng.int(30, 140), { zod: false });
      emit(b);
      counts.pages++;
    }
    for (const extra of extras) {
      const b = builder(`${dir}/${extra}.tsx`);
      if (extra === 'layout') {
        const sc = rng.sample(serverComponents.filter((c) => c.ent === s.ent), 1)[0];
        if (sc) b.named(sc.path, sc.name);
        b.tail.push([`export default function ${P}Layout({ children }: { children: React.ReactNode }) {`, '  return (', '    <section className="space-y-4">', ...(sc ? [`      <${sc.name} item={{ id: '', name: '${P}', status: 'active', count: 0, tags: [] }} />`] : []), '      {children}', '    </section>', '  );', '}']);
        fill(b, s.ent, rng.int(30, 80), { zod: false });
      } else if (extra === 'loading') {
        const sk = ui.find((u) => u.name.startsWith('Skeleton')) ?? ui[0];
        b.named(sk.path, sk.name);
        b.tail.push(['export default function Loading() {', '  return (', '    <div className="space-y-3">', ...Array.from({ length: rng.int(2, 6) }, () => `      <${sk.name} className="h-${rng.pick([4, 6, 8, 10])} w-full" />`), '    </div>', '  );', '}']);
        if (rng.chance(0.3)) fill(b, s.ent, rng.int(30, 60), { zod: false });
      } else {
        b.directive = 'use client';
        b.named('react', 'useEffect');
        b.tail.push(['export default function Error({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {', '  useEffect(() => {', '    console.error(error);', '  }, [error]);', '  return (', '    <div className="p-6">', '      <p>Something went wrong.</p>', '      <button onClick={() => reset()}>Try again</button>', '    </div>', '  );', '}']);
      }
      emit(b);
      counts.pages++;
    }
    remaining = files - counts.source;
  }

  // --- write it out ---------------------------------------------------------------------------
  for (const [rel, text] of written) {
    const abs = path.join(outDir, rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, text);
  }
  let bytes = 0;
  for (const text of written.values()) bytes += Buffer.byteLength(text);
  counts.actionsUnused = actions.filter((a) => !a.used).length;
  counts.routesCalledInternally = routes.filter((r) => r.used).length;
  return { ...counts, totalFiles: written.size, sourceBytes: bytes };
}

// ---------------------------------------------------------------------------------------------

/** Makes sure `outDir` holds the app for these options; returns { regenerated, stamp }. */
export function ensureApp(outDir, { files = DEFAULT_FILES, seed = DEFAULT_SEED, force = false, log = () => {} } = {}) {
  const stampFile = `${outDir}.stamp.json`;
  const want = { generatorVersion: GENERATOR_VERSION, files, seed };
  if (!force && fs.existsSync(stampFile) && fs.existsSync(outDir)) {
    try {
      const stamp = JSON.parse(fs.readFileSync(stampFile, 'utf8'));
      if (stamp.generatorVersion === want.generatorVersion && stamp.files === files && stamp.seed === seed) return { regenerated: false, stamp };
    } catch {
      // unreadable stamp: regenerate
    }
  }
  log(`generating synthetic app (${files} files, seed ${seed}) in ${outDir} …`);
  const tmp = `${outDir}.tmp-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.rmSync(stampFile, { force: true });
  const started = Date.now();
  const counts = generateApp(tmp, { files, seed });
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.renameSync(tmp, outDir);
  const stamp = { ...want, counts };
  fs.writeFileSync(stampFile, JSON.stringify(stamp, null, 2) + '\n');
  log(`  wrote ${counts.totalFiles} files (${counts.source} source, ${(counts.sourceBytes / 1e6).toFixed(1)} MB) in ${Date.now() - started} ms`);
  return { regenerated: true, stamp };
}

function argValue(argv, name, fallback) {
  const i = argv.indexOf(name);
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1] : fallback;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const argv = process.argv.slice(2);
  const here = path.dirname(fileURLToPath(import.meta.url));
  const out = path.resolve(argValue(argv, '--out', path.join(here, '..', '.bench', 'app')));
  const files = Number(argValue(argv, '--files', DEFAULT_FILES));
  const seed = Number(argValue(argv, '--seed', DEFAULT_SEED));
  const { regenerated, stamp } = ensureApp(out, { files, seed, force: argv.includes('--force'), log: (m) => console.log(m) });
  if (!regenerated) console.log(`${out} is up to date (generator v${GENERATOR_VERSION}); --force to rewrite`);
  console.log(JSON.stringify(stamp.counts, null, 2));
}
