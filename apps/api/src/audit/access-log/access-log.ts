import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { AccessLogEntry, AccessLogInput } from './access-log-entry.js';
import type { AccessLogIntegrityReport } from './access-log-integrity.js';
import { AccessLogStore, type AccessLogPage, type AccessLogQuery } from './access-log-store.js';
import { AccessLogWriter } from './access-log-writer.js';

/** The API's access log: records each read of a child's record (group-committed) and answers auditors' queries. */
@Injectable()
export class AccessLog implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('access-log');
  private readonly writer: AccessLogWriter;

  constructor(private readonly store: AccessLogStore) {
    this.writer = new AccessLogWriter(store, {
      // The cause for operators (a code, never an entry's contents); the reads themselves answer 503.
      onFailure: (error, entries) => {
        const code = (error as { code?: unknown } | null)?.code;
        const kind = error instanceof Error ? error.name : typeof error;
        this.logger.error(`access log write failed: ${entries} read(s) refused (${kind}${typeof code === 'string' ? ` ${code}` : ''})`);
      },
    });
  }

  async onModuleInit(): Promise<void> {
    await this.store.init();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.writer.close();
    await this.store.close();
  }

  /** Resolves once the read is durably logged; rejects with 503 ACCESS_LOG_UNAVAILABLE otherwise. */
  record(input: AccessLogInput): Promise<AccessLogEntry> {
    return this.writer.record(input);
  }

  byChild(childId: string, query: AccessLogQuery): Promise<AccessLogPage> {
    return this.store.byChild(childId, query);
  }

  byUser(userId: string, query: AccessLogQuery): Promise<AccessLogPage> {
    return this.store.byUser(userId, query);
  }

  verify(): Promise<AccessLogIntegrityReport> {
    return this.store.verify();
  }
}
