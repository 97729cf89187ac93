import { ReturnsError } from '../returns.errors.js';
import { childText, el, leaf, opt, parseXml, renderXml } from './xml.js';

describe('XML for the returns', () => {
  it('writes elements in order, leaves out absent optional items and escapes text', () => {
    const xml = renderXml(el('Message', leaf('A', 'x & <y>'), opt('B', null), opt('C', ''), el('D', leaf('E', '1'))));
    expect(xml).toBe('<?xml version="1.0" encoding="UTF-8"?>\n<Message>\n  <A>x &amp; &lt;y&gt;</A>\n  <D>\n    <E>1</E>\n  </D>\n</Message>\n');
  });

  it('reads back what it writes, entities decoded', () => {
    const root = parseXml(renderXml(el('Message', leaf('A', `"quoted" & 'apostrophe'`))));
    expect(root.name).toBe('Message');
    expect(childText(root, 'A')).toBe(`"quoted" & 'apostrophe'`);
  });

  it('reads declarations, comments, CDATA, attributes, self-closing tags and character references', () => {
    const root = parseXml(`\ufeff<?xml version="1.0"?>\n<!-- c -->\n<R a="1" b='two'><X/><Y><![CDATA[<raw>]]></Y><Z>&#65;&#x42;</Z></R>`);
    expect(root.attributes).toEqual({ a: '1', b: 'two' });
    expect(root.children.map((c) => c.name)).toEqual(['X', 'Y', 'Z']);
    expect(childText(root, 'Y')).toBe('<raw>');
    expect(childText(root, 'Z')).toBe('AB');
  });

  it.each([
    ['<A><B></A>', 'line 1: </A> closes <B>'],
    ['<A>\n<B>\n</A>', 'line 3: </A> closes <B>'],
    ['<A>x & y</A>', "a bare '&'"],
    ['<A><B/>text</A>', 'mixes text and elements'],
    ['<A/><B/>', 'content after the root element'],
    ['<!DOCTYPE x><A/>', 'document type declarations'],
    ['<A>', 'is not closed'],
  ])('refuses malformed XML %j with the line and the problem', (source, message) => {
    expect(() => parseXml(source)).toThrow(ReturnsError);
    expect(() => parseXml(source)).toThrow(message);
  });
});
