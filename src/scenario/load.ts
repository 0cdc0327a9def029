/**
 * Loading a scenario: read the file, parse YAML keeping source positions, validate with
 * the schema, and turn every problem into an InputError at file:line:column with the
 * field's path.
 */
import { isMap, isScalar, type Document, type LineCounter, type Node } from 'yaml';
import type * as z from 'zod';
import { InputError, MAX_PROBLEMS, problems } from '../errors.js';
import { formatPath } from './path.js';
import { scenarioSchema, type Scenario } from './schema.js';
import { locate, readScenarioText } from './place.js';
import { readYaml, type YamlSource } from './yaml.js';

export { formatPath };
export { placeInScenario, readScenarioText } from './place.js';

export function loadScenarioFile(file: string): Scenario {
  return parseScenario(readScenarioText(file), file);
}

/** Parse and validate scenario text; `file` is only used in messages. */
export function parseScenario(text: string, file = '<scenario>'): Scenario {
  return parseScenarioSource(text, file).scenario;
}

/** Parse and validate, keeping the document for callers that point into it (sweeps). */
export function parseScenarioSource(text: string, file: string): { scenario: Scenario; source: YamlSource } {
  const source = readYaml(text, file);
  const { doc, lines, data } = source;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new InputError('a scenario must be a YAML mapping of fields (name, model, duration, …)', { file, line: 1, column: 1 });
  }
  const result = scenarioSchema.safeParse(data);
  if (result.success) return { scenario: result.data as Scenario, source };
  const issues = result.error.issues;
  const errs = issues.slice(0, MAX_PROBLEMS).map((issue) => issueToError(issue, doc, lines, file));
  throw problems(errs, issues.length);
}

function issueToError(issue: z.core.$ZodIssue, doc: Document, lines: LineCounter, file: string): InputError {
  const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
  let message = issue.message;
  let target: { node: Node | null; path: (string | number)[] } = locate(doc, path);
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0];
    const keyNode = findKey(target.node, key);
    const fieldPath = [...path, key];
    message = `unknown field '${key}'` + alsoUnknown(issue.keys.slice(1));
    if (keyNode) target = { node: keyNode, path: fieldPath };
    return at(message, target.node, fieldPath, lines, file);
  }
  if (issue.code === 'invalid_union' && 'discriminator' in issue) {
    const options = (issue as { options?: unknown[] }).options ?? [];
    message = `unknown model; expected one of ${options.map((o) => `'${String(o)}'`).join(', ')}`;
  }
  if (target.path.length < path.length) {
    // The value is absent: point at the enclosing mapping and say what is missing.
    const missing = path[target.path.length];
    if (issue.code === 'invalid_type' && target.path.length === path.length - 1) message = `missing required field '${String(missing)}'`;
    else if (issue.code === 'invalid_union') message = `missing required field '${String(missing)}': ${message}`;
  }
  return at(message, target.node, path, lines, file);
}

/** The other unknown keys of a mapping, a few by name. */
function alsoUnknown(keys: string[]): string {
  if (keys.length === 0) return '';
  const named = keys.slice(0, 5).join(', ');
  return ` (also: ${named}${keys.length > 5 ? ` and ${keys.length - 5} more` : ''})`;
}

function at(message: string, node: Node | null, path: (string | number)[], lines: LineCounter, file: string): InputError {
  const field = path.length > 0 ? formatPath(path) : undefined;
  const offset = node?.range?.[0];
  if (offset === undefined) return new InputError(message, { file, field });
  const pos = lines.linePos(offset);
  return new InputError(message, { file, line: pos.line, column: pos.col, field });
}

function findKey(node: Node | null, key: string): Node | null {
  if (!isMap(node)) return null;
  const pair = node.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === key);
  return (pair?.key as Node | null) ?? null;
}

