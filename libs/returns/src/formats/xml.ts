import { ReturnsError } from '../returns.errors.js';

/**
 * The little XML the returns need: elements, attributes and text, written indented and read back without a DOM.
 * Returns XML has no mixed content (an element holds either text or elements), which both sides rely on.
 */
export interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: readonly XmlElement[];
  /** Text content (entities decoded); '' for an element that holds elements. */
  readonly text: string;
  /** 1-based line of the start tag in the parsed text (0 for built elements). */
  readonly line: number;
}

/** An element to write: text, children, or nothing. Children that are null are left out (optional items). */
export type XmlNode = { readonly name: string; readonly text: string } | { readonly name: string; readonly children: readonly (XmlNode | null)[] };

export const el = (name: string, ...children: (XmlNode | null)[]): XmlNode => ({ name, children });
export const leaf = (name: string, text: string): XmlNode => ({ name, text });
export const opt = (name: string, text: string | null | undefined): XmlNode | null =>
  text === null || text === undefined || text === '' ? null : { name, text };

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c);
}

/** Writes a document: declaration, two-space indent, LF line ends, one trailing newline. */
export function renderXml(root: XmlNode): string {
  const lines: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const write = (node: XmlNode, depth: number): void => {
    const pad = '  '.repeat(depth);
    if ('text' in node) {
      lines.push(`${pad}<${node.name}>${escapeXml(node.text)}</${node.name}>`);
      return;
    }
    const present = node.children.filter((c): c is XmlNode => c !== null);
    if (present.length === 0) {
      lines.push(`${pad}<${node.name}/>`);
      return;
    }
    lines.push(`${pad}<${node.name}>`);
    for (const child of present) write(child, depth + 1);
    lines.push(`${pad}</${node.name}>`);
  };
  write(root, 0);
  return `${lines.join('\n')}\n`;
}

const NAME = /[A-Za-z_:][-A-Za-z0-9_:.]*/y;

/** Parses a document into its root element. Throws `MALFORMED_XML` with the line of the first problem. */
export function parseXml(source: string): XmlElement {
  let pos = 0;
  const text = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
  const lineAt = (at: number): number => {
    let line = 1;
    for (let i = 0; i < at && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
    return line;
  };
  const fail = (message: string, at = pos): never => {
    throw new ReturnsError('MALFORMED_XML', `XML line ${lineAt(at)}: ${message}`);
  };
  const skipMisc = (): void => {
    for (;;) {
      while (pos < text.length && /\s/.test(text[pos]!)) pos++;
      if (text.startsWith('<?', pos)) {
        const end = text.indexOf('?>', pos);
        if (end < 0) fail('unterminated processing instruction');
        pos = end + 2;
      } else if (text.startsWith('<!--', pos)) {
        const end = text.indexOf('-->', pos);
        if (end < 0) fail('unterminated comment');
        pos = end + 3;
      } else if (text.startsWith('<!DOCTYPE', pos)) {
        fail('document type declarations are not accepted');
      } else return;
    }
  };
  const readName = (): string => {
    NAME.lastIndex = pos;
    const m = NAME.exec(text);
    if (!m) return fail('expected a name');
    pos += m[0].length;
    return m[0];
  };
  const element = (): XmlElement => {
    const start = pos;
    if (text[pos] !== '<') fail('expected an element');
    pos++;
    const name = readName();
    const attributes: Record<string, string> = {};
    for (;;) {
      while (/\s/.test(text[pos] ?? '')) pos++;
      if (text.startsWith('/>', pos)) {
        pos += 2;
        return { name, attributes, children: [], text: '', line: lineAt(start) };
      }
      if (text[pos] === '>') {
        pos++;
        break;
      }
      if (pos >= text.length) fail(`unterminated start tag <${name}>`);
      const attribute = readName();
      while (/\s/.test(text[pos] ?? '')) pos++;
      if (text[pos] !== '=') fail(`attribute ${attribute} has no value`);
      pos++;
      while (/\s/.test(text[pos] ?? '')) pos++;
      const quote = text[pos];
      if (quote !== '"' && quote !== "'") return fail(`attribute ${attribute} value is not quoted`);
      const end = text.indexOf(quote, pos + 1);
      if (end < 0) fail(`attribute ${attribute} value is not closed`);
      attributes[attribute] = decode(text.slice(pos + 1, end), lineAt(pos));
      pos = end + 1;
    }
    const children: XmlElement[] = [];
    let content = '';
    for (;;) {
      if (pos >= text.length) fail(`element <${name}> is not closed`, start);
      if (text.startsWith('</', pos)) {
        pos += 2;
        const closing = readName();
        if (closing !== name) fail(`</${closing}> closes <${name}>`);
        while (/\s/.test(text[pos] ?? '')) pos++;
        if (text[pos] !== '>') fail(`end tag </${name}> is not closed`);
        pos++;
        break;
      }
      if (text.startsWith('<!--', pos)) {
        const end = text.indexOf('-->', pos);
        if (end < 0) fail('unterminated comment');
        pos = end + 3;
      } else if (text.startsWith('<![CDATA[', pos)) {
        const end = text.indexOf(']]>', pos);
        if (end < 0) fail('unterminated CDATA section');
        content += text.slice(pos + 9, end);
        pos = end + 3;
      } else if (text.startsWith('<?', pos)) {
        const end = text.indexOf('?>', pos);
        if (end < 0) fail('unterminated processing instruction');
        pos = end + 2;
      } else if (text[pos] === '<') {
        children.push(element());
      } else {
        const next = text.indexOf('<', pos);
        const end = next < 0 ? text.length : next;
        content += decode(text.slice(pos, end), lineAt(pos));
        pos = end;
      }
    }
    if (children.length > 0 && content.trim() !== '') fail(`element <${name}> mixes text and elements`, start);
    return { name, attributes, children, text: children.length > 0 ? '' : content, line: lineAt(start) };
  };
  skipMisc();
  const root = element();
  skipMisc();
  if (pos < text.length) fail('content after the root element');
  return root;
}

function decode(raw: string, line: number): string {
  return raw.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);|&/g, (match, entity: string | undefined) => {
    if (entity === undefined) throw new ReturnsError('MALFORMED_XML', `XML line ${line}: a bare '&' must be written &amp;`);
    if (entity.startsWith('#x')) return String.fromCodePoint(parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(parseInt(entity.slice(1), 10));
    const named: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
    const value = named[entity];
    if (value === undefined) throw new ReturnsError('MALFORMED_XML', `XML line ${line}: unknown entity ${match}`);
    return value;
  });
}

/** Children named `name` (direct children only). */
export const childrenNamed = (element: XmlElement, name: string): XmlElement[] => element.children.filter((c) => c.name === name);
export const childNamed = (element: XmlElement, name: string): XmlElement | undefined => element.children.find((c) => c.name === name);
/** Trimmed text of the first child named `name`, or null when absent or empty. */
export function childText(element: XmlElement, name: string): string | null {
  const child = childNamed(element, name);
  const value = child?.text.trim() ?? '';
  return value === '' ? null : value;
}
