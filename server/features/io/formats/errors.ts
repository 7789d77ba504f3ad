import { DomainError } from '../../../lib/errors.ts';

/** The file claims a format but cannot be read as it: a 400 naming the format and the parser's words. */
export const malformedFile = (format: string, detail: string) =>
  new DomainError('MALFORMED_FILE', {
    zh: `${format} 文件无法解析：${detail.slice(0, 300)}`,
    en: `The ${format} file cannot be parsed: ${detail.slice(0, 300)}`,
  });

export const unsupportedFile = (zh: string, en: string) => new DomainError('UNSUPPORTED_FORMAT', { zh, en });
