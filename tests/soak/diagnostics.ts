/**
 * Where a slow request spent its time, for the soak's report. autocannon measures from the moment
 * it writes a request; the server's request log (its responseTime, server/http/request-log.ts)
 * from the moment the handler starts. The difference is time spent before the server read the
 * request: waiting in the kernel's accept queue, or for the event loop. And when the accept queue is full, the kernel drops
 * the connection attempt (ListenOverflows) and the client retries its SYN 1, 3, 7, 15 s later.
 */
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { summarise } from '../../bench/stats.ts';

/** The kernel's count of connections dropped because a listen queue was full (all sockets of this host). */
export async function listenOverflows(): Promise<number> {
  const lines = (await readFile('/proc/net/netstat', 'utf8')).split('\n');
  for (let i = 0; i + 1 < lines.length; i += 2) {
    const names = lines[i]!.split(/\s+/);
    const values = lines[i + 1]!.split(/\s+/);
    const at = names.indexOf('ListenOverflows');
    if (names[0] === 'TcpExt:' && at > 0) return Number(values[at]);
  }
  throw new Error('/proc/net/netstat has no TcpExt ListenOverflows');
}

export interface ServerTimes {
  requests: number;
  p50: number;
  p99: number;
  max: number;
}

/**
 * The server's own response times (ms) for requests whose path starts with `pathPrefix`, logged
 * between `from` and `to` (epoch ms), read from its JSON-lines request log.
 */
export async function serverTimes(logPath: string, pathPrefix: string, from: number, to: number): Promise<ServerTimes> {
  const times: number[] = [];
  for await (const line of createInterface({ input: createReadStream(logPath), crlfDelay: Infinity })) {
    if (!line.includes('"responseTime"')) continue;
    const entry = JSON.parse(line) as { time: number; req?: { url?: string }; responseTime?: number };
    if (entry.time < from || entry.time > to || !entry.req?.url?.startsWith(pathPrefix) || entry.responseTime === undefined) continue;
    times.push(entry.responseTime);
  }
  if (times.length === 0) return { requests: 0, p50: 0, p99: 0, max: 0 };
  const sorted = times.sort((a, b) => a - b);
  return { requests: sorted.length, p50: summarise(sorted).median, p99: sorted[Math.floor(0.99 * (sorted.length - 1))]!, max: sorted.at(-1)! };
}
