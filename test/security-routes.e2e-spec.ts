import { randomUUID } from 'node:crypto';
import { MANAGER_ONLY_COMMANDS } from '../apps/api/src/auth/access-policy.js';
import { openChild } from './support/child-api.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * Every route the API describes, swept for who may call it: the OpenAPI document is the list, so a route added
 * later is covered without touching this file (and a new public route fails the first test until it is reviewed).
 */
interface Schema {
  $ref?: string;
  allOf?: Schema[];
  type?: string;
  format?: string;
  enum?: unknown[];
  example?: unknown;
  pattern?: string;
  minimum?: number;
  minItems?: number;
  items?: Schema;
  required?: string[];
  properties?: Record<string, Schema>;
}
interface Operation {
  operationId?: string;
  requestBody?: { content: Record<string, { schema: Schema }> };
}
interface OpenApi {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}
interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  operation: Operation;
}

/** Routes anyone may call without a token. */
const PUBLIC = ['GET /health', 'GET /auth/demo-users', 'POST /auth/dev-login'];
/** Non-child routes an administrator may call: who they are (configuration routes would join this list). */
const ADMIN_MAY_CALL = ['GET /auth/me'];

const key = (r: Route) => `${r.method} ${r.path}`;

describe('every route is authenticated and authorised (swept from the OpenAPI document)', () => {
  let t: TestApp;
  let doc: OpenApi;
  let routes: Route[];
  let northChild: string;

  beforeAll(async () => {
    t = await startTestApp();
    doc = (await (await fetch(`${t.url}/api/docs-json`)).json()) as OpenApi;
    routes = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({ method: method.toUpperCase() as Route['method'], path, operation })),
    );
    northChild = await openChild(t, 'sw.north');
  });
  afterAll(() => t.close());

  const resolve = (schema: Schema): Schema => {
    if (schema.$ref) return resolve(doc.components.schemas[schema.$ref.replace('#/components/schemas/', '')] ?? {});
    if (schema.allOf?.length === 1 && schema.allOf[0]) return resolve(schema.allOf[0]);
    return schema;
  };

  /** The smallest body the route's schema calls valid: required fields only, first enum value, examples where given. */
  const sample = (raw: Schema): unknown => {
    const schema = resolve(raw);
    if (schema.enum) return schema.enum[0];
    switch (schema.type) {
      case 'object':
        return Object.fromEntries((schema.required ?? []).map((name) => [name, sample(schema.properties?.[name] ?? {})]));
      case 'array':
        return schema.minItems ? [sample(schema.items ?? {})] : [];
      case 'boolean':
        return false;
      case 'number':
      case 'integer':
        return schema.minimum ?? 1;
      default:
        if (schema.format === 'uuid') return randomUUID();
        if (schema.format === 'date') return '2025-01-06';
        if (typeof schema.example === 'string') return schema.example;
        // Passes id patterns and free text alike.
        return 'a1';
    }
  };

  const bodyOf = (route: Route): unknown => {
    const schema = route.operation.requestBody?.content['application/json']?.schema;
    return schema ? sample(schema) : undefined;
  };

  const call = async (route: Route, as: string | undefined, options: { childId?: string; body?: unknown } = {}) => {
    const path = route.path.replace(/\{(\w+)\}/g, (_m, name: string) => (name === 'childId' ? (options.childId ?? northChild) : name === 'userId' ? 'sw.north' : 'north'));
    const res = await t.request(path, { method: route.method, ...(as ? { as } : {}), ...(route.method === 'GET' ? {} : { json: options.body ?? {} }) });
    const text = await res.text();
    return { status: res.status, body: text.startsWith('{') ? JSON.parse(text) : text };
  };

  const childRoutes = () => routes.filter((r) => r.path.includes('{childId}'));

  it('finds the routes of every area in the document', () => {
    const paths = routes.map(key);
    expect(paths).toEqual(
      expect.arrayContaining([
        'GET /children/{childId}',
        'POST /children',
        'POST /children/{childId}/hold-icpc',
        'GET /children/{childId}/history',
        'GET /children/{childId}/as-at',
        'GET /children/{childId}/subject-access',
        'GET /audit/access-log/children/{childId}',
        'GET /audit/access-log/users/{userId}',
        'GET /integrity',
        'GET /integrity/children/{childId}',
      ]),
    );
  });

  it('answers 401 to every route but the public ones when no token is sent', async () => {
    const open: string[] = [];
    for (const route of routes) {
      const res = await call(route, undefined);
      if (res.status !== 401) open.push(key(route));
      else expect(res.body).toMatchObject({ code: 'UNAUTHENTICATED' });
    }
    expect(open.sort()).toEqual([...PUBLIC].sort());
  });

  it('hides a child from another team on every child route: 404, whatever the route', async () => {
    for (const as of ['sw.south', 'tm.south']) {
      for (const route of childRoutes()) {
        const res = await call(route, as, { body: bodyOf(route) });
        // Routes for auditors only refuse by role first (403), which says nothing about any child.
        const expected = route.path.startsWith('/audit/') || route.path.startsWith('/integrity') ? 403 : 404;
        expect({ route: key(route), as, status: res.status }).toEqual({ route: key(route), as, status: expected });
      }
    }
  });

  it('answers a child that does not exist exactly as one hidden from the caller', async () => {
    for (const route of childRoutes().filter((r) => r.method === 'GET' && !r.path.startsWith('/audit/') && !r.path.startsWith('/integrity'))) {
      const missing = await call(route, 'sw.north', { childId: randomUUID() });
      const hidden = await call(route, 'sw.south');
      expect({ route: key(route), status: missing.status, code: missing.body.code }).toEqual({ route: key(route), status: hidden.status, code: hidden.body.code });
    }
  });

  it('lets auditors write nothing: every POST answers 403 (before the body is even looked at)', async () => {
    const posts = routes.filter((r) => r.method !== 'GET' && !PUBLIC.includes(key(r)));
    expect(posts.length).toBeGreaterThan(50);
    for (const route of posts) {
      for (const body of [{}, bodyOf(route)]) {
        const res = await call(route, 'auditor', { body });
        expect({ route: key(route), status: res.status, code: res.body.code }).toEqual({ route: key(route), status: 403, code: 'FORBIDDEN' });
      }
    }
  });

  it('lets administrators read no case data and write nothing', async () => {
    for (const route of routes.filter((r) => !PUBLIC.includes(key(r)) && !ADMIN_MAY_CALL.includes(key(r)))) {
      const res = await call(route, 'admin', { body: bodyOf(route) });
      expect({ route: key(route), allowed: res.status < 400 }).toEqual({ route: key(route), allowed: false });
      expect([403, 404]).toContain(res.status);
    }
  });

  it('answers 403 to a social worker for a manager’s command on a child they may see', async () => {
    const commandType = (r: Route) => (r.operation.operationId ?? '').replace(/^./, (c) => c.toUpperCase());
    const managerRoutes = childRoutes().filter((r) => r.method === 'POST' && MANAGER_ONLY_COMMANDS.has(commandType(r)));
    expect(managerRoutes.map(commandType).sort()).toEqual(['AllocateCase', 'AuthoriseAssessment', 'DeallocateCase', 'RecordSupervision']);
    for (const route of managerRoutes) {
      const res = await call(route, 'sw.north', { body: bodyOf(route) });
      expect({ route: key(route), status: res.status, code: res.body.code }).toEqual({ route: key(route), status: 403, code: 'FORBIDDEN' });
    }
  });

  it('keeps the access log for auditors, integrity checks for auditors and the head of service, and subject access for both', async () => {
    const byKey = (k: string) => routes.find((r) => key(r) === k)!;
    const expectations: [string, string, number][] = [
      ['GET /audit/access-log/children/{childId}', 'auditor', 200],
      ['GET /audit/access-log/children/{childId}', 'hos', 403],
      ['GET /audit/access-log/children/{childId}', 'tm.north', 403],
      ['GET /audit/access-log/users/{userId}', 'auditor', 200],
      ['GET /audit/access-log/users/{userId}', 'hos', 403],
      ['GET /audit/access-log/users/{userId}', 'sw.north', 403],
      ['GET /integrity', 'auditor', 200],
      ['GET /integrity', 'hos', 200],
      ['GET /integrity', 'tm.north', 403],
      ['GET /integrity/children/{childId}', 'hos', 200],
      ['GET /integrity/children/{childId}', 'sw.north', 403],
      ['GET /children/{childId}/subject-access', 'hos', 200],
      ['GET /children/{childId}/subject-access', 'auditor', 200],
      ['GET /children/{childId}/subject-access', 'tm.north', 403],
      ['GET /children/{childId}/subject-access', 'sw.north', 403],
      ['GET /children/{childId}/history', 'sw.north', 200],
      ['GET /children/{childId}/as-at', 'tm.north', 200],
    ];
    for (const [k, as, status] of expectations) {
      expect({ route: k, as, status: (await call(byKey(k), as)).status }).toEqual({ route: k, as, status });
    }
  });
});
