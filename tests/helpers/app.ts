import { pino } from 'pino';
import { createApp } from '../../server/app.ts';
import type { Db } from '../../server/db/db.ts';

/** The real Express app over a test database, silent. */
export function testApp(db: Db, config: { TIANDITU_KEY?: string; BASEMAP_URL?: string } = {}) {
  return createApp({ db, config, logger: pino({ level: 'silent' }) });
}
