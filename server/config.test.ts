import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('has defaults for a fresh machine: port 8080, embedded database in ./.data, demo data on', () => {
    const { config, unknownKeys } = loadConfig({});
    expect(config).toMatchObject({ PORT: 8080, DATA_DIR: './.data', SEED_DEMO: true });
    expect(config.DATABASE_URL).toBeUndefined();
    expect(unknownKeys).toEqual([]);
  });
  it('reads and coerces the documented keys', () => {
    const { config } = loadConfig({ PORT: '9000', SEED_DEMO: 'false', DATABASE_URL: 'postgres://u:p@h/db' });
    expect(config.PORT).toBe(9000);
    expect(config.SEED_DEMO).toBe(false);
    expect(config.DATABASE_URL).toBe('postgres://u:p@h/db');
  });
  it('reports unknown keys that look like ours, and rejects invalid values with the key named', () => {
    expect(loadConfig({ DATABASE_ULR: 'x' }).unknownKeys).toEqual(['DATABASE_ULR']);
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
  });
  it('reads the access keys: flags, proxy trust as boolean, hop count or subnet list', () => {
    const { config } = loadConfig({ READ_REQUIRES_LOGIN: 'true', TRUST_PROXY: '1', COOKIE_SECURE: 'true', ADMIN_PASSWORD: 'long enough secret' });
    expect(config).toMatchObject({ READ_REQUIRES_LOGIN: true, TRUST_PROXY: 1, COOKIE_SECURE: 'true', ADMIN_USERNAME: 'admin', LOGIN_RATE_LIMIT: 10 });
    expect(loadConfig({}).config).toMatchObject({ READ_REQUIRES_LOGIN: false, TRUST_PROXY: false, SESSION_TTL_HOURS: 12 });
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }).config.TRUST_PROXY).toBe('loopback, 10.0.0.0/8');
    expect(() => loadConfig({ ADMIN_PASSWORD: 'short' })).toThrow(/ADMIN_PASSWORD/);
    expect(loadConfig({ ADMIN_PASWORD: 'x' }).unknownKeys).toEqual(['ADMIN_PASWORD']);
  });
});
