/**
 * GraphQL codegen documents whose generated file is not in the repository: the `.graphql` operation a document is
 * named after says whether a call handed it writes, and the helper's credential mode says whose the write is.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { GraphqlOperations } from '../../src/analyzers/graphql-operations';
import type { FileHost } from '../../src/analyzers/host';
import { endpoint, scanFixture } from '../helpers';

const FIXTURE = 'actions-graphql';
const ACTIONS = 'app/account/actions.ts';

function hostOf(files: Record<string, string>): FileHost {
  return { readFile: (path: string) => files[path] } as unknown as FileHost;
}

void describe('GraphqlOperations', () => {
  const files = {
    '/a/AddressDelete.graphql': '# mutation NotThis\nmutation AddressDelete($id: ID!) { accountAddressDelete(id: $id) { errors { message } } }',
    '/a/Me.gql': 'query CurrentUser { me { id } }\nfragment UserFields on User { id }\nsubscription OnOrder { order { id } }',
    '/a/huge.graphql': `mutation Huge { x }${' '.repeat(300 * 1024)}`,
  };
  const operations = new GraphqlOperations(hostOf(files), () => [...Object.keys(files), '/a/missing.graphql']);

  void test('by the document codegen names after the operation, or by the operation itself', () => {
    assert.equal(operations.kindOf('AddressDeleteDocument'), 'mutation');
    assert.equal(operations.kindOf('CurrentUserDocument'), 'query');
    assert.equal(operations.kindOf('OnOrder'), 'subscription');
  });

  void test('comments, unknown names, missing and oversized files say nothing', () => {
    assert.equal(operations.kindOf('NotThisDocument'), undefined);
    assert.equal(operations.kindOf('UnknownDocument'), undefined);
    assert.equal(operations.kindOf('HugeDocument'), undefined);
  });
});

void describe('actions-graphql: generated documents and a helper with a credential mode', () => {
  void test('a mutation sent with the caller\'s own token is protected by the API (delegated)', async () => {
    const item = endpoint(await scanFixture(FIXTURE), ACTIONS, 'deleteAddress');
    assert.equal(item.mutates, true);
    assert.equal(item.auth, 'protected');
    assert.deepEqual(item.effects?.map((effect) => effect.scope), ['delegated']);
    assert.match(item.effects?.[0]?.message ?? '', /fetchWithAuth\(\).*the caller's cookies/);
  });

  void test('the same mutation sent with the app\'s token is missing auth', async () => {
    const item = endpoint(await scanFixture(FIXTURE), ACTIONS, 'deleteAnyAddress');
    assert.equal(item.mutates, true);
    assert.equal(item.auth, 'missing');
    assert.deepEqual(item.effects?.map((effect) => effect.scope), ['shared']);
  });

  void test('a query writes nothing', async () => {
    const item = endpoint(await scanFixture(FIXTURE), ACTIONS, 'currentUser');
    assert.equal(item.mutates, false);
    assert.equal(item.auth, 'public');
  });
});
