/**
 * missing-ownership-check on a fixture app: the caller is read through a helper in another file, records are
 * picked by ids the actions are sent, and only the write that nothing ties to the caller is reported.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { lineIn } from '../fixture-lines';
import { endpoint, scanFixture } from '../helpers';

const FIXTURE = 'rules-ownership';
const ACTIONS = 'app/videos/actions.ts';

void describe('rules-ownership: a record the input picks, tied to the caller or not', () => {
  void test('only the delete by a bare id is an ownership gap', async () => {
    const result = await scanFixture(FIXTURE);
    const flagged = result.endpoints.filter((item) => item.findings.some((finding) => finding.ruleId === 'missing-ownership-check')).map((item) => item.name);
    assert.deepEqual(flagged.sort(), ['POST', 'deleteProject', 'deleteVideo']);
  });

  void test('a role held in the team the input names does not cover a record another input picks; a site-wide role does', async () => {
    const result = await scanFixture(FIXTURE);
    const gap = endpoint(result, 'app/teams/actions.ts', 'deleteProject').signals?.ownershipGap;
    assert.equal(gap?.line, lineIn(FIXTURE, 'app/teams/actions.ts', 'await db.delete(projects).where(eq(projects.id, projectId));', 1));
    assert.equal(endpoint(result, 'app/teams/actions.ts', 'deleteTeamProject').signals?.ownershipGap, undefined);
    assert.equal(endpoint(result, 'app/teams/actions.ts', 'purgeProject').signals?.ownershipGap, undefined);
  });

  void test('a write handed two inputs, the test of its answer and the error response tie neither input to the other', async () => {
    const route = 'app/api/teams/[teamId]/projects/route.ts';
    const gap = endpoint(await scanFixture(FIXTURE), route, 'POST').signals?.ownershipGap;
    assert.equal(gap?.line, lineIn(FIXTURE, route, 'await db.delete(projects)'));
  });

  void test('the finding points at the write and says why', async () => {
    const item = endpoint(await scanFixture(FIXTURE), ACTIONS, 'deleteVideo');
    const finding = item.findings.find((candidate) => candidate.ruleId === 'missing-ownership-check');
    assert.ok(finding);
    assert.equal(finding.severity, 'warning');
    assert.equal(finding.line, lineIn(FIXTURE, ACTIONS, 'await db.delete(videos)'));
    assert.match(finding.message, /nothing ties it to the caller/);
    assert.equal(item.auth, 'protected', 'an ownership gap is not missing auth: the caller is checked');
  });

  void test('a lookup then an owner comparison, and an owner in the filter, both tie the write', async () => {
    const result = await scanFixture(FIXTURE);
    for (const name of ['editTitle', 'renameVideo', 'createVideo']) {
      assert.equal(endpoint(result, ACTIONS, name).signals?.ownershipGap, undefined, name);
    }
  });
});
