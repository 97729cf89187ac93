import { Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { AppConfig } from '@cje/runtime';
import { KeyedLock } from '../keyed-lock.js';
import { matchKey, type PersonIdentity } from './match-key.js';
import { PersonMatchStore, type PersonMatchEntry } from './person-match-store.js';

/**
 * Person matching before a new child's record is opened: the same child must not get two records. Which matches
 * the caller is told about is the caller's access policy's business (see RecordNewChildContactHandler).
 */
@Injectable()
export class PersonMatching implements OnModuleInit, OnApplicationShutdown {
  private salt: string | undefined;
  private readonly lock = new KeyedLock();

  constructor(
    private readonly store: PersonMatchStore,
    private readonly config: AppConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    const stored = await this.store.init();
    // A configured secret keeps the key out of the database; without one, the stored salt (as before).
    this.salt = this.config.PERSON_MATCH_SALT ?? stored;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }

  keyOf(identity: PersonIdentity): string | null {
    if (this.salt === undefined) throw new Error('person matching used before start-up finished');
    return matchKey(identity, this.salt);
  }

  /**
   * Files children opened by a bulk load (demo seeding) under their keys, as `withMatches` files one, without
   * looking for matches: the load opens only records it has just made, whose keys it knows to be its own.
   */
  fileAll(entries: readonly PersonMatchEntry[]): Promise<void> {
    return this.store.addMany(entries);
  }

  /**
   * Runs `work` with the children already filed under the key, one contact per key at a time, so two contacts about
   * the same child cannot both miss each other. `work` files the new child (through `file`) before recording it: a
   * key whose record never got written points at a child with no events, which readers skip.
   */
  withMatches<T>(key: string, work: (matches: readonly string[], file: (childId: string) => Promise<void>) => Promise<T>): Promise<T> {
    return this.lock.run(key, async () => {
      const matches = await this.store.childrenWithKey(key);
      return work(matches, (childId) => this.store.add(key, childId));
    });
  }
}
