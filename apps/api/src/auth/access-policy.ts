import type { Principal } from './principal.js';

/**
 * Who may see and change a child's record: the one place this is decided.
 *
 * - social workers act on children allocated to their team (or, before allocation, recorded by their team);
 * - team managers do the same and also authorise and allocate;
 * - the head of service sees and may act on every child;
 * - auditors read every child and change nothing;
 * - administrators configure the service and see no children.
 *
 * A child the caller may not see answers 404, exactly as a child that does not exist, so that a record's
 * existence is not disclosed to people with no business with it. A caller who may see a child but not do a
 * particular thing gets 403 with the reason.
 */
export interface ChildAccessFacts {
  /** The team responsible for the child now (see `owningTeam`). */
  readonly owningTeam: string;
}

/**
 * The team responsible for a child: the team of the current allocation while a case is allocated, else the team
 * of whoever recorded the child's first event (the team that took the first contact keeps the record until someone
 * allocates it).
 */
export function owningTeam(facts: { readonly allocatedTeam: string | null; readonly firstRecordedByTeam: string }): string {
  return facts.allocatedTeam ?? facts.firstRecordedByTeam;
}

export type Decision = { readonly allowed: true } | { readonly allowed: false; readonly reason: string; readonly hide: boolean };

const ALLOW: Decision = { allowed: true };

export function canSeeChild(user: Principal, child: ChildAccessFacts): Decision {
  switch (user.role) {
    case 'head_of_service':
    case 'auditor':
      return ALLOW;
    case 'social_worker':
    case 'team_manager':
      return child.owningTeam === user.team ? ALLOW : { allowed: false, reason: 'The child is with another team.', hide: true };
    case 'administrator':
      return { allowed: false, reason: 'Administrators have no access to case records.', hide: true };
    default: {
      const unknownRole: never = user.role;
      return { allowed: false, reason: `Unknown role ${String(unknownRole)}.`, hide: true };
    }
  }
}

/** Commands only a manager may give: they authorise or allocate work. */
export const MANAGER_ONLY_COMMANDS: ReadonlySet<string> = new Set([
  'AuthoriseAssessment',
  'AllocateCase',
  'DeallocateCase',
  'AuthoriseMashDecision',
  'RecordSupervision',
]);

export function canActOnChild(user: Principal, child: ChildAccessFacts, commandType: string): Decision {
  const seen = canSeeChild(user, child);
  if (!seen.allowed) return seen;
  switch (user.role) {
    case 'auditor':
      return { allowed: false, reason: 'Auditors read records and change nothing.', hide: false };
    case 'social_worker':
      return MANAGER_ONLY_COMMANDS.has(commandType)
        ? { allowed: false, reason: `Only a team manager may ${describe(commandType)}.`, hide: false }
        : ALLOW;
    case 'team_manager':
    case 'head_of_service':
      return ALLOW;
    case 'administrator':
      return { allowed: false, reason: 'Administrators have no access to case records.', hide: true };
    default: {
      const unknownRole: never = user.role;
      return { allowed: false, reason: `Unknown role ${String(unknownRole)}.`, hide: true };
    }
  }
}

/** The commands, of those the journey offers now, that this user may give: a screen shows only these. */
export function commandsUserMayGive<T extends string>(user: Principal, child: ChildAccessFacts, offered: readonly T[]): T[] {
  return offered.filter((commandType) => canActOnChild(user, child, commandType).allowed);
}

/** Recording a contact about a child with no record yet starts a record owned by the recorder's team. */
export function canOpenRecord(user: Principal): Decision {
  return user.role === 'social_worker' || user.role === 'team_manager' || user.role === 'head_of_service'
    ? ALLOW
    : { allowed: false, reason: `Your role (${user.role}) may not record contacts.`, hide: false };
}

function describe(commandType: string): string {
  return commandType.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}
