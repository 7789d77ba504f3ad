import type { AddressInfo } from 'node:net';
import type { Db } from '../../server/db/db.ts';
import { testApp, type TestAppOptions } from './app.ts';

/** The real app on a real loopback socket, for clients that are separate programs (GDAL, Chromium). */
export async function listen(db: Db, opts: TestAppOptions = {}): Promise<{ url: string; close: () => Promise<void> }> {
  const server = testApp(db, {}, opts).listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
