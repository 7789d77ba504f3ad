/** Errors of the write API: preconditions (428/412), bodies (415/400). */
import { DomainError, inputError } from '../../lib/errors.ts';

export const preconditionRequired = () =>
  new DomainError('PRECONDITION_REQUIRED', {
    zh: '修改要素须带 If-Match 请求头（读取要素时返回的 ETag），以免覆盖他人的修改',
    en: 'Writes need an If-Match header with the ETag from reading the feature, so nobody overwrites another edit unseen',
  });

/** 412 with what the feature is now, so the editor can show the other person's version. */
export const preconditionFailed = (details: unknown) =>
  new DomainError(
    'PRECONDITION_FAILED',
    {
      zh: '要素已被他人修改（ETag 不匹配），请查看最新版本后再保存',
      en: 'The feature changed since you read it (ETag mismatch); review the current version and save again',
    },
    details,
  );

export const notJson = () =>
  new DomainError('UNSUPPORTED_MEDIA_TYPE', {
    zh: '请求体须为 JSON（application/geo+json、application/json 或 application/merge-patch+json）',
    en: 'The body must be JSON (application/geo+json, application/json or application/merge-patch+json)',
  });

export const invalidGeometry = (reason: string) => inputError('INVALID_GEOMETRY', { zh: `几何无效：${reason}`, en: `Invalid geometry: ${reason}` });
