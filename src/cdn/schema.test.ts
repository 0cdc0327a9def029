/** The Open Connect section's bounds: an absurd count is refused at its line, before anything is built. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import '../models/index.js';
import { isInputError } from '../errors.js';
import { parseScenario } from '../scenario/load.js';
import { repoRoot } from '../test-helpers/cli.js';

const quickstart = readFileSync(join(repoRoot, 'scenarios', 'quickstart.yaml'), 'utf8');

function problem(text: string): string {
  try {
    parseScenario(text, 'q.yaml');
  } catch (e) {
    if (isInputError(e)) return e.format();
    throw e;
  }
  return 'accepted';
}

describe('openconnect schema bounds', () => {
  it('the shipped quickstart is within them', () => {
    expect(problem(quickstart)).toBe('accepted');
  });

  it.each([
    ['releasesPerDay', 'releasesPerDay: 3', 'releasesPerDay: 1e9'],
    ['filmMinutes', 'catalog:\n', 'catalog:\n  filmMinutes: { mean: 1e9, sd: 1 }\n'],
  ])('refuses an absurd %s with its line', (field, anchor, replacement) => {
    const text = quickstart.replace(anchor, replacement);
    expect(text).not.toBe(quickstart);
    const line = text.split('\n').findIndex((l) => l.includes('1e9')) + 1;
    expect(problem(text)).toMatch(new RegExp(`^q\\.yaml:${line}:\\d+: .*${field}`));
  });
});
