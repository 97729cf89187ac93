import type { EventStore } from '@cje/event-store';
import { DemoSeeder } from '../apps/api/src/demo/demo-seeder.js';
import { EVENT_STORE } from '../apps/api/src/store/event-store.token.js';
import { startTestApp } from './support/test-app.js';

describe('demo data on an empty store', () => {
  it('fills an empty development store with a synthetic authority, every event accepted by the machine', async () => {
    const t = await startTestApp({ NODE_ENV: 'development', DEMO_SCALE: '0.01', DEMO_YEARS: '1' });
    try {
      await t.app.get(DemoSeeder).finished();
      const store = t.app.get<EventStore>(EVENT_STORE);
      const events = await store.readAll({ maxCount: 100_000 });
      expect(events.length).toBeGreaterThan(1000);
      const childStreams = new Set(events.map((e) => e.metadata.streamId).filter((s) => s.startsWith('child-')));
      expect(childStreams.size).toBeGreaterThan(100);
      const line = t.logs.find((l) => l.includes('demo authority seeded'));
      expect(line).toBeDefined();
      expect(JSON.parse(line!)).toMatchObject({ rejected: 0 });
      // The head of service sees a seeded child as the API shows it.
      const someChild = [...childStreams][0]!.slice('child-'.length);
      const res = await t.request(`/children/${someChild}`, { as: 'hos' });
      expect(res.status).toBe(200);
      // No names from the synthetic children reach the logs.
      expect(t.logs.some((l) => /"(firstName|lastName)"/.test(l))).toBe(false);
    } finally {
      await t.close();
    }
  });

  it('never seeds in production, nor when turned off', async () => {
    const settings: Record<string, string>[] = [
      { NODE_ENV: 'production', AUTH_ISSUER: 'http://127.0.0.1:9/issuer', AUTH_AUDIENCE: 'journey', DEMO_SCALE: '0.01' },
      { NODE_ENV: 'development', DEMO_SEED: 'off' },
    ];
    for (const env of settings) {
      const t = await startTestApp(env);
      try {
        await t.app.get(DemoSeeder).finished();
        expect(await t.app.get<EventStore>(EVENT_STORE).headPosition()).toBe(0);
      } finally {
        await t.close();
      }
    }
  });
});
