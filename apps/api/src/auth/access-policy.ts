import type { Principal, Role } from './principal.js';

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

/**
 * What a role may do at all, whatever the child: the guard checks a route's capability (`@Requires`) before the
 * handler runs, so a refusal there depends on nothing but the role and discloses nothing about any child.
 *
 * - `case.read` / `case.write`: children's records, further narrowed per child by `canSeeChild` / `canActOnChild`;
 * - `reports.read`: caseloads, overdue work and indicators across children (managers; auditors read everything);
 * - `audit.read`: the access log (who looked at which record). Auditors only: it is evidence about staff, kept
 *   from the managers whose staff it records; a head of service who needs it asks an auditor;
 * - `integrity.verify`: recomputing the hash chains (auditors and the head of service);
 * - `subject-access.export`: everything held about one child in one document (a subject access request under
 *   UK GDPR article 15 is answered by the head of service or by an auditor for information governance);
 * - `configuration.manage`: the service's settings (administrators, who see no children).
 */
export const CAPABILITIES = [
  'case.read',
  'case.write',
  'reports.read',
  'audit.read',
  'integrity.verify',
  'subject-access.export',
  'configuration.manage',
] as const;
export type Capability = (typeof CAPABILITIES)[number];

const GRANTS: Readonly<Record<Role, ReadonlySet<Capability>>> = {
  social_worker: new Set<Capability>(['case.read', 'case.write']),
  team_manager: new Set<Capability>(['case.read', 'case.write', 'reports.read']),
  head_of_service: new Set<Capability>(['case.read', 'case.write', 'reports.read', 'integrity.verify', 'subject-access.export']),
  auditor: new Set<Capability>(['case.read', 'reports.read', 'audit.read', 'integrity.verify', 'subject-access.export']),
  administrator: new Set<Capability>(['configuration.manage']),
};

const REFUSALS: Readonly<Record<Capability, string>> = {
  'case.read': 'Your role has no access to case records.',
  'case.write': 'Your role may not change case records.',
  'reports.read': 'Your role may not see reports across children.',
  'audit.read': 'Only auditors may read the access log.',
  'integrity.verify': 'Only auditors and the head of service may check the record store’s integrity.',
  'subject-access.export': 'Only auditors and the head of service may export a subject access record.',
  'configuration.manage': 'Only administrators may change the service’s configuration.',
};

export function mayUse(user: Principal, capability: Capability): Decision {
  if (GRANTS[user.role].has(capability)) return ALLOW;
  const reason =
    capability.startsWith('case.') && user.role === 'auditor'
      ? 'Auditors read records and change nothing.'
      : capability.startsWith('case.') && user.role === 'administrator'
        ? 'Administrators have no access to case records.'
        : REFUSALS[capability];
  return { allowed: false, reason, hide: false };
}

/** Reading a child's history, replaying it as at a date: whoever may see the child (the same rule as the record). */
export function canReadChildHistory(user: Principal, child: ChildAccessFacts): Decision {
  return canSeeChild(user, child);
}

/** A subject access export of one child: the child must be visible (else 404), then the role must allow it (else 403). */
export function canExportSubjectAccess(user: Principal, child: ChildAccessFacts): Decision {
  const seen = canSeeChild(user, child);
  if (!seen.allowed) return seen;
  return mayUse(user, 'subject-access.export');
}

/**
 * A team's work (caseloads, overdue lists): its own members and managers, and those who see every child. Teams are
 * not secret, so another team's work is refused with 403, not hidden.
 */
export function canSeeTeam(user: Principal, team: string): Decision {
  switch (user.role) {
    case 'head_of_service':
    case 'auditor':
      return ALLOW;
    case 'social_worker':
    case 'team_manager':
      return user.team === team ? ALLOW : { allowed: false, reason: 'That team’s work is not open to you.', hide: false };
    case 'administrator':
      return { allowed: false, reason: REFUSALS['case.read'], hide: false };
    default: {
      const unknownRole: never = user.role;
      return { allowed: false, reason: `Unknown role ${String(unknownRole)}.`, hide: false };
    }
  }
}

function describe(commandType: string): string {
  return commandType.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}
