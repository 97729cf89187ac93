/**
 * Where the command side reads the time: the decider refuses effective dates after it, and the child view judges
 * deadlines as of its day. A class (not an interface) so Nest can inject it and tests can swap it.
 */
export abstract class Clock {
  abstract now(): Date;
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}
