import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createBaseline, parseBaseline, serializeBaseline, shortMessage } from '../../src/baseline/file';
import { stableEndpointNames } from '../../src/baseline/identity';
import { endpoint, finding } from '../cli/builder';

const deletePost = endpoint({ file: 'app/actions.ts', name: 'deletePost', line: 12, auth: 'missing' });
deletePost.findings.push(finding(deletePost, 'missing-auth'), finding(deletePost, 'missing-revalidation'));
const webhook = endpoint({ kind: 'route', file: 'app/api/hook/route.ts', name: 'POST', line: 4 });
webhook.findings.push(finding(webhook, 'webhook-without-verification'));
const quiet = endpoint({ file: 'app/actions.ts', name: 'rename', line: 30 });
quiet.suppressed.push({ ...finding(quiet, 'missing-auth'), reason: 'public by design' });

void describe('createBaseline', () => {
  void test('one entry per unsuppressed finding, keyed without lines, sorted by file, endpoint, kind, rule', () => {
    const baseline = createBaseline({ endpoints: [webhook, quiet, deletePost] });
    assert.deepEqual(
      baseline.findings.map(({ rule, kind, file, endpoint: name }) => [file, name, kind, rule]),
      [
        ['app/actions.ts', 'deletePost', 'action', 'missing-auth'],
        ['app/actions.ts', 'deletePost', 'action', 'missing-revalidation'],
        ['app/api/hook/route.ts', 'POST', 'route', 'webhook-without-verification'],
      ],
    );
    assert.equal(baseline.root, '.');
  });

  void test('the same findings in another order serialize to the same bytes', () => {
    const one = serializeBaseline(createBaseline({ endpoints: [deletePost, webhook] }));
    const two = serializeBaseline(createBaseline({ endpoints: [webhook, { ...deletePost, line: 99, findings: [...deletePost.findings].reverse() }] }));
    assert.equal(one, two);
    assert.doesNotMatch(one, /"line"/);
  });

  void test('anonymous inline actions are named by their order in the file, not their line', () => {
    const first = endpoint({ file: 'app/page.tsx', name: 'inline@10', line: 10 });
    const second = endpoint({ file: 'app/page.tsx', name: 'inline@25', line: 25 });
    const named = endpoint({ file: 'app/page.tsx', name: 'save', line: 15 });
    const names = stableEndpointNames([second, named, first]);
    assert.deepEqual([names.get(first), names.get(named), names.get(second)], ['inline#0', 'save', 'inline#1']);
    const moved = stableEndpointNames([{ ...first, name: 'inline@40', line: 40 }, { ...second, name: 'inline@55', line: 55 }]);
    assert.deepEqual([...moved.values()], ['inline#0', 'inline#1']);
  });
});

void describe('shortMessage', () => {
  const cases: [string, string][] = [
    ['This Server Action writes shared data but checks no auth. Check the session inside the action.', 'This Server Action writes shared data but checks no auth.'],
    [
      'Only this app calls this POST handler (1 call, e.g. components/Form.tsx:142): a Server Action would do.',
      'Only this app calls this POST handler: a Server Action would do.',
    ],
    ['This action only reads, and app/list.tsx:60 calls it in a useEffect to load data. Use a query.', 'This action only reads, and app/list.tsx calls it in a useEffect to load data.'],
    ['What the caller sends reaches a write unchecked (db().update().set() writes what the caller sent). Validate it.', 'What the caller sends reaches a write unchecked.'],
    ['No period at the end', 'No period at the end'],
  ];
  for (const [message, expected] of cases) void test(message.slice(0, 40), () => assert.equal(shortMessage(message), expected));
  void test('long sentences are cut with an ellipsis', () => {
    const short = shortMessage(`${'word '.repeat(60)}end.`);
    assert.ok(short.length <= 160 && short.endsWith('…'), short);
  });
});

void describe('parseBaseline', () => {
  void test('reads what serializeBaseline wrote', () => {
    const written = createBaseline({ endpoints: [deletePost, webhook] }, '../apps/web');
    const parsed = parseBaseline(serializeBaseline(written));
    assert.deepEqual(parsed, { ok: true, baseline: written });
  });

  void test('an empty list is a valid baseline; root defaults to the file\'s folder', () => {
    assert.deepEqual(parseBaseline('{"version":1,"findings":[]}'), { ok: true, baseline: { version: 1, root: '.', findings: [] } });
  });

  const bad: [string, string, RegExp][] = [
    ['not JSON', '{ "version": 1,', /^not valid JSON/],
    ['empty file', '', /^not valid JSON/],
    ['an array', '[]', /^expected a JSON object/],
    ['no version', '{"findings":[]}', /^"version" must be 1, found nothing/],
    ['version as text', '{"version":"1","findings":[]}', /^"version" must be 1, found "1"/],
    ['a future version', '{"version":2,"findings":[]}', /^written for baseline version 2; this Next Boundary reads version 1/],
    ['no findings', '{"version":1}', /^"findings" must be a list/],
    ['an entry without a rule', '{"version":1,"findings":[{"kind":"action","file":"a.ts","endpoint":"x"}]}', /^findings\[0\]\.rule must be a non-empty string/],
    ['an unknown kind', '{"version":1,"findings":[{"rule":"r","kind":"page","file":"a.ts","endpoint":"x"}]}', /^findings\[0\]\.kind must be one of action, route, pages-api, procedure/],
    ['a message that is not text', '{"version":1,"findings":[{"rule":"r","kind":"route","file":"a.ts","endpoint":"GET","message":3}]}', /^findings\[0\]\.message must be a string/],
    ['an empty root', '{"version":1,"root":"","findings":[]}', /^"root" must be a folder path/],
  ];
  for (const [name, text, error] of bad) {
    void test(`refuses ${name}`, () => {
      const parsed = parseBaseline(text);
      assert.equal(parsed.ok, false);
      assert.match(parsed.ok ? '' : parsed.error, error);
    });
  }
});
