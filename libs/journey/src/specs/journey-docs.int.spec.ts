import { readFileSync } from 'node:fs';
import { JOURNEY_COMMAND_TYPES } from '../journey-command.js';
import { JOURNEY_EVENT_TYPES } from '../journey-event.js';

// The catalogue in docs/ is what the API, read-model and returns owners work from: it must name every command and event.
const doc = readFileSync(new URL('../../../../docs/journey-events-and-commands.md', import.meta.url), 'utf8');

describe('docs/journey-events-and-commands.md', () => {
  it.each(JOURNEY_COMMAND_TYPES)('catalogues the command %s', (type) => {
    expect(doc).toMatch(new RegExp(`\\| \`${type}\`|\`${type}\` /|/ \`${type}\``));
  });

  it.each(JOURNEY_EVENT_TYPES)('catalogues the event %s', (type) => {
    expect(doc).toContain(`| ${type} |`);
  });
});
