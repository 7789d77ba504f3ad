/**
 * `npm run test:prepare`: what a test run's global setup would otherwise make before the first test
 * can start — the migrated embedded database's dump and the client built with its test hooks —
 * made now, both at once. .ci/run runs it beside the type check and lint, whose cores are not all
 * busy; the run's global setup then finds both fresh and goes straight to the tests.
 */
import { ensureClientBuiltAsync } from './client-build.ts';
import { pgliteTemplate } from './pglite-template.ts';

const [template, client] = await Promise.all([pgliteTemplate(), ensureClientBuiltAsync('test')]);
console.log(`embedded template: ${template}\nclient with test hooks: ${client}`);
