/**
 * Relays: a route that forwards the caller's request to another host. The host the caller names, checked against an
 * allow-list before the request (`!new URL(target).hostname.endsWith('.example.io')`), is no longer any URL: not a
 * probe. A deny-list (`hostname === 'localhost'`) leaves it one. The relay's method is the incoming request's
 * (`method: req.method`): a write under POST, a read under GET; with the caller's own Authorization forwarded, the
 * other side refuses an anonymous caller.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { endpoint, scanTempApp } from '../helpers';

function relay(check: string): string {
  return `async function handle(req: Request) {
  const target = new URL(req.url).searchParams.get('endpoint');
${check}
  const method = req.method;
  const init: RequestInit = { method, headers: { authorization: req.headers.get('authorization') ?? '' }, body: method === 'GET' ? null : req.body };
  return fetch(\`\${target}/data\`, init);
}
export const GET = handle;
export const POST = handle;`;
}

const ALLOW = "  if (!target || !new URL(target).hostname.endsWith('.example.io')) return new Response('no', { status: 403 });";
const DENY = "  if (!target || new URL(target).hostname === 'localhost') return new Response('no', { status: 403 });";

const cases: { name: string; check: string; expect: Record<string, { auth: string; mutates: boolean; probe: boolean }> }[] = [
  {
    name: 'an allow-listed host with the caller\'s own credential: POST writes as the caller, GET reads',
    check: ALLOW,
    expect: { POST: { auth: 'protected', mutates: true, probe: false }, GET: { auth: 'public', mutates: false, probe: false } },
  },
  {
    name: 'a deny-list leaves the caller choosing the host: a probe under either method',
    check: DENY,
    expect: { POST: { auth: 'missing', mutates: true, probe: true }, GET: { auth: 'missing', mutates: false, probe: true } },
  },
  {
    name: 'no check at all: a probe',
    check: '',
    expect: { GET: { auth: 'missing', mutates: false, probe: true } },
  },
];

void describe('relays to another host', () => {
  for (const item of cases) {
    void test(item.name, () => {
      const result = scanTempApp({ 'app/api/relay/route.ts': relay(item.check) });
      for (const [method, expected] of Object.entries(item.expect)) {
        const route = endpoint(result, 'app/api/relay/route.ts', method);
        const where = `${method}: ${JSON.stringify(route.evidence)}`;
        assert.equal(route.auth, expected.auth, where);
        assert.equal(route.mutates, expected.mutates, where);
        assert.equal(!!route.effects?.some((effect) => effect.kind === 'probe'), expected.probe, where);
      }
    });
  }
});
