/** reads.ts: which tables a function reads, through helpers, and a server secret read out by a name the caller sends. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { factsOf, type Files } from './harness';

const rows: { name: string; files: Files; tables: string[] }[] = [
  { name: 'Prisma model reads', files: { 'a.ts': `const prisma: any = {};\nexport async function f(id: string) { return prisma.order.findMany({ where: { id } }); }` }, tables: ['order'] },
  { name: 'Drizzle select … from(table)', files: { 'a.ts': `const db: any = {};\nconst invoices = {};\nexport async function f() { return db.select().from(invoices); }` }, tables: ['invoices'] },
  { name: 'Supabase from(\'table\').select()', files: { 'a.ts': `const supabase: any = {};\nexport async function f() { return supabase.from('notes').select('*'); }` }, tables: ['notes'] },
  { name: 'SQL SELECT text', files: { 'a.ts': `const sql: any = () => 0;\nexport async function f() { return sql\`SELECT amount FROM invoices JOIN customers ON true\`; }` }, tables: ['invoices'] },
  {
    name: 'through a helper in another file',
    files: { 'lib/q.ts': `const db: any = {};\nexport async function getChats(userId: string) { return db.query.chats.findMany({ where: { userId } }); }`, 'a.ts': `import { getChats } from '@/lib/q';\nexport async function f(userId: string) { return getChats(userId); }` },
    tables: ['chats'],
  },
  { name: 'a payment service\'s records, by resource (stripe.subscriptions.retrieve)', files: { 'a.ts': `const stripe: any = {};\nexport async function f(id: string) { return stripe.subscriptions.retrieve(id); }` }, tables: ['subscriptions'] },
  { name: 'a deeper chain of a service is no resource read (stripe.checkout.sessions.retrieve: the buyer\'s own session)', files: { 'a.ts': `const stripe: any = {};\nexport async function f(id: string) { return stripe.checkout.sessions.retrieve(id); }` }, tables: [] },
  { name: 'process.env[name] handed back', files: { 'a.ts': `export async function f(name: string) { return process.env[name]; }` }, tables: ['secrets'] },
  { name: 'Boolean(process.env[name]) hands back no secret', files: { 'a.ts': `export async function f(name: string) { return Boolean(process.env[name]); }` }, tables: [] },
  {
    name: 'a helper that reads any variable, handed the caller\'s name, reads a secret',
    files: { 'lib/env.ts': `export async function getEnv(name: string) { return process.env[name]; }`, 'a.ts': `import { getEnv } from '@/lib/env';\nexport async function f(name: string) { return getEnv(name); }` },
    tables: ['secrets'],
  },
  {
    name: 'the same helper handed a fixed name reads nothing the caller chose',
    files: { 'lib/env.ts': `export async function getEnv(name: string) { return process.env[name]; }`, 'a.ts': `import { getEnv } from '@/lib/env';\nexport async function f(email: string) { const allowed = await getEnv('EMAIL_WHITELIST'); return allowed?.includes(email); }` },
    tables: [],
  },
];

void describe('reads by table', () => {
  for (const row of rows) {
    void test(row.name, () => {
      assert.deepEqual((factsOf(row.files, 'a.ts', 'f').reads ?? []).map((read) => read.table), row.tables);
    });
  }
});
