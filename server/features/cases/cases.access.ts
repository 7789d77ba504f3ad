/**
 * Who sees and changes which cases. Pure. Cases name businesses and inspectors, so:
 *  - anonymous: nothing, unless CASES_PUBLIC=true (then read-only, everything);
 *  - viewer: reads; editor and admin: read and write;
 *  - an account with a `streets` scope (a street office) reads and writes only the cases of its
 *    street offices, whatever its role; admins are never limited.
 * A case outside one's scope is answered as not found, so its existence does not leak.
 */
import { forbidden, unauthenticated } from '../auth/auth.errors.ts';
import type { Principal } from '../auth/auth.types.ts';

export interface CaseAccessOptions {
  casesPublic: boolean;
}

/** Street codes the principal is limited to, or `null` for every case. */
export type Scope = readonly string[] | null;

/** The reader's scope, or a 401 when anonymous readers see no case. */
export function readScope(p: Principal | undefined, opts: CaseAccessOptions): Scope {
  if (!p) {
    if (opts.casesPublic) return null;
    throw unauthenticated();
  }
  return scopeOf(p);
}

export function scopeOf(p: Principal): Scope {
  return p.role !== 'admin' && p.streets.length > 0 ? p.streets : null;
}

/** The writer's scope, or 401/403 for anonymous users and viewers. */
export function writeScope(p: Principal | undefined): Scope {
  if (!p) throw unauthenticated();
  if (p.role === 'viewer') throw forbidden({ zh: '查看账号不能办理案件', en: 'viewer accounts cannot act on cases' });
  return scopeOf(p);
}

/** Whether a case in street `code` (null: no street office covers it) is within `scope`. */
export function inScope(scope: Scope, code: string | null): boolean {
  return scope === null || (code !== null && scope.includes(code));
}

/** Whether the principal may read cases at all (the OGC catalogue lists `cases` only then). */
export function mayReadCases(p: Principal | undefined, opts: CaseAccessOptions): boolean {
  return p !== undefined || opts.casesPublic;
}
