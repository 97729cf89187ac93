export {
  generateAuthority,
  SyntheticAuthority,
} from './synthetic-authority/generate-authority.js';
export {
  AVERAGE_CHILD_POPULATION,
  AuthorityOptionsError,
  defaultTeams,
  inferTeamKind,
  resolveAuthorityOptions,
  type AuthorityOptions,
  type AuthorityScale,
  type AuthoritySettings,
  type AuthorityTeam,
  type ResolvedTeam,
  type TeamKind,
} from './synthetic-authority/authority-options.js';
export { AVERAGE_AUTHORITY } from './synthetic-authority/authority-profile.js';
export type { GeneratedCommand, GenerationReport } from './synthetic-authority/generated-command.js';
export type { CommandDecider, CommandDecision, DecisionMoment } from './synthetic-authority/command-decider.js';
export {
  driveAuthority,
  type DriveOptions,
  type DriveRejection,
  type DriveStatistics,
  type SubmitCommand,
  type SubmitResult,
} from './synthetic-authority/drive-authority.js';
export { inMemoryJourneys, type InMemoryJourneys } from './synthetic-authority/in-memory-journeys.js';
export { authorityCensus, type AuthorityCensus } from './synthetic-authority/authority-census.js';
export { SeededRandom, Weighted, type Seed } from './synthetic-authority/seeded-random.js';
export type { SyntheticPerson } from './synthetic-authority/synthetic-names.js';
