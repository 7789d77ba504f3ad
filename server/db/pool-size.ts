/**
 * How many connections the server opens to PostGIS when DB_POOL_SIZE does not say.
 *
 * A PostGIS server on another machine has its own cores: 10 connections keep it busy. A PostGIS
 * server on this machine shares its cores with this process, and every busy connection is a
 * backend process competing for them with our one event-loop thread. With 10 busy backends on two
 * cores the event loop got a tenth of the CPU: requests waited in their sockets, unread, for up to
 * 14 s beyond the server's own 4 s (the soak, docs/RELIABILITY.md §6). Twice the cores keeps the
 * database busy and leaves the event loop its turn.
 */
import { availableParallelism } from 'node:os';

const REMOTE_POOL_SIZE = 10;
const LOCAL_HOSTS = new Set(['', 'localhost', '127.0.0.1', '[::1]']);

/** True when the URL's host is this machine (loopback, or no host: a Unix socket). */
export function isLocalDatabase(databaseUrl: string): boolean {
  const url = new URL(databaseUrl);
  const socketHost = url.searchParams.get('host'); // postgres://…/db?host=/var/run/postgresql
  return LOCAL_HOSTS.has(url.hostname) || (socketHost?.startsWith('/') ?? false);
}

export function defaultPoolSize(databaseUrl: string, cores = availableParallelism()): number {
  return isLocalDatabase(databaseUrl) ? Math.min(REMOTE_POOL_SIZE, Math.max(4, 2 * cores)) : REMOTE_POOL_SIZE;
}
