/**
 * Issue 20, item 3: the last enabled admin cannot disappear, even when two admins demote, disable
 * or delete each other at the same moment. Before the fix (PostGIS server) both requests counted
 * one other admin and both went ahead, leaving none in most rounds.
 */
import request from 'supertest';
import { beforeAll, expect, it } from 'vitest';
import { makeUser, type TestUser } from '../helpers/auth.ts';
import { testApp } from '../helpers/app.ts';
import { onEachDatabase } from '../helpers/db.ts';

const ROUNDS = 16;

type Action = 'demote' | 'disable' | 'delete';
const ACTIONS: [Action, Action][] = [
  ['demote', 'demote'],
  ['disable', 'disable'],
  ['delete', 'delete'],
  ['demote', 'disable'],
];

onEachDatabase(({ kind, db }) => {
  let app: ReturnType<typeof testApp>;
  beforeAll(() => {
    app = testApp(db(), {}, { actAs: 'anonymous' });
  });

  const act = (by: TestUser, on: TestUser, action: Action) => {
    const path = `/api/admin/users/${on.id}`;
    if (action === 'delete') return request(app).delete(path).set('Authorization', by.bearer);
    return request(app)
      .patch(path)
      .set('Authorization', by.bearer)
      .send(action === 'demote' ? { role: 'viewer' } : { disabled: true });
  };

  it(`two admins removing each other at once always leave one enabled admin (${kind}, ${ROUNDS} rounds)`, async () => {
    const outcomes: Record<string, number> = {};
    for (let round = 0; round < ROUNDS; round++) {
      // exactly two enabled admins at the start of every round
      await db().query(`UPDATE users SET disabled = true WHERE role = 'admin'`);
      const a = await makeUser(db(), `adm-a-${round}`, 'admin');
      const b = await makeUser(db(), `adm-b-${round}`, 'admin');
      const [actionA, actionB] = ACTIONS[round % ACTIONS.length]!;
      const [ra, rb] = await Promise.all([act(a, b, actionA), act(b, a, actionB)]);
      for (const r of [ra, rb]) {
        // the loser is refused as the last admin (409), or finds itself no longer an admin (401/403)
        expect([200, 204, 401, 403, 409], JSON.stringify(r.body)).toContain(r.status);
        outcomes[r.status] = (outcomes[r.status] ?? 0) + 1;
      }
      expect([ra, rb].filter((r) => r.status < 300)).toHaveLength(1);
      const [left] = await db().query<{ n: number }>(`SELECT count(*)::int AS n FROM users WHERE role = 'admin' AND NOT disabled AND username IN ($1, $2)`, [
        a.username,
        b.username,
      ]);
      expect(left!.n, `round ${round}: ${actionA}/${actionB} left no enabled admin`).toBe(1);
    }
    console.log(`last admin (${kind}): ${ROUNDS} rounds, answers ${JSON.stringify(outcomes)}`);
  }, 180_000);
});
