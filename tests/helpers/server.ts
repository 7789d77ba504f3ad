import type { RequestListener } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Db } from '../../server/db/db.ts';
import { testApp, type TestAppOptions } from './app.ts';

export interface Listening {
  url: string;
  close: () => Promise<void>;
}

/** Any request handler (an Express app) on a real loopback socket. */
export async function listenOnLoopback(handler: RequestListener): Promise<Listening> {
  const server = createServer(handler).listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The real app on a real loopback socket, for clients that are separate programs (GDAL, Chromium). */
export function listen(db: Db, opts: TestAppOptions = {}): Promise<Listening> {
  return listenOnLoopback(testApp(db, {}, opts));
}
