/**
 * One error type for everything the API reports on purpose: a stable machine code, an HTTP status,
 * and a message in both languages (the UI is zh-CN first). Anything else is a bug and becomes a 500
 * without details.
 */
export interface Bilingual {
  zh: string;
  en: string;
}

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

export const badRequest = (code: string, text: Bilingual, details?: unknown) => new AppError(400, code, text, details);

export const notFound = (what: Bilingual) => new AppError(404, 'NOT_FOUND', { zh: `未找到：${what.zh}`, en: `Not found: ${what.en}` });
