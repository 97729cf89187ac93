import { escapeHtml } from './escape-html.js';

describe('escaping for the HTML export', () => {
  it.each([
    ['<script>alert("x")</script>', '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;'],
    ["' onmouseover='steal()", '&#39; onmouseover=&#39;steal()'],
    ['Tom & Jerry `cmd`', 'Tom &amp; Jerry &#96;cmd&#96;'],
    ['Zoë Ó Súilleabháin 😀', 'Zoë Ó Súilleabháin 😀'],
  ])('shows %j as text', (input, output) => {
    expect(escapeHtml(input)).toBe(output);
  });

  it('escapes numbers, nulls and objects too', () => {
    expect(escapeHtml(3)).toBe('3');
    expect(escapeHtml(null)).toBe('');
    expect(escapeHtml({ a: '<b>' })).toBe('{&quot;a&quot;:&quot;&lt;b&gt;&quot;}');
  });
});
