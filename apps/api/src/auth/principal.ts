/** The roles the service knows. What each may do is decided in one place: access-policy.ts. */
export const ROLES = ['social_worker', 'team_manager', 'head_of_service', 'auditor', 'administrator'] as const;
export type Role = (typeof ROLES)[number];

/** The authenticated user behind a request, from a verified token. */
export interface Principal {
  readonly userId: string;
  readonly role: Role;
  readonly team: string;
  readonly displayName: string;
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
