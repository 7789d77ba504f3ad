/**
 * The edge answers a domain error with the status of its code in the one table (status.ts), and the
 * table keeps to error statuses.
 */
import { describe, expect, it } from 'vitest';
import { DomainError, inputError, notFound } from '../lib/errors.ts';
import { knownError } from './error.middleware.ts';
import { STATUS_OF_CODE } from './status.ts';

describe('code → status', () => {
  it('answers a domain error with the status of its code, keeping code, message and details', () => {
    const err = new DomainError('UNSUPPORTED_DATUM', { zh: '不支持', en: 'unsupported' }, { datum: 'Xian 1980' });
    expect(err).not.toHaveProperty('status');
    expect(knownError(err)).toMatchObject({ status: 422, code: 'UNSUPPORTED_DATUM', text: { en: 'unsupported' }, details: { datum: 'Xian 1980' } });
    expect(knownError(inputError('INVALID_BBOX', { zh: '无效', en: 'invalid' }))?.status).toBe(400);
    expect(knownError(notFound({ zh: '图层 x', en: 'layer x' }))).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    expect(knownError(new DomainError('DISK_FULL', { zh: '满', en: 'full' }))?.status).toBe(507);
  });

  it('leaves anything else to the 500 path', () => {
    expect(knownError(new Error('boom'))).toBeUndefined();
  });

  it('maps every code to a 4xx or 5xx status', () => {
    const statuses = Object.values(STATUS_OF_CODE);
    expect(statuses.length).toBeGreaterThan(60);
    expect(statuses.filter((s) => !(s >= 400 && s < 600))).toEqual([]);
  });
});
