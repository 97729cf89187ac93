import { JOURNEY_COMMAND_TYPES } from '@cje/journey';
import { startTestApp, type TestApp } from './support/test-app.js';

interface Schema {
  $ref?: string;
  type?: string;
  enum?: string[];
  required?: string[];
  properties?: Record<string, Schema>;
}
interface Operation {
  operationId?: string;
  summary?: string;
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, unknown>;
}
interface OpenApi {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

const kebab = (type: string) => type.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();

describe('the OpenAPI description at /api/docs', () => {
  let t: TestApp;
  let doc: OpenApi;

  beforeAll(async () => {
    t = await startTestApp();
    const res = await fetch(`${t.url}/api/docs-json`);
    expect(res.status).toBe(200);
    doc = (await res.json()) as OpenApi;
  });
  afterAll(() => t.close());

  const bodySchema = (operation: Operation | undefined): Schema => {
    const ref = operation?.requestBody?.content['application/json']?.schema.$ref ?? '';
    const schema = doc.components.schemas[ref.replace('#/components/schemas/', '')];
    if (!schema) throw new Error(`no body schema for ${operation?.operationId ?? 'an operation'}`);
    return schema;
  };

  it.each(JOURNEY_COMMAND_TYPES.map((type) => [type]))('describes POST /children/{childId}/<%s> with its body schema', (type) => {
    const operation = doc.paths[`/children/{childId}/${kebab(type)}`]?.post;
    expect(operation).toBeDefined();
    expect(operation?.summary).toEqual(expect.any(String));
    const schema = bodySchema(operation);
    expect(schema.properties).toHaveProperty('commandId');
    expect(schema.properties).toHaveProperty('occurredAt');
    expect(schema.required).toEqual(expect.arrayContaining(['commandId', 'occurredAt']));
    expect(Object.keys(operation?.responses ?? {})).toEqual(expect.arrayContaining(['200', '400', '403', '404', '409', '422']));
  });

  it('describes each command’s own fields, with the code lists as enums', () => {
    const icpc = bodySchema(doc.paths['/children/{childId}/hold-icpc']?.post);
    expect(icpc.properties?.outcome?.enum).toEqual(['PLAN', 'NO_PLAN']);
    expect(icpc.properties?.category?.enum).toEqual(['NEG', 'PHY', 'SAB', 'EMO', 'MUL']);
    expect(icpc.required).toContain('outcome');
    expect(icpc.required).not.toContain('category');
    const looked = bodySchema(doc.paths['/children/{childId}/become-looked-after']?.post);
    expect(looked.properties?.placement?.$ref).toBe('#/components/schemas/PlacementDto');
    expect(doc.components.schemas.PlacementDto?.properties?.place?.enum).toContain('U6');
  });

  it('describes the new-child contact and the child view', () => {
    const open = doc.paths['/children']?.post;
    expect(bodySchema(open).properties).toEqual(expect.objectContaining({ child: expect.anything(), firstName: expect.anything(), confirmNewChild: expect.anything() }));
    expect(Object.keys(open?.responses ?? {})).toEqual(expect.arrayContaining(['201', '200', '409']));
    const view = doc.paths['/children/{childId}']?.get;
    expect(view?.operationId).toBe('getChild');
    expect(doc.components.schemas.ChildView?.properties).toEqual(expect.objectContaining({ allowedCommands: expect.anything(), deadlines: expect.anything(), revision: expect.anything() }));
  });
});
