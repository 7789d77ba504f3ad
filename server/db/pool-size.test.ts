import { describe, expect, it } from 'vitest';
import { defaultPoolSize, isLocalDatabase } from './pool-size.ts';

describe('defaultPoolSize', () => {
  it('knows a database on this machine: loopback names and Unix sockets', () => {
    for (const url of [
      'postgres://u:p@127.0.0.1:5432/db',
      'postgres://localhost/db',
      'postgres://[::1]:5433/db',
      'postgres:///db',
      'postgres:///db?host=/var/run/postgresql',
    ])
      expect(isLocalDatabase(url), url).toBe(true);
    for (const url of ['postgres://db.internal:5432/db', 'postgres://10.0.0.5/db', 'postgres://127.0.0.1.example.com/db'])
      expect(isLocalDatabase(url), url).toBe(false);
  });

  it('gives a local database twice the cores (at least 4, at most 10) and a remote one 10', () => {
    expect(defaultPoolSize('postgres://127.0.0.1/db', 2)).toBe(4);
    expect(defaultPoolSize('postgres://127.0.0.1/db', 3)).toBe(6);
    expect(defaultPoolSize('postgres://127.0.0.1/db', 16)).toBe(10);
    expect(defaultPoolSize('postgres://db.internal/db', 2)).toBe(10);
  });
});
