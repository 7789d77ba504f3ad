import { Writable } from 'node:stream';
import { expect, it } from 'vitest';
import { announceFirstAdmin, createLogger, PASSWORD_LINE } from './logger.ts';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  return { stream, lines };
}

it('writes JSON lines for collectors and readable lines for a terminal', () => {
  const json = capture();
  createLogger('info', { pretty: false, destination: json.stream }).info('database ready');
  expect(JSON.parse(json.lines[0]!)).toMatchObject({ level: 30, msg: 'database ready' });

  const pretty = capture();
  const log = createLogger('info', { pretty: true, destination: pretty.stream });
  log.info('database ready');
  log.debug('not at info');
  expect(pretty.lines).toHaveLength(1);
  expect(pretty.lines[0]).toMatch(/^\[\d\d:\d\d:\d\d\] INFO: database ready$/);
});

it('puts a generated first-admin password on its own marked line', () => {
  const out = capture();
  announceFirstAdmin(
    createLogger('info', { pretty: true, destination: out.stream }),
    { created: true, username: 'admin', generatedPassword: 'Xy7-secret-pass' },
    { passwordSet: false },
  );
  expect(out.lines).toHaveLength(2);
  expect(out.lines[0]).toContain('created admin "admin" with a random password');
  expect(out.lines[0]).not.toContain('Xy7-secret-pass');
  expect(out.lines[1]).toMatch(new RegExp(`WARN: ${PASSWORD_LINE.replace(/[()>]/g, '\\$&')}Xy7-secret-pass$`));
});

it('says that ADMIN_PASSWORD was ignored when accounts already exist, and nothing when it is unset', () => {
  const set = capture();
  announceFirstAdmin(createLogger('info', { pretty: false, destination: set.stream }), { created: false }, { passwordSet: true });
  expect(JSON.parse(set.lines[0]!)).toMatchObject({ level: 40, msg: expect.stringContaining('ADMIN_PASSWORD is set but accounts already exist') });
  const unset = capture();
  announceFirstAdmin(createLogger('info', { pretty: false, destination: unset.stream }), { created: false }, { passwordSet: false });
  expect(unset.lines).toEqual([]);
});
