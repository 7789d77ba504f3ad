/**
 * The server's log: JSON lines for log collectors, or readable coloured lines (pino-pretty) when a
 * person watches a terminal. Start-up messages about the first admin live here so they are tested.
 */
import { pino, type DestinationStream, type Logger } from 'pino';
import pinoPretty from 'pino-pretty';
import type { Config } from './config.ts';

export function createLogger(level: Config['LOG_LEVEL'], opts: { pretty: boolean; destination?: DestinationStream | NodeJS.WritableStream }): Logger {
  const out = opts.destination ?? process.stdout;
  if (!opts.pretty) return pino({ level }, out as DestinationStream);
  // in-process and synchronous (no transport worker): every start-up line is out before the next step
  const pretty = pinoPretty({
    destination: out,
    sync: true,
    colorize: out === process.stdout && process.stdout.isTTY,
    translateTime: 'SYS:HH:MM:ss',
    ignore: 'pid,hostname',
    singleLine: true,
  });
  return pino({ level }, pretty);
}

/** The mark around the one line that holds a generated first-admin password. */
export const PASSWORD_LINE = '>>> first admin password (shown once): ';

/** What ensureFirstAdmin did, said at start-up; a set ADMIN_PASSWORD that had no effect is no longer silent. */
export function announceFirstAdmin(
  logger: Logger,
  admin: { created: false } | { created: true; username: string; generatedPassword?: string },
  opts: { passwordSet: boolean },
): void {
  if (admin.created && admin.generatedPassword) {
    logger.warn(
      `first start: created admin "${admin.username}" with a random password — sign in and change it (修改密码 / Change password in the header, or POST /api/auth/password); it is not shown again`,
    );
    logger.warn(`${PASSWORD_LINE}${admin.generatedPassword}`);
  } else if (admin.created) logger.info(`first start: created admin "${admin.username}" with the password from ADMIN_PASSWORD`);
  else if (opts.passwordSet)
    logger.warn(
      "ADMIN_PASSWORD is set but accounts already exist: it was ignored and no password was changed (it only applies to the first start); remove it from the environment. To change a password: 修改密码 / Change password in the header, an admin's 账户管理 / Accounts, or `npm run admin -- reset <username>`",
    );
}
