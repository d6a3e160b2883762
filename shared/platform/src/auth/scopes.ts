import { ErrorCode, PeopleError } from '@people/domain';

export const Scope = {
  Read: 'people:read',
  Write: 'people:write',
} as const;
export type Scope = (typeof Scope)[keyof typeof Scope];

/** Who made a request, as a verified token says. */
export interface Principal {
  subject: string | undefined;
  scopes: ReadonlySet<string>;
}

/** `scope` as OAuth 2 writes it (space-separated), or `scp` as some issuers do (an array or a string). */
export function scopesOf(claims: Record<string, unknown>): Set<string> {
  const scopes = new Set<string>();
  const add = (value: unknown) => {
    if (typeof value === 'string') value.split(' ').forEach((scope) => scope !== '' && scopes.add(scope));
    else if (Array.isArray(value)) value.forEach((scope) => typeof scope === 'string' && scopes.add(scope));
  };
  add(claims.scope);
  add(claims.scp);
  return scopes;
}

export function requireScope(principal: Principal, scope: Scope): void {
  if (!principal.scopes.has(scope)) {
    throw new PeopleError(
      ErrorCode.Forbidden,
      `This operation needs the scope ${scope}, which the token does not grant`,
    );
  }
}
