/**
 * Reading a scenario file's text and placing a problem at its line: the parts of loading
 * that need no schema, so commands that only point at a line (flows, player) stay light.
 */
import { closeSync, fstatSync, openSync, readFileSync } from 'node:fs';
import { isMap, isScalar, isSeq, type Document, type Node } from 'yaml';
import { fileError, InputError } from '../errors.js';
import { MAX_SCENARIO_BYTES, readYaml, tooLarge } from './yaml.js';

/** A scenario file's text; a file that cannot be read, or is too large to be a scenario, is the user's to fix. */
export function readScenarioText(file: string): string {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (e) {
    throw fileError(file, e);
  }
  try {
    // Refuse a huge file before reading it into memory.
    const size = fstatSync(fd).size;
    if (size > MAX_SCENARIO_BYTES) throw tooLarge(size, file);
    return readFileSync(fd, 'utf8');
  } catch (e) {
    throw e instanceof InputError ? e : fileError(file, e);
  } finally {
    closeSync(fd);
  }
}

/**
 * An InputError a model raised from a valid-looking scenario (an AS link the topology
 * lacks) names only a field; this places it in the scenario file at that field's line.
 */
export function placeInScenario(e: InputError, file: string): InputError {
  if (e.where.file !== undefined || e.where.field === undefined) return e;
  const path = e.where.field.split(/\.|(?=\[)/).map((k) => (k.startsWith('[') ? Number(k.slice(1, -1)) : k));
  try {
    const { doc, lines } = readYaml(readScenarioText(file), file);
    const offset = locate(doc, path).node?.range?.[0];
    if (offset === undefined) return new InputError(e.message, { file, field: e.where.field });
    const pos = lines.linePos(offset);
    return new InputError(e.message, { file, line: pos.line, column: pos.col, field: e.where.field });
  } catch {
    return new InputError(e.message, { file, field: e.where.field });
  }
}

/** Walk as far down `path` as the document goes. */
export function locate(doc: Document, path: (string | number)[]): { node: Node | null; path: (string | number)[] } {
  let node: Node | null = doc.contents as Node | null;
  const walked: (string | number)[] = [];
  for (const key of path) {
    let next: Node | null = null;
    if (isMap(node)) {
      const pair = node.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === key);
      next = (pair?.value as Node | null) ?? (pair?.key as Node | null) ?? null;
    } else if (isSeq(node) && typeof key === 'number') {
      next = (node.items[key] as Node | null) ?? null;
    }
    if (!next) break;
    node = next;
    walked.push(key);
  }
  return { node, path: walked };
}

