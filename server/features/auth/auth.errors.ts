/** The errors of sign-in and access control, with stable codes the client switches on. */
import { DomainError, type ErrorCode } from '../../lib/errors.ts';

export const unauthenticated = () => new DomainError('UNAUTHENTICATED', { zh: '请先登录', en: 'Sign-in required' });

export const invalidCredentials = () => new DomainError('INVALID_CREDENTIALS', { zh: '用户名或密码错误', en: 'Wrong user name or password' });

export const invalidToken = () => new DomainError('INVALID_TOKEN', { zh: 'API 令牌无效或已过期', en: 'The API token is invalid or expired' });

export const forbidden = (why: { zh: string; en: string }) => new DomainError('FORBIDDEN', { zh: `无权操作：${why.zh}`, en: `Not allowed: ${why.en}` });

export const csrfRejected = (why: string) =>
  new DomainError('CSRF_REJECTED', {
    zh: `请求被拒绝（跨站请求防护）：${why}`,
    en: `Request refused (cross-site request protection): ${why}`,
  });

export const tooManyAttempts = (retryAfterS: number) =>
  new DomainError('TOO_MANY_ATTEMPTS', {
    zh: `登录失败次数过多，请 ${Math.ceil(retryAfterS / 60)} 分钟后再试`,
    en: `Too many failed sign-ins; try again in ${Math.ceil(retryAfterS / 60)} min`,
  });

export const conflict = (code: ErrorCode, text: { zh: string; en: string }) => new DomainError(code, text);
