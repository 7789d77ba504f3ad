/**
 * Accounts and access: sign-in with a hashed password and an HttpOnly SameSite cookie, bearer API
 * tokens stored hashed, admin-only user management, CSRF defence for cookie writes, the
 * READ_REQUIRES_LOGIN switch, login rate limiting and the first-admin bootstrap — on both databases.
 */
import { Writable } from 'node:stream';
import { pino } from 'pino';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import {
  createdTokenSchema,
  loginResponseSchema,
  meResponseSchema as meSchema,
  tokenListSchema,
  userListSchema,
  userResponseSchema,
} from '../../server/features/auth/auth.contract.ts';
import { ensureFirstAdmin } from '../../server/features/auth/users.service.ts';
import { makeUser, PASSWORD, signIn, type TestUser } from '../helpers/auth.ts';
import { testApp } from '../helpers/app.ts';
import { onEachDatabase } from '../helpers/db.ts';

const XRW = ['X-Requested-With', 'fetch'] as const;

onEachDatabase(({ db }) => {
  let app: ReturnType<typeof testApp>;
  let admin: TestUser;
  let editor: TestUser;
  let viewer: TestUser;
  beforeAll(async () => {
    app = testApp(db(), {}, { actAs: 'anonymous' });
    admin = await makeUser(db(), 'auth-admin', 'admin');
    editor = await makeUser(db(), 'auth-editor', 'editor', ['construction_sites']);
    viewer = await makeUser(db(), 'auth-viewer', 'viewer');
  });

  describe('sign-in', () => {
    it('stores passwords as argon2id hashes, never as text', async () => {
      const rows = await db().query<{ password_hash: string }>('SELECT password_hash FROM users WHERE username = $1', ['auth-editor']);
      expect(rows[0]!.password_hash).toMatch(/^\$argon2id\$/);
      expect(rows[0]!.password_hash).not.toContain(PASSWORD);
    });

    it('signs in with an HttpOnly, SameSite=Lax session cookie; /me tells who; logout ends the session', async () => {
      const res = await request(app)
        .post('/api/auth/login')
        .set(...XRW)
        .send({ username: 'AUTH-EDITOR', password: PASSWORD })
        .expect(200);
      expect(loginResponseSchema.parse(res.body).user).toMatchObject({ username: 'auth-editor', role: 'editor', editableLayers: ['construction_sites'] });
      const setCookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []).join('\n');
      expect(setCookie).toMatch(/pc_session=[A-Za-z0-9_-]{43}/);
      expect(setCookie).toMatch(/HttpOnly/i);
      expect(setCookie).toMatch(/SameSite=Lax/i);
      expect(setCookie).not.toMatch(/Secure/i); // plain http here; see the https test below
      const cookie = setCookie.split(';')[0]!;
      const me = meSchema.parse((await request(app).get('/api/auth/me').set('Cookie', cookie).expect(200)).body);
      expect(me).toMatchObject({ user: { username: 'auth-editor' }, via: 'session', readRequiresLogin: false });
      // the database keeps only a hash of the cookie's token
      const token = cookie.split('=')[1]!;
      expect((await db().query('SELECT 1 FROM sessions WHERE token_hash = $1', [token])).length).toBe(0);

      await request(app)
        .post('/api/auth/logout')
        .set('Cookie', cookie)
        .set(...XRW)
        .expect(204);
      expect(meSchema.parse((await request(app).get('/api/auth/me').set('Cookie', cookie).expect(200)).body).user).toBeNull();
    });

    it('marks the cookie Secure when the request came over https through a trusted proxy', async () => {
      const behindProxy = testApp(db(), { TRUST_PROXY: 'loopback' }, { actAs: 'anonymous' });
      const res = await request(behindProxy)
        .post('/api/auth/login')
        .set(...XRW)
        .set('X-Forwarded-Proto', 'https')
        .send({ username: 'auth-viewer', password: PASSWORD })
        .expect(200);
      expect(([] as string[]).concat(res.headers['set-cookie'] ?? []).join()).toMatch(/;\s*Secure/i);
    });

    it('answers a wrong password and an unknown user alike with 401, and a disabled account cannot sign in', async () => {
      const wrong = await request(app)
        .post('/api/auth/login')
        .set(...XRW)
        .send({ username: 'auth-viewer', password: 'nope-nope-nope' })
        .expect(401);
      const unknown = await request(app)
        .post('/api/auth/login')
        .set(...XRW)
        .send({ username: 'nobody-here', password: 'nope-nope-nope' })
        .expect(401);
      expect(wrong.body.error.code).toBe('INVALID_CREDENTIALS');
      expect(unknown.body).toEqual(wrong.body);
      expect(wrong.headers['set-cookie']).toBeUndefined();
      await makeUser(db(), 'auth-disabled', 'viewer');
      await db().query(`UPDATE users SET disabled = true WHERE username = 'auth-disabled'`);
      await request(app)
        .post('/api/auth/login')
        .set(...XRW)
        .send({ username: 'auth-disabled', password: PASSWORD })
        .expect(401);
    });

    it('validates the body', async () => {
      await request(app)
        .post('/api/auth/login')
        .set(...XRW)
        .send({ username: 'x' })
        .expect(400);
      await request(app)
        .post('/api/auth/login')
        .set(...XRW)
        .set('Content-Type', 'application/json')
        .send('{"username":')
        .expect(400);
    });

    it('rate-limits failed sign-ins per client: 429 with Retry-After, and then even the right password waits', async () => {
      const limited = testApp(db(), { LOGIN_RATE_LIMIT: 3 }, { actAs: 'anonymous' });
      for (let i = 0; i < 3; i++)
        await request(limited)
          .post('/api/auth/login')
          .set(...XRW)
          .send({ username: 'auth-viewer', password: `guess-${i}-guess` })
          .expect(401);
      const res = await request(limited)
        .post('/api/auth/login')
        .set(...XRW)
        .send({ username: 'auth-viewer', password: PASSWORD })
        .expect(429);
      expect(res.body.error.code).toBe('TOO_MANY_ATTEMPTS');
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    });

    it('does not count successful sign-ins against the limit', async () => {
      const limited = testApp(db(), { LOGIN_RATE_LIMIT: 2 }, { actAs: 'anonymous' });
      for (let i = 0; i < 5; i++)
        await request(limited)
          .post('/api/auth/login')
          .set(...XRW)
          .send({ username: 'auth-viewer', password: PASSWORD })
          .expect(200);
    });

    it('changes one’s own password (old one stops working, other sessions end)', async () => {
      await makeUser(db(), 'auth-changer', 'viewer');
      const a = await signIn(app, 'auth-changer');
      const b = await signIn(app, 'auth-changer');
      await request(app)
        .post('/api/auth/password')
        .set('Cookie', a)
        .set(...XRW)
        .send({ currentPassword: 'wrong-wrong-wrong', newPassword: 'a brand new secret' })
        .expect(401);
      await request(app)
        .post('/api/auth/password')
        .set('Cookie', a)
        .set(...XRW)
        .send({ currentPassword: PASSWORD, newPassword: 'short' })
        .expect(400);
      await request(app)
        .post('/api/auth/password')
        .set('Cookie', a)
        .set(...XRW)
        .send({ currentPassword: PASSWORD, newPassword: 'a brand new secret' })
        .expect(204);
      expect((await request(app).get('/api/auth/me').set('Cookie', a)).body.user.username).toBe('auth-changer');
      expect((await request(app).get('/api/auth/me').set('Cookie', b)).body.user).toBeNull();
      await request(app)
        .post('/api/auth/login')
        .set(...XRW)
        .send({ username: 'auth-changer', password: PASSWORD })
        .expect(401);
      await signIn(app, 'auth-changer', 'a brand new secret');
    });
  });

  describe('CSRF defence for cookie-authenticated writes', () => {
    it('refuses a cookie write without X-Requested-With, or from another origin; a bearer token needs neither', async () => {
      const cookie = await signIn(app, 'auth-admin');
      const body = { username: 'csrf-victim', password: PASSWORD, role: 'admin' };
      const bare = await request(app).post('/api/admin/users').set('Cookie', cookie).send(body).expect(403);
      expect(bare.body.error.code).toBe('CSRF_REJECTED');
      await request(app)
        .post('/api/admin/users')
        .set('Cookie', cookie)
        .set(...XRW)
        .set('Origin', 'https://evil.example')
        .send(body)
        .expect(403);
      await request(app)
        .post('/api/admin/users')
        .set('Cookie', cookie)
        .set(...XRW)
        .set('Sec-Fetch-Site', 'cross-site')
        .send(body)
        .expect(403);
      expect((await db().query(`SELECT 1 FROM users WHERE username = 'csrf-victim'`)).length).toBe(0);
      // same origin (supertest's Host) passes
      const host = '127.0.0.1:1';
      await request(app)
        .post('/api/admin/users')
        .set('Host', host)
        .set('Origin', `http://${host}`)
        .set('Cookie', cookie)
        .set(...XRW)
        .send(body)
        .expect(201);
      await request(app)
        .post('/api/admin/users')
        .set('Authorization', admin.bearer)
        .send({ ...body, username: 'csrf-bearer' })
        .expect(201);
    });

    it('guards sign-in itself against login CSRF', async () => {
      await request(app).post('/api/auth/login').send({ username: 'auth-viewer', password: PASSWORD }).expect(403);
    });
  });

  describe('API tokens', () => {
    it('are created from a signed-in session, shown once, stored hashed, usable as Bearer, and revocable', async () => {
      const cookie = await signIn(app, 'auth-editor');
      const created = await request(app)
        .post('/api/auth/tokens')
        .set('Cookie', cookie)
        .set(...XRW)
        .send({ name: 'nightly import', expiresInDays: 30 })
        .expect(201);
      const token = createdTokenSchema.parse(created.body).token;
      expect(token).toMatch(/^pct_[A-Za-z0-9_-]{43}$/);
      expect(created.body).toMatchObject({ name: 'nightly import', prefix: token.slice(0, 10), username: 'auth-editor' });
      expect((await db().query('SELECT 1 FROM api_tokens WHERE token_hash = $1', [token])).length).toBe(0);

      const me = await request(app).get('/api/auth/me').set('Authorization', `Bearer ${token}`).expect(200);
      expect(me.body).toMatchObject({ user: { username: 'auth-editor' }, via: 'token' });
      const list = await request(app).get('/api/auth/tokens').set('Cookie', cookie).expect(200);
      expect(tokenListSchema.parse(list.body).tokens.map((t) => t.id)).toContain(created.body.id);
      expect(JSON.stringify(list.body)).not.toContain(token);

      // a token cannot mint tokens, and others cannot revoke it
      await request(app).post('/api/auth/tokens').set('Authorization', `Bearer ${token}`).send({ name: 'child' }).expect(403);
      await request(app).delete(`/api/auth/tokens/${created.body.id}`).set('Authorization', viewer.bearer).expect(404);
      await request(app)
        .delete(`/api/auth/tokens/${created.body.id}`)
        .set('Cookie', cookie)
        .set(...XRW)
        .expect(204);
      const gone = await request(app).get('/api/auth/me').set('Authorization', `Bearer ${token}`).expect(401);
      expect(gone.body.error.code).toBe('INVALID_TOKEN');
      expect(gone.headers['www-authenticate']).toMatch(/Bearer/);
    });

    it('expired tokens and malformed headers are 401', async () => {
      await request(app).get('/api/layers').set('Authorization', 'Bearer pct_nope').expect(401);
      await request(app).get('/api/layers').set('Authorization', 'Basic YTpi').expect(401);
      await db().query(`UPDATE api_tokens SET expires_at = now() - interval '1 second' WHERE user_id = $1`, [viewer.id]);
      await request(app).get('/api/auth/me').set('Authorization', viewer.bearer).expect(401);
      await db().query(`UPDATE api_tokens SET expires_at = NULL WHERE user_id = $1`, [viewer.id]);
    });

    it('only admins list every token or make one for someone else', async () => {
      const cookie = await signIn(app, 'auth-viewer');
      await request(app).get('/api/auth/tokens?all=true').set('Cookie', cookie).expect(403);
      await request(app)
        .post('/api/auth/tokens')
        .set('Cookie', cookie)
        .set(...XRW)
        .send({ name: 'x', userId: admin.id })
        .expect(403);
      const adminCookie = await signIn(app, 'auth-admin');
      const made = await request(app)
        .post('/api/auth/tokens')
        .set('Cookie', adminCookie)
        .set(...XRW)
        .send({ name: 'for viewer', userId: viewer.id })
        .expect(201);
      expect(made.body.username).toBe('auth-viewer');
      const all = await request(app).get('/api/auth/tokens?all=true').set('Cookie', adminCookie).expect(200);
      expect(new Set(all.body.tokens.map((t: { username: string }) => t.username))).toContain('auth-editor');
    });
  });

  describe('user administration', () => {
    it('is for admins: 401 without credentials, 403 for viewers and editors', async () => {
      await request(app).get('/api/admin/users').expect(401);
      await request(app).get('/api/admin/users').set('Authorization', viewer.bearer).expect(403);
      await request(app).get('/api/admin/users').set('Authorization', editor.bearer).expect(403);
      await request(app)
        .post('/api/admin/users')
        .set('Authorization', editor.bearer)
        .send({ username: 'x-evil', password: PASSWORD, role: 'admin' })
        .expect(403);
      expect((await db().query(`SELECT 1 FROM users WHERE username = 'x-evil'`)).length).toBe(0);
    });

    it('creates, reads, updates and deletes users', async () => {
      const auth = ['Authorization', admin.bearer] as const;
      const created = await request(app)
        .post('/api/admin/users')
        .set(...auth)
        .send({ username: 'zhang.wei', password: PASSWORD, role: 'editor', displayName: '张伟', layers: ['coal_ban_zones', 'built_up_areas'] })
        .expect(201);
      const user = userResponseSchema.parse(created.body).user;
      expect(user).toMatchObject({ username: 'zhang.wei', role: 'editor', displayName: '张伟', layers: ['built_up_areas', 'coal_ban_zones'], disabled: false });
      await request(app)
        .post('/api/admin/users')
        .set(...auth)
        .send({ username: 'Zhang.Wei', password: PASSWORD, role: 'viewer' })
        .expect(409);
      await request(app)
        .post('/api/admin/users')
        .set(...auth)
        .send({ username: 'bad name', password: PASSWORD, role: 'viewer' })
        .expect(400);
      await request(app)
        .post('/api/admin/users')
        .set(...auth)
        .send({ username: 'shortpw', password: 'short', role: 'viewer' })
        .expect(400);
      await request(app)
        .post('/api/admin/users')
        .set(...auth)
        .send({ username: 'nolayer', password: PASSWORD, role: 'editor', layers: ['nope'] })
        .expect(400);

      const list = await request(app)
        .get('/api/admin/users')
        .set(...auth)
        .expect(200);
      expect(userListSchema.parse(list.body).users.map((u) => u.username)).toContain('zhang.wei');
      expect(JSON.stringify(list.body)).not.toMatch(/argon2|password/i);

      const cookie = await signIn(app, 'zhang.wei');
      const patched = await request(app)
        .patch(`/api/admin/users/${user.id}`)
        .set(...auth)
        .send({ role: 'viewer', layers: [], password: 'a fresh password' })
        .expect(200);
      expect(patched.body.user).toMatchObject({ role: 'viewer', layers: [] });
      // a new password signs the user out everywhere
      expect((await request(app).get('/api/auth/me').set('Cookie', cookie)).body.user).toBeNull();
      await signIn(app, 'zhang.wei', 'a fresh password');

      await request(app)
        .get(`/api/admin/users/${user.id}`)
        .set(...auth)
        .expect(200);
      await request(app)
        .delete(`/api/admin/users/${user.id}`)
        .set(...auth)
        .expect(204);
      await request(app)
        .get(`/api/admin/users/${user.id}`)
        .set(...auth)
        .expect(404);
      await request(app)
        .delete(`/api/admin/users/${user.id}`)
        .set(...auth)
        .expect(404);
    });

    it('never leaves the system without an enabled admin', async () => {
      const fresh = testApp(db(), {}, { actAs: 'anonymous' });
      // make every other admin a viewer, then try to demote/disable/delete the last one
      const others = await db().query<{ id: number }>(`SELECT id FROM users WHERE role = 'admin' AND id <> $1`, [admin.id]);
      const auth = ['Authorization', admin.bearer] as const;
      for (const o of others)
        await request(fresh)
          .patch(`/api/admin/users/${o.id}`)
          .set(...auth)
          .send({ role: 'viewer' })
          .expect(200);
      for (const body of [{ role: 'viewer' }, { disabled: true }]) {
        const res = await request(fresh)
          .patch(`/api/admin/users/${admin.id}`)
          .set(...auth)
          .send(body)
          .expect(409);
        expect(res.body.error.code).toBe('LAST_ADMIN');
      }
      await request(fresh)
        .delete(`/api/admin/users/${admin.id}`)
        .set(...auth)
        .expect(409);
      for (const o of others)
        await request(fresh)
          .patch(`/api/admin/users/${o.id}`)
          .set(...auth)
          .send({ role: 'admin' })
          .expect(200);
    });

    it('a disabled account loses its sessions and tokens at once', async () => {
      const temp = await makeUser(db(), 'auth-temp', 'editor', ['boilers']);
      const cookie = await signIn(app, 'auth-temp');
      await request(app).patch(`/api/admin/users/${temp.id}`).set('Authorization', admin.bearer).send({ disabled: true }).expect(200);
      expect((await request(app).get('/api/auth/me').set('Cookie', cookie)).body.user).toBeNull();
      await request(app).get('/api/auth/me').set('Authorization', temp.bearer).expect(401);
    });
  });

  describe('READ_REQUIRES_LOGIN', () => {
    it('false (default): anyone reads the data; writes still need a user', async () => {
      await request(app).get('/api/layers').expect(200);
      await request(app).get('/ogc/collections/gas_stations/items').expect(200);
      await request(app).post('/ogc/collections/gas_stations/items').send({}).expect(401);
    });

    it('true: data reads need a user; the app shell, sign-in and /me stay open', async () => {
      const closed = testApp(db(), { READ_REQUIRES_LOGIN: true }, { actAs: 'anonymous' });
      for (const path of [
        '/api/layers',
        '/API/layers',
        '/ogc/collections',
        '/ogc',
        '/api/check?lng=113.3&lat=40.1',
        '/tiles/gas_stations/10/843/388.pbf',
        '/api/layers/gas_stations/export.geojson',
      ])
        expect((await request(closed).get(path)).status, path).toBe(401);
      const me = await request(closed).get('/api/auth/me').expect(200);
      expect(me.body).toMatchObject({ user: null, readRequiresLogin: true });
      await request(closed).get('/api/layers').set('Authorization', viewer.bearer).expect(200);
      const cookie = await signIn(closed, 'auth-viewer');
      await request(closed).get('/ogc/collections').set('Cookie', cookie).expect(200);
    });
  });

  it('keeps passwords, session cookies and bearer tokens out of the request log', async () => {
    let log = '';
    const sink = new Writable({
      write: (chunk, _enc, done) => {
        log += String(chunk);
        done();
      },
    });
    const logged = createApp({ db: db(), config: {}, logger: pino({ level: 'debug' }, sink) });
    const res = await request(logged)
      .post('/api/auth/login')
      .set(...XRW)
      .send({ username: 'auth-viewer', password: PASSWORD })
      .expect(200);
    const token = String(res.headers['set-cookie']).split(';')[0]!.split('=')[1]!;
    await request(logged).get('/api/auth/me').set('Cookie', `pc_session=${token}`).expect(200);
    await request(logged).get('/api/auth/me').set('Authorization', viewer.bearer).expect(200);
    expect(log).toContain('/api/auth/me');
    expect(log).not.toContain(token);
    expect(log).not.toContain(viewer.bearer.slice(7));
    expect(log).not.toContain(PASSWORD);
  });

  it('refuses JSON bodies over the size limit with 413', async () => {
    const small = testApp(db(), { JSON_BODY_LIMIT_MB: 0.01 }, { actAs: 'anonymous' });
    const big = { username: 'x'.repeat(20_000), password: 'y' };
    const res = await request(small)
      .post('/api/auth/login')
      .set(...XRW)
      .send(big)
      .expect(413);
    expect(res.body.error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('first start creates one admin: from ADMIN_PASSWORD, or a random password returned once', async () => {
    // this database has users already: nothing happens
    expect(await ensureFirstAdmin(db(), { username: 'root' })).toEqual({ created: false });
    // on an empty users table (inside a rolled-back transaction, so the suite's users stay)
    await db()
      .transaction(async (tx) => {
        await tx.query('DELETE FROM users');
        const fake = { ...db(), query: tx.query.bind(tx) } as ReturnType<typeof db>;
        const first = await ensureFirstAdmin(fake, { username: 'root' });
        expect(first).toMatchObject({ created: true, username: 'root' });
        const password = (first as { generatedPassword: string }).generatedPassword;
        expect(password).toMatch(/^[A-Za-z0-9]{20}$/);
        expect(await ensureFirstAdmin(fake, { username: 'root2' })).toEqual({ created: false });
        const rows = await tx.query<{ role: string; password_hash: string }>(`SELECT role, password_hash FROM users WHERE username = 'root'`);
        expect(rows[0]!.role).toBe('admin');
        expect(rows[0]!.password_hash).not.toContain(password);
        throw new Error('rollback');
      })
      .catch((err: Error) => expect(err.message).toBe('rollback'));
    expect((await db().query(`SELECT 1 FROM users WHERE username = 'root'`)).length).toBe(0);
  });
});
