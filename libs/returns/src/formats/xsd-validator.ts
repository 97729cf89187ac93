import { isIsoDate } from '@cje/timescales';
import { ReturnsError } from '../returns.errors.js';
import { parseXml, type XmlElement } from './xml.js';

/**
 * Validates a document against an XML Schema, for the subset of XSD that the DfE returns' schemas use: global and
 * local element declarations, named and anonymous complex types with one `xs:sequence`, minOccurs/maxOccurs, and
 * simple types restricting the built-ins (string, date, dateTime, gYear, integer, positive/nonNegativeInteger,
 * boolean) by enumeration, pattern, length and range facets. Anything else in the schema is refused when the schema
 * is loaded (`UNSUPPORTED_SCHEMA`) rather than silently ignored, so a pass means the document really conforms.
 *
 * No XML Schema validator package is installed and the machine has no `xmllint`, hence this interpreter: the schema
 * file itself drives it, so the tests validate against the published structure, not a transcription of it.
 */
export interface XsdProblem {
  /** `/Message/Children/Child[2]/ChildIdentifiers/Sex` (1-based positions among same-named siblings). */
  readonly path: string;
  readonly line: number;
  readonly message: string;
}

interface SimpleType {
  readonly name: string;
  readonly builtin: Builtin;
  /** Each step's facets; a value must pass every step (patterns within one step are alternatives). */
  readonly steps: readonly Facets[];
}
interface Facets {
  readonly enumeration?: readonly string[];
  readonly patterns?: readonly RegExp[];
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly length?: number;
  readonly minInclusive?: number;
  readonly maxInclusive?: number;
}
interface ComplexType {
  readonly kind: 'complex';
  readonly name: string;
  readonly particles: readonly ElementDecl[];
}
interface ElementDecl {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly type: () => ComplexType | SimpleType;
}
export interface XsdSchema {
  readonly roots: ReadonlyMap<string, ElementDecl>;
}

type Builtin = 'string' | 'date' | 'dateTime' | 'gYear' | 'integer' | 'positiveInteger' | 'nonNegativeInteger' | 'boolean';
const BUILTINS: ReadonlySet<string> = new Set<Builtin>(['string', 'date', 'dateTime', 'gYear', 'integer', 'positiveInteger', 'nonNegativeInteger', 'boolean']);

const unsupported = (what: string, at: XmlElement): never => {
  throw new ReturnsError('UNSUPPORTED_SCHEMA', `XSD line ${at.line}: ${what} is not supported by this validator`);
};
const local = (qname: string): string => qname.slice(qname.indexOf(':') + 1);
const isXs = (qname: string): boolean => qname.startsWith('xs:') || qname.startsWith('xsd:');
const significant = (e: XmlElement): XmlElement[] => e.children.filter((c) => local(c.name) !== 'annotation');

function occurs(value: string | undefined, fallback: number, at: XmlElement): number {
  if (value === undefined) return fallback;
  if (value === 'unbounded') return Number.POSITIVE_INFINITY;
  if (!/^\d+$/.test(value)) unsupported(`occurrence '${value}'`, at);
  return Number(value);
}

/** Reads a schema document. Throws `MALFORMED_SCHEMA` / `UNSUPPORTED_SCHEMA`. */
export function loadXsd(source: string): XsdSchema {
  const root = parseXml(source);
  if (local(root.name) !== 'schema') throw new ReturnsError('MALFORMED_SCHEMA', 'The document is not an XML Schema (no xs:schema root)');
  const namedComplex = new Map<string, XmlElement>();
  const namedSimple = new Map<string, XmlElement>();
  const globals: XmlElement[] = [];
  for (const child of significant(root)) {
    const kind = local(child.name);
    const name = child.attributes.name;
    if (kind === 'complexType' && name) namedComplex.set(name, child);
    else if (kind === 'simpleType' && name) namedSimple.set(name, child);
    else if (kind === 'element' && name) globals.push(child);
    else unsupported(`top-level xs:${kind}`, child);
  }
  const complexCache = new Map<string, ComplexType>();
  const simpleCache = new Map<string, SimpleType>();

  const typeByName = (qname: string, at: XmlElement): ComplexType | SimpleType => {
    if (isXs(qname)) {
      const builtin = local(qname);
      if (!BUILTINS.has(builtin)) unsupported(`built-in type ${qname}`, at);
      return { name: qname, builtin: builtin as Builtin, steps: [] };
    }
    const complex = namedComplex.get(qname);
    if (complex) {
      const cached = complexCache.get(qname);
      if (cached) return cached;
      const built = complexType(complex, qname);
      complexCache.set(qname, built);
      return built;
    }
    const simple = namedSimple.get(qname);
    if (simple) {
      const cached = simpleCache.get(qname);
      if (cached) return cached;
      const built = simpleType(simple, qname);
      simpleCache.set(qname, built);
      return built;
    }
    throw new ReturnsError('MALFORMED_SCHEMA', `XSD line ${at.line}: type ${qname} is not defined`);
  };

  const complexType = (node: XmlElement, name: string): ComplexType => {
    if (Object.keys(node.attributes).some((a) => a !== 'name')) unsupported('attributes on xs:complexType', node);
    const parts = significant(node);
    if (parts.length === 0) return { kind: 'complex', name, particles: [] };
    const [sequence, ...rest] = parts;
    if (rest.length > 0 || !sequence || local(sequence.name) !== 'sequence') return unsupported('a complex type other than one xs:sequence', node);
    if (sequence.attributes.minOccurs !== undefined || sequence.attributes.maxOccurs !== undefined) unsupported('occurrence on xs:sequence', sequence);
    return { kind: 'complex', name, particles: significant(sequence).map((p) => elementDecl(p, name)) };
  };

  const simpleType = (node: XmlElement, name: string): SimpleType => {
    const [restriction, ...rest] = significant(node);
    if (!restriction || rest.length > 0 || local(restriction.name) !== 'restriction') return unsupported('a simple type other than xs:restriction', node);
    const inner = significant(restriction).filter((c) => local(c.name) === 'simpleType');
    const base: SimpleType | ComplexType =
      restriction.attributes.base !== undefined
        ? typeByName(restriction.attributes.base, restriction)
        : inner[0]
          ? simpleType(inner[0], `${name}/base`)
          : unsupported('a restriction without a base', restriction);
    if (!('builtin' in base)) return unsupported('a simple type restricting a complex type', restriction);
    const facets: { enumeration: string[]; patterns: RegExp[]; [k: string]: unknown } = { enumeration: [], patterns: [] };
    for (const f of significant(restriction)) {
      const kind = local(f.name);
      const value = f.attributes.value ?? '';
      if (kind === 'simpleType') continue;
      if (kind === 'enumeration') facets.enumeration.push(value);
      else if (kind === 'pattern') facets.patterns.push(xsdPattern(value, f));
      else if (['minLength', 'maxLength', 'length', 'minInclusive', 'maxInclusive'].includes(kind)) facets[kind] = Number(value);
      else unsupported(`facet xs:${kind}`, f);
    }
    const step: Facets = {
      ...(facets.enumeration.length > 0 ? { enumeration: facets.enumeration } : {}),
      ...(facets.patterns.length > 0 ? { patterns: facets.patterns } : {}),
      ...Object.fromEntries(Object.entries(facets).filter(([k]) => k !== 'enumeration' && k !== 'patterns')),
    };
    return { name, builtin: base.builtin, steps: [...base.steps, step] };
  };

  const elementDecl = (node: XmlElement, owner: string): ElementDecl => {
    if (local(node.name) !== 'element') return unsupported(`xs:${local(node.name)} in a sequence`, node);
    const name = node.attributes.name;
    if (!name) return unsupported('an element reference (ref=)', node);
    const min = occurs(node.attributes.minOccurs, 1, node);
    const max = occurs(node.attributes.maxOccurs, 1, node);
    const typeName = node.attributes.type;
    const inline = significant(node);
    let resolved: ComplexType | SimpleType | undefined;
    const type = (): ComplexType | SimpleType => {
      if (resolved) return resolved;
      if (typeName !== undefined) resolved = typeByName(typeName, node);
      else if (inline[0] && local(inline[0].name) === 'complexType') resolved = complexType(inline[0], `${owner}/${name}`);
      else if (inline[0] && local(inline[0].name) === 'simpleType') resolved = simpleType(inline[0], `${owner}/${name}`);
      else resolved = { name: 'xs:string', builtin: 'string', steps: [] };
      return resolved;
    };
    return { name, min, max, type };
  };

  const roots = new Map(globals.map((g) => [g.attributes.name!, elementDecl(g, '')] as const));
  // Resolve every type now so that a schema with an unsupported construct fails at load, not half-way through a document.
  const seen = new Set<ComplexType>();
  const visit = (decl: ElementDecl): void => {
    const t = decl.type();
    if ('kind' in t && !seen.has(t)) {
      seen.add(t);
      t.particles.forEach(visit);
    }
  };
  roots.forEach(visit);
  return { roots };
}

/** XSD regular expressions match the whole value and have no anchors; the subset the returns use reads the same in JS. */
function xsdPattern(pattern: string, at: XmlElement): RegExp {
  if (/\\[pPiIcC]|\[[^\]]*-\[/.test(pattern)) unsupported(`pattern ${pattern}`, at);
  return new RegExp(`^(?:${pattern})$`, 'u');
}

function lexicalProblem(builtin: Builtin, value: string): string | null {
  switch (builtin) {
    case 'string':
      return null;
    case 'date': {
      const m = /^(\d{4}-\d{2}-\d{2})(Z|[+-]\d{2}:\d{2})?$/.exec(value);
      return m && isIsoDate(m[1]) ? null : 'is not a date (YYYY-MM-DD)';
    }
    case 'dateTime': {
      const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/.exec(value);
      return m && isIsoDate(m[1]) && Number(m[2]) <= 23 && Number(m[3]) <= 59 && Number(m[4]) <= 59 ? null : 'is not a date-time';
    }
    case 'gYear':
      return /^\d{4}(Z|[+-]\d{2}:\d{2})?$/.test(value) ? null : 'is not a year';
    case 'integer':
      return /^[+-]?\d+$/.test(value) ? null : 'is not a whole number';
    case 'positiveInteger':
      return /^\+?\d+$/.test(value) && Number(value) > 0 ? null : 'is not a positive whole number';
    case 'nonNegativeInteger':
      return /^\+?\d+$/.test(value) ? null : 'is not a whole number of zero or more';
    case 'boolean':
      return ['true', 'false', '1', '0'].includes(value) ? null : 'is not true/false';
  }
}

function simpleProblem(type: SimpleType, raw: string): string | null {
  const value = type.builtin === 'string' ? raw : raw.trim().replace(/\s+/g, ' ');
  const lexical = lexicalProblem(type.builtin, value);
  if (lexical) return `'${value}' ${lexical}`;
  for (const step of type.steps) {
    if (step.enumeration && !step.enumeration.includes(value)) return `'${value}' is not one of the allowed values (${step.enumeration.slice(0, 12).join(', ')}${step.enumeration.length > 12 ? ', …' : ''})`;
    if (step.patterns && !step.patterns.some((p) => p.test(value))) return `'${value}' does not match the pattern ${step.patterns.map((p) => p.source.slice(4, -2)).join(' | ')}`;
    const length = [...value].length;
    if (step.length !== undefined && length !== step.length) return `'${value}' must be ${step.length} characters long`;
    if (step.minLength !== undefined && length < step.minLength) return value === '' ? 'is empty' : `'${value}' is shorter than ${step.minLength} characters`;
    if (step.maxLength !== undefined && length > step.maxLength) return `'${value}' is longer than ${step.maxLength} characters`;
    if (step.minInclusive !== undefined && Number(value) < step.minInclusive) return `${value} is less than ${step.minInclusive}`;
    if (step.maxInclusive !== undefined && Number(value) > step.maxInclusive) return `${value} is more than ${step.maxInclusive}`;
  }
  return null;
}

/** Every problem in the document, in document order (empty when it conforms). */
export function validateXml(document: string | XmlElement, schema: XsdSchema): XsdProblem[] {
  const root = typeof document === 'string' ? parseXml(document) : document;
  const problems: XsdProblem[] = [];
  const decl = schema.roots.get(root.name);
  if (!decl) return [{ path: `/${root.name}`, line: root.line, message: `<${root.name}> is not a root element of the schema` }];
  validateElement(root, decl, `/${root.name}`, problems);
  return problems;
}

function validateElement(element: XmlElement, decl: ElementDecl, path: string, problems: XsdProblem[]): void {
  const type = decl.type();
  const unexpectedAttribute = Object.keys(element.attributes).find((a) => !a.startsWith('xmlns'));
  if (unexpectedAttribute) problems.push({ path, line: element.line, message: `attribute ${unexpectedAttribute} is not allowed` });
  if (!('kind' in type)) {
    if (element.children.length > 0) {
      problems.push({ path, line: element.line, message: `<${element.name}> holds elements but must hold a value` });
      return;
    }
    const problem = simpleProblem(type, element.text);
    if (problem) problems.push({ path, line: element.line, message: `<${element.name}> ${problem}` });
    return;
  }
  if (element.text.trim() !== '') problems.push({ path, line: element.line, message: `<${element.name}> must hold elements, not text` });
  const children = element.children;
  let i = 0;
  const counts = new Map<string, number>();
  for (const particle of type.particles) {
    let n = 0;
    while (i < children.length && children[i]!.name === particle.name && n < particle.max) {
      const child = children[i]!;
      const position = (counts.get(child.name) ?? 0) + 1;
      counts.set(child.name, position);
      validateElement(child, particle, `${path}/${child.name}[${position}]`, problems);
      n++;
      i++;
    }
    if (n < particle.min) {
      const next = children[i];
      problems.push({
        path,
        line: next?.line ?? element.line,
        message: `<${element.name}> is missing <${particle.name}>${next ? ` (found <${next.name}> where it belongs)` : ''}`,
      });
    }
  }
  for (; i < children.length; i++) {
    const child = children[i]!;
    const known = type.particles.some((p) => p.name === child.name);
    problems.push({
      path: `${path}/${child.name}`,
      line: child.line,
      message: known
        ? `<${child.name}> is out of order or repeated more often than allowed in <${element.name}>`
        : `<${child.name}> is not allowed in <${element.name}>`,
    });
  }
}
