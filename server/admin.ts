/**
 * The operators' way back in when no admin can sign in (README, "Accounts"):
 *
 *   npm run admin -- reset <username>                  # new random password, printed once
 *   ADMIN_PASSWORD=… npm run admin -- reset <username> # that password
 *   npm run admin -- reset <username> --password-stdin # the first line of standard input
 *
 * Makes <username> an enabled admin with the new password, creating the account when there is none;
 * an existing account's sessions end. Works on the database the server uses (DATABASE_URL, or the
 * embedded one in DATA_DIR — stop the server first: one process at a time opens that directory).
 */
import { createInterface } from 'node:readline';
import { loadConfig } from './config.ts';
import { PASSWORD_MAX, PASSWORD_MIN } from './features/auth/passwords.ts';
import { randomPassword } from './features/auth/secrets.ts';
import { usernameSchema } from './features/auth/auth.contract.ts';

const USAGE = 'usage: npm run admin -- reset <username> [--password-stdin]   (or ADMIN_PASSWORD=… for the password)';

async function firstLine(): Promise<string> {
  for await (const line of createInterface({ input: process.stdin })) return line;
  return '';
}

async function main(): Promise<number> {
  const [action, username, ...flags] = process.argv.slice(2);
  if (action !== 'reset' || !username || flags.some((f) => f !== '--password-stdin')) {
    console.error(USAGE);
    return 2;
  }
  const name = usernameSchema.safeParse(username);
  if (!name.success) {
    console.error(`invalid user name "${username}": 2–64 of A–Z a–z 0–9 _ . @ -`);
    return 2;
  }
  const { config } = loadConfig();
  const given = flags.includes('--password-stdin') ? await firstLine() : config.ADMIN_PASSWORD;
  if (given !== undefined && (given.length < PASSWORD_MIN || given.length > PASSWORD_MAX)) {
    console.error(`the password must have ${PASSWORD_MIN}–${PASSWORD_MAX} characters`);
    return 2;
  }
  const password = given ?? randomPassword();
  // the database modules (both drivers, the layer catalogue) load only once the input is good: a
  // refusal answers without them (~0.25 s of CPU less)
  const [{ openDb }, { migrate }, { resetAdmin }] = await Promise.all([
    import('./db/open.ts'),
    import('./db/migrate.ts'),
    import('./features/auth/users.service.ts'),
  ]);
  const db = await openDb({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR, poolSize: 1 });
  try {
    await migrate(db);
    const { created, user } = await resetAdmin(db, name.data, password);
    console.log(`${created ? 'created' : 'reset'} admin "${user.username}" (id ${user.id})${created ? '' : '; its sessions were ended'}`);
    if (given === undefined) console.log(`password: ${password}`);
  } finally {
    await db.close();
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
