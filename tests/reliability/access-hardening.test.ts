/**
 * Issue 20, items 11–13, on both databases:
 *  11  the sign-in limit keys on the canonical account: `rlİmit2` (dotted capital I) or `RLIMIT2`
 *      cannot sign in as `rlimit2` once the limit has locked it
 *  12  changing or resetting a password revokes the user's API tokens; re-enabling a disabled user
 *      does not bring its tokens back
 *  13  history events are readable only for layers the reader may edit (admins: all); editors' own
 *      history and undo keep working
 */
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeUser, PASSWORD, signIn, type TestUser } from '../helpers/auth.ts';
import { testApp } from '../helpers/app.ts';
import { onEachDatabase } from '../helpers/db.ts';
import { SITE } from '../fixtures/edit/features.ts';

const XRW = ['X-Requested-With', 'fetch'] as const;

onEachDatabase(({ db }) => {
  let app: ReturnType<typeof testApp>;
  let admin: TestUser;

  beforeAll(async () => {
    app = testApp(db(), {}, { actAs: 'anonymous' });
    admin = await makeUser(db(), 'harden-admin', 'admin');
  });

  describe('11: the sign-in limit and Unicode case folding', () => {
    it('once rlimit2 is locked, no spelling of it signs in (each attempt from a fresh IP)', async () => {
      await makeUser(db(), 'rlimit2', 'viewer');
      // per IP 2 failures, per account 4: fresh IPs reach the account limit
      const limited = testApp(db(), { LOGIN_RATE_LIMIT: 2, TRUST_PROXY: true }, { actAs: 'anonymous' });
      let ip = 0;
      const login = (username: string, password: string) =>
        request(limited)
          .post('/api/auth/login')
          .set(...XRW)
          .set('X-Forwarded-For', `10.20.0.${++ip}`)
          .send({ username, password });
      for (let i = 0; i < 4; i++) expect((await login('rlimit2', `wrong-guess-${i}`)).status).toBe(401);
      expect((await login('rlimit2', PASSWORD)).status).toBe(429);
      for (const spelling of ['RLIMIT2', 'rLiMiT2', 'rl\u0130mit2', 'rl\u0131mit2', 'ｒｌｉｍｉｔ２', 'rlimit2\u0307']) {
        const res = await login(spelling, PASSWORD);
        expect(res.status, `${spelling}: ${res.text.slice(0, 200)}`).not.toBe(200);
        expect([401, 429], spelling).toContain(res.status);
      }
      // the right password on an unlocked app still works: the account itself is fine
      await signIn(app, 'rlimit2');
    });

    it('user names are matched in one folding: ASCII case only', async () => {
      await makeUser(db(), 'Fold.Me', 'viewer');
      await signIn(app, 'fold.me');
      await signIn(app, 'FOLD.ME');
      const dotted = await request(app)
        .post('/api/auth/login')
        .set(...XRW)
        .send({ username: 'FOLD.ME'.replace('O', '\u00d6'), password: PASSWORD });
      expect(dotted.status).toBe(401);
      const turkish = await request(app)
        .post('/api/auth/login')
        .set(...XRW)
        .send({ username: 'fold.me'.replace('o', 'o\u0301'), password: PASSWORD });
      expect(turkish.status).toBe(401);
    });
  });

  describe('12: API tokens end with the password', () => {
    const works = async (u: TestUser) => (await request(app).get('/api/auth/me').set('Authorization', u.bearer)).status;

    it('changing one’s own password revokes one’s API tokens', async () => {
      const u = await makeUser(db(), 'tok-changer', 'viewer');
      expect(await works(u)).toBe(200);
      const cookie = await signIn(app, u.username);
      await request(app)
        .post('/api/auth/password')
        .set('Cookie', cookie)
        .set(...XRW)
        .send({ currentPassword: PASSWORD, newPassword: 'another long secret' })
        .expect(204);
      expect(await works(u)).toBe(401);
      // the session that changed it stays signed in
      expect((await request(app).get('/api/auth/me').set('Cookie', cookie)).body.user.username).toBe(u.username);
    });

    it('an admin resetting the password revokes the user’s API tokens', async () => {
      const u = await makeUser(db(), 'tok-reset', 'editor', ['construction_sites']);
      expect(await works(u)).toBe(200);
      await request(app).patch(`/api/admin/users/${u.id}`).set('Authorization', admin.bearer).send({ password: 'reset by the admin' }).expect(200);
      expect(await works(u)).toBe(401);
    });

    it('a disabled user’s tokens stay dead when the user is enabled again', async () => {
      const u = await makeUser(db(), 'tok-disabled', 'viewer');
      expect(await works(u)).toBe(200);
      await request(app).patch(`/api/admin/users/${u.id}`).set('Authorization', admin.bearer).send({ disabled: true }).expect(200);
      expect(await works(u)).toBe(401);
      await request(app).patch(`/api/admin/users/${u.id}`).set('Authorization', admin.bearer).send({ disabled: false }).expect(200);
      expect(await works(u)).toBe(401);
      // a fresh sign-in works: the account is back, its old tokens are not
      await signIn(app, u.username);
    });

    it('an admin changing only the role or layers leaves the tokens alone', async () => {
      const u = await makeUser(db(), 'tok-kept', 'viewer');
      await request(app)
        .patch(`/api/admin/users/${u.id}`)
        .set('Authorization', admin.bearer)
        .send({ role: 'editor', layers: ['gas_stations'] })
        .expect(200);
      expect(await works(u)).toBe(200);
    });
  });

  describe('13: history events only for layers one may edit', () => {
    let siteEditor: TestUser;
    let gasEditor: TestUser;
    let viewer: TestUser;
    let eventId: number;

    beforeAll(async () => {
      siteEditor = await makeUser(db(), 'ev-sites', 'editor', ['construction_sites']);
      gasEditor = await makeUser(db(), 'ev-gas', 'editor', ['gas_stations']);
      viewer = await makeUser(db(), 'ev-viewer', 'viewer');
      const created = await request(app).post('/ogc/collections/construction_sites/items').set('Authorization', siteEditor.bearer).send(SITE).expect(201);
      const h = await request(app).get(`/api/features/construction_sites/${created.body.id}/history`).set('Authorization', siteEditor.bearer).expect(200);
      eventId = h.body.entries[0].eventId;
    });

    it('a viewer and an editor of another layer are refused, and cannot tell events from gaps', async () => {
      for (const u of [viewer, gasEditor]) {
        const res = await request(app).get(`/api/history/events/${eventId}`).set('Authorization', u.bearer);
        expect(res.status).toBe(403);
        expect(res.body.error.code).toBe('FORBIDDEN');
        expect(JSON.stringify(res.body)).not.toContain('ev-sites');
      }
      await request(app).get(`/api/history/events/${eventId}`).expect(401);
      // walking ids reveals nothing either: a missing event and a foreign one answer the same to a viewer
      const missing = await request(app).get('/api/history/events/999999999').set('Authorization', viewer.bearer);
      expect(missing.status).toBe(403);
    });

    it('the layer’s editor and admins read it; the editor can still undo it', async () => {
      for (const u of [siteEditor, admin]) {
        const res = await request(app).get(`/api/history/events/${eventId}`).set('Authorization', u.bearer).expect(200);
        expect(res.body.event).toMatchObject({ id: eventId, kind: 'create', layer: 'construction_sites', user: { username: 'ev-sites' } });
      }
      await request(app).get('/api/history/events/999999999').set('Authorization', admin.bearer).expect(404);
      await request(app).post(`/api/history/events/${eventId}/undo`).set('Authorization', siteEditor.bearer).expect(200);
    });
  });
});
