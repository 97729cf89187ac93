import nunjucks from 'nunjucks';
import { formFieldsOf, type FormFieldSchema } from '../../children/dto/form-schema.js';
import { COMMAND_ROUTES } from '../../children/http/command-routes.js';
import { WEB_PATHS } from '../web-paths.js';
import { nestedFields, pathOf } from './form-body.js';
import { fieldViews } from './form-view.js';
import { OCCURRED_AT } from './worker-form.js';

/** The names a form must post for a body: dates as three inputs, everything else under its path. */
function expectedNames(fields: readonly FormFieldSchema[], prefix = ''): string[] {
  return fields.flatMap((f) => {
    const path = pathOf(prefix, f.name);
    if (f.kind === 'nested') return expectedNames(nestedFields(f), path);
    if (f.kind === 'date') return [`${path}-day`, `${path}-month`, `${path}-year`];
    return [path];
  });
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** Every `name` attribute of an input, select or textarea in the HTML. */
function postedNames(html: string): Set<string> {
  return new Set([...html.matchAll(/<(?:input|select|textarea)\b[^>]*\bname="([^"]+)"/g)].map((m) => m[1] ?? ''));
}

describe('a form for every journey command, from its body class', () => {
  const env = new nunjucks.Environment(new nunjucks.FileSystemLoader([WEB_PATHS.views, WEB_PATHS.govukDist]), { autoescape: true });

  it.each(COMMAND_ROUTES.map((r) => [r.path, r] as const))('%s: renders a GOV.UK field for each property, with the hidden command id and revision', (_path, route) => {
    const fields = [OCCURRED_AT, ...formFieldsOf(route.body)];
    const html = env.render('worker/action-form.njk', {
      title: route.summary,
      heading: route.summary,
      action: `/app/children/child-1/actions/${route.path}`,
      backHref: '/app/children/child-1',
      fields: fieldViews(fields, {}),
      commandId: '3f0c8a5e-6d2b-4c1e-9a57-2b8d1f0e4c21',
      expectedRevision: 7,
      csrfToken: 'token',
      errors: [],
    });
    const names = postedNames(html);
    for (const name of expectedNames(fields)) expect({ name, present: names.has(name) }).toEqual({ name, present: true });
    expect(html).toContain('name="commandId" value="3f0c8a5e-6d2b-4c1e-9a57-2b8d1f0e4c21"');
    expect(html).toContain('name="expectedRevision" value="7"');
    expect(html).toContain('name="_csrf" value="token"');
    // Every field is labelled: each question's words are on the page.
    for (const field of fields) expect(html).toContain(escapeHtml(field.label));
  });

  it('shows errors in the summary with links, and against their fields', () => {
    const fields = [OCCURRED_AT, ...formFieldsOf(COMMAND_ROUTES.find((r) => r.type === 'HoldIcpc')?.body ?? Object)];
    const html = env.render('worker/action-form.njk', {
      fields: fieldViews(fields, {}, { errors: new Map([['outcome', 'Select the outcome']]) }),
      errors: [{ text: 'Select the outcome', href: '#outcome' }],
    });
    expect(html).toMatch(/govuk-error-summary[\s\S]*href="#outcome"[^>]*>Select the outcome/);
    expect(html).toMatch(/id="outcome-error"[\s\S]*Select the outcome/);
    expect(html).toMatch(/<title>Error: /);
  });
});
