/**
 * Reading the player's JSON inputs (Sabre's movie and network files) so that bad input
 * is one line naming the file, the line and the field.
 */
import { readFileSync } from 'node:fs';
import { fileError, InputError } from '../errors.js';
import { placeInScenario } from '../scenario/place.js';

/** The parsed JSON value of `file`; a missing file or a syntax error is the user's to fix. */
export function readJsonInput(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw fileError(file, e);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    const message = (e as Error).message;
    const at = /position (\d+)/.exec(message);
    const where = at ? lineAndColumn(text, Number(at[1])) : {};
    throw new InputError(`not valid JSON: ${message.replace(/ in JSON at position \d+.*$/, '')}`, { file, ...where });
  }
}

/** An error about one field, placed at that field's line (JSON is YAML, whose parser keeps positions). */
export function fieldError(file: string, field: string, message: string): InputError {
  return placeInScenario(new InputError(message, { field }), file);
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      start = i + 1;
    }
  }
  return { line, column: offset - start + 1 };
}
