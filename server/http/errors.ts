/**
 * An error as the HTTP edge answers it: a status beside the code and the bilingual message. Domain
 * errors (server/lib/errors.ts) become one through the code → status table (status.ts); the edge
 * builds its own only for what happens in HTTP itself (an unparsable body, an unknown endpoint).
 */
import type { Bilingual, DomainError } from '../lib/errors.ts';
import { STATUS_OF_CODE } from './status.ts';

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly text: Bilingual,
    readonly details?: unknown,
  ) {
    super(text.en);
    this.name = 'AppError';
  }
}

/** The answer for a domain error: its status from the one table. */
export const fromDomain = (err: DomainError) => new AppError(STATUS_OF_CODE[err.code], err.code, err.text, err.details);

export const internalError = () => new AppError(500, 'INTERNAL', { zh: '服务器内部错误', en: 'Internal server error' });
