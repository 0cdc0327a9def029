/**
 * Reading a scenario's YAML so that no input can hurt: a size limit checked before
 * parsing, then one pass over the parsed document, in document order, that turns it into
 * plain data and refuses what plain data cannot hold, each at its line and column:
 *
 * - a key written twice (the yaml package's own `uniqueKeys` check compares every key
 *   with every other: 80,000 keys took minutes; a Set per mapping is linear);
 * - a mapping or list used as a key (JavaScript would turn it into "[object Object]");
 * - a tag beyond plain YAML (`!!binary` would become a Buffer, `!custom` a warning);
 * - an alias with no anchor before it, one that refers to the node containing it, and
 *   aliases that expand the data far beyond what is written ("billion laughs").
 *
 * Aliases are resolved here too, through a map of the anchors seen so far: the yaml
 * package searches the whole document for each alias, which is quadratic in their number.
 */
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { InputError, MAX_PROBLEMS, problems } from '../errors.js';

/**
 * Scenario files are refused above 8 MiB, before parsing. The largest example
 * (scenarios/national.yaml) is under 10 KB and a generated one listing every prefix of a
 * large ISP a few MB; parsing costs about 75 bytes of memory per byte of YAML (a 16 MiB
 * file of keys peaked at 1.2 GB), so 8 MiB keeps the worst case near 600 MB and a second
 * or two.
 */
export const MAX_SCENARIO_BYTES = 8 * 2 ** 20;

/**
 * Aliases may add at most this many values to what is written. Real scenarios reuse a
 * block a handful of times; nine nested aliases of nine make a billion.
 */
export const MAX_ALIAS_VALUES = 1_000_000;

/** Tags plain YAML resolves by itself; anything else is refused. */
const PLAIN_TAGS = new Set(['str', 'int', 'float', 'bool', 'null', 'map', 'seq'].map((t) => `tag:yaml.org,2002:${t}`));

export interface YamlSource {
  doc: Document;
  lines: LineCounter;
  /** The document as plain data: objects, arrays, strings, numbers, booleans, null. */
  data: unknown;
}

export function readYaml(text: string, file: string): YamlSource {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_SCENARIO_BYTES) throw tooLarge(bytes, file);
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: false, resolveKnownTags: false });
  if (doc.errors.length > 0) {
    const errs = doc.errors.slice(0, MAX_PROBLEMS).map((e) => {
      const pos = e.linePos?.[0] ?? lines.linePos(Math.min(e.pos[0], text.length));
      const msg = e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
      return new InputError(`YAML syntax error: ${msg}`, { file, line: pos?.line, column: pos?.col });
    });
    throw problems(errs, doc.errors.length);
  }
  const walk = new Walk(lines, file);
  const data = walk.value(doc.contents as Node | null);
  if (walk.errors.length > 0) throw problems(walk.errors.slice(0, MAX_PROBLEMS), walk.errors.length);
  return { doc, lines, data };
}

export function tooLarge(bytes: number, file: string): InputError {
  return new InputError(`the file is ${bytes} bytes; scenario files are limited to ${MAX_SCENARIO_BYTES / 2 ** 20} MiB (${MAX_SCENARIO_BYTES} bytes)`, { file });
}

/** One document-order pass: plain data out, problems collected with their positions. */
class Walk {
  readonly errors: InputError[] = [];
  /** The node each anchor names at this point of the document (a later anchor of the same name replaces it). */
  private readonly anchors = new Map<string, Node>();
  /** Anchored nodes, once converted: their data and how many values they hold with aliases expanded. */
  private readonly anchored = new Map<Node, { data: unknown; values: number }>();
  /** Anchored nodes being converted: an alias to one of these would make the data contain itself. */
  private readonly open = new Set<Node>();
  /** Values made so far, aliases expanded, and how many of them the aliases added. */
  private values = 0;
  private added = 0;

  constructor(
    private readonly lines: LineCounter,
    private readonly file: string,
  ) {}

  value(node: Node | null): unknown {
    return node ? this.convert(node) : null;
  }

  private convert(node: Node): unknown {
    if (isAlias(node)) return this.alias(node);
    if (node.tag !== undefined && !PLAIN_TAGS.has(node.tag)) {
      const tag = node.tag.replace('tag:yaml.org,2002:', '!!');
      this.fail(`the tag ${tag} is not plain YAML; scenario files hold only text, numbers, booleans, lists and mappings`, node);
    }
    if (!node.anchor) return this.build(node);
    // Only an anchored node can be an alias's target: only these are remembered.
    this.anchors.set(node.anchor, node);
    this.open.add(node);
    const before = this.values;
    const data = this.build(node);
    this.open.delete(node);
    this.anchored.set(node, { data, values: this.values - before });
    return data;
  }

  private build(node: Node): unknown {
    this.values++;
    if (isMap(node)) return this.map(node);
    if (isSeq(node)) return node.items.map((item) => (item ? this.convert(item as Node) : null));
    return isScalar(node) ? node.value : null;
  }

  private map(node: Node & { items: { key: unknown; value: unknown }[] }): Record<string, unknown> {
    const data: Record<string, unknown> = {};
    const first = new Map<string, Node | null>();
    for (const pair of node.items) {
      const keyNode = pair.key as Node | null;
      const valueNode = pair.value as Node | null;
      const key = this.keyText(keyNode, valueNode ?? node);
      if (key === undefined) continue;
      if (first.has(key)) {
        const earlier = this.position(first.get(key) ?? node);
        this.fail(`the key '${key}' is given twice (first at line ${earlier.line})`, keyNode ?? valueNode ?? node);
        continue;
      }
      first.set(key, keyNode);
      const value = valueNode ? this.convert(valueNode) : null;
      // A key like __proto__ must stay a plain field (and then be refused as unknown).
      if (key === '__proto__') Object.defineProperty(data, key, { value, enumerable: true, writable: true, configurable: true });
      else data[key] = value;
    }
    return data;
  }

  /** A key as the plain data will hold it, or undefined (reported) when it cannot be one. */
  private keyText(keyNode: Node | null, fallback: Node): string | undefined {
    if (keyNode === null) return '';
    const key = isAlias(keyNode) ? this.alias(keyNode) : isScalar(keyNode) ? (keyNode.anchor || keyNode.tag ? this.convert(keyNode) : keyNode.value) : keyNode;
    if (typeof key === 'object' && key !== null) {
      this.fail('a mapping or list cannot be a key; keys are plain names', keyNode ?? fallback);
      return undefined;
    }
    return key === null ? '' : String(key);
  }

  private alias(node: Node & { source: string }): unknown {
    const target = this.anchors.get(node.source);
    if (!target) {
      this.fail(`the alias *${node.source} has no anchor &${node.source} before it`, node);
      return null;
    }
    const done = this.anchored.get(target);
    if (this.open.has(target) || !done) {
      this.fail(`the alias *${node.source} is inside the node its anchor names, so the data would contain itself`, node);
      return null;
    }
    this.values += done.values;
    this.added += done.values - 1;
    if (this.added > MAX_ALIAS_VALUES) {
      // Stop here: carrying on would only expand further.
      throw new InputError(`aliases expand the data by more than ${MAX_ALIAS_VALUES.toLocaleString('en-US')} values (at *${node.source}); write the values out or reuse less`, {
        file: this.file,
        ...this.position(node),
      });
    }
    return done.data;
  }

  private fail(message: string, node: Node): void {
    this.errors.push(new InputError(message, { file: this.file, ...this.position(node) }));
  }

  private position(node: Node): { line?: number; column?: number } {
    const offset = node.range?.[0];
    if (offset === undefined) return {};
    const pos = this.lines.linePos(offset);
    return { line: pos.line, column: pos.col };
  }
}
