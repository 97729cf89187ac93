import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import type { EventStore } from '@cje/event-store';
import { AppConfig, createEventStore } from '@cje/runtime';
import { EVENT_STORE } from './event-store.token.js';

@Global()
@Module({
  providers: [
    {
      provide: EVENT_STORE,
      inject: [AppConfig],
      useFactory: async (config: AppConfig): Promise<EventStore> => {
        const store = createEventStore(config);
        await store.init();
        return store;
      },
    },
  ],
  exports: [EVENT_STORE],
})
export class EventStoreModule implements OnApplicationShutdown {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}
