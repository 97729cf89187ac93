/**
 * Which journey events change the few facts that rule conditions can test (whether the child is looked after,
 * the current placement, the date of birth). Data, like the rules, so a renamed event or field is a table edit.
 */
export interface TimelineFactsSpec {
  readonly lookedAfterStarts: readonly string[];
  readonly lookedAfterEnds: readonly string[];
  /** Events that start a placement; their data is what `placement_field` conditions read. */
  readonly placementStarts: readonly string[];
  /**
   * Data fields (dot paths, on any event) carrying the child's date of birth, used when none is passed in; the last
   * valid date in stream order wins, so a date recorded after an unborn child's birth takes over.
   */
  readonly dateOfBirthFields: readonly string[];
}

export const DEFAULT_TIMELINE_FACTS: TimelineFactsSpec = {
  lookedAfterStarts: ['BecameLookedAfter'],
  lookedAfterEnds: ['CeasedLookedAfter'],
  placementStarts: ['BecameLookedAfter', 'PlacementChanged'],
  // DateOfBirthRecorded.data.dateOfBirth, ContactReceived.data.child.dateOfBirth
  dateOfBirthFields: ['dateOfBirth', 'child.dateOfBirth'],
};
