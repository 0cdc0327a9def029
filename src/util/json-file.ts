/** Reading a JSON object from a results file, with bad content reported as the user's input. */
import { readFileSync } from 'node:fs';
import { fileError, InputError } from '../errors.js';
import type { Json } from './json.js';

export type JsonObject = { [k: string]: Json };

export function isObject(x: unknown): x is JsonObject {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** A JSON object from `file`; `what` names the expected content in the message. */
export function readJsonObject(file: string, what: string): JsonObject {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw fileError(file, e);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new InputError(`not valid JSON: ${(e as Error).message}`, { file });
  }
  if (!isObject(value)) throw new InputError(`not ${what}: expected a JSON object`, { file });
  return value as JsonObject;
}
