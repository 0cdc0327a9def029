/** The scenario's player fields: a rule by name, a user's rule from a module, each refused at its line when wrong. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import '../../models/index.js';
import { isInputError } from '../../errors.js';
import { parseScenario } from '../../scenario/load.js';
import { repoRoot } from '../../test-helpers/cli.js';
import { openConnectModel } from '../model.js';
import { harness } from './test-helpers/harness.js';

const quickstart = readFileSync(join(repoRoot, 'scenarios', 'quickstart.yaml'), 'utf8');

function formatted(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (isInputError(e)) return e.format();
    throw e;
  }
  return 'accepted';
}

describe('workload.abr', () => {
  it('is bba unless the scenario says, and an unknown rule is refused at its line', () => {
    expect((parseScenario(quickstart, 'q.yaml') as unknown as { workload: { abr: string } }).workload.abr).toBe('bba');
    const text = quickstart.replace('workload:\n', 'workload:\n  abr: nope\n');
    const line = text.split('\n').indexOf('  abr: nope') + 1;
    expect(formatted(() => parseScenario(text, 'q.yaml'))).toMatch(new RegExp(`^q\\.yaml:${line}:\\d+: .*workload\\.abr.*unknown ABR rule 'nope'`));
  });

  it("plays with a user's rule from abrModule, and names the field when the module lacks the rule", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'abr-module-'));
    writeFileSync(join(dir, 'top.mjs'), "export default { name: 'top', describe: 'always the top rung', create: (movie) => ({ name: 'top', choose: () => movie.rungs - 1 }) };\n");
    const withModule = (abr: string) => parseScenario(quickstart.replace('workload:\n', `workload:\n  abr: ${abr}\n  abrModule: top.mjs\n`), join(dir, 'q.yaml'));
    await openConnectModel.prepare!(withModule('top') as never, { baseDir: dir });
    const h = harness({ workload: { abr: 'top', uhdShare: 1 } });
    h.player.startPlayback(0, 0, 40);
    h.engine.run();
    // The first segment is always the lowest rung; the rule takes every other.
    expect(h.rec.fetches.map((f) => f.file % h.ladderBps.length)).toEqual([0, 5, 5, 5, 5, 5, 5, 5, 5, 5]);
    let message = '';
    await openConnectModel.prepare!(withModule('other') as never, { baseDir: dir }).catch((e: unknown) => (message = isInputError(e) ? e.format() : String(e)));
    expect(message).toMatch(/workload\.abr.*'other'.*'top'/);
  });
});
