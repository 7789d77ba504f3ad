import { AppError } from '../../../http/errors.ts';

/** The file claims a format but cannot be read as it: a 400 naming the format and the parser's words. */
export const malformedFile = (format: string, detail: string) =>
  new AppError(400, 'MALFORMED_FILE', {
    zh: `${format} 文件无法解析：${detail.slice(0, 300)}`,
    en: `The ${format} file cannot be parsed: ${detail.slice(0, 300)}`,
  });

export const unsupportedFile = (zh: string, en: string) => new AppError(415, 'UNSUPPORTED_FORMAT', { zh, en });
