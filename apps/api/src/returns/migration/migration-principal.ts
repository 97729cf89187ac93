import type { Principal } from '../../auth/principal.js';

/**
 * Who a migration is recorded as: a system principal with the head of service's role, because an import authorises
 * assessments and opens records for every team. Its user id names the source system, so every imported event's actor
 * says where it came from.
 */
export function migrationPrincipal(system: string): Principal {
  return { userId: `migration:${system}`, role: 'head_of_service', team: 'migration', displayName: `Migration from ${system}` };
}
