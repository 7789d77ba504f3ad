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
});
