/**
 * Which definition of the journey machine (its states and rules) accepts new events. Raise it when a rule or a
 * transition changes: rules carry the version they apply from, so older streams replay under their own rules, and
 * upcasters bring older event shapes forward on read.
 */
export const MACHINE_VERSION = 1;
