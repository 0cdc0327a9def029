import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { InputError } from '../errors.js';
import '../models/index.js';
import { parseScenario, readScenarioText } from './load.js';
import { MAX_ALIAS_VALUES, MAX_SCENARIO_BYTES, readYaml } from './yaml.js';

const mm1 = `name: y
model: mm1
duration: 100s
mm1:
  arrivalRate: 0.5/s
  serviceRate: 1/s
`;

function errorOf(run: () => unknown): InputError {
  try {
    run();
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error('expected an InputError');
}

const parseError = (text: string) => errorOf(() => parseScenario(text, 'y.yaml'));

describe('reading scenario YAML', () => {
  afterEach(() => vi.restoreAllMocks());

  it('a key given twice is reported at the second, naming the line of the first, in any mapping', () => {
    expect(parseError(`${mm1}name: z\n`).format()).toBe("y.yaml:7:1: the key 'name' is given twice (first at line 1)");
    expect(parseError(mm1.replace('serviceRate: 1/s', 'serviceRate: 1/s\n  arrivalRate: 2/s')).format()).toBe(
      "y.yaml:7:3: the key 'arrivalRate' is given twice (first at line 5)",
    );
    // 1 and "1" become the same key of the data, so they are the same key here too.
    expect(errorOf(() => readYaml('a:\n  1: x\n  "1": y\n', 'k.yaml')).format()).toBe("k.yaml:3:3: the key '1' is given twice (first at line 2)");
  });

  it('eighty thousand keys are read, and a duplicate among them found at its line', () => {
    // The yaml package's own check compares every key with every other (minutes here).
    const keys = Array.from({ length: 80_000 }, (_, i) => `  k${i}: ${i}\n`).join('');
    const { data } = readYaml(`big:\n${keys}`, 'big.yaml');
    expect(Object.keys((data as { big: object }).big)).toHaveLength(80_000);
    expect(errorOf(() => readYaml(`big:\n${keys}  k40000: again\n`, 'big.yaml')).format()).toBe("big.yaml:80002:3: the key 'k40000' is given twice (first at line 40002)");
  });

  it('a file over the size limit is refused before it is parsed, naming the limit', () => {
    const text = `${mm1}description: "${'x'.repeat(MAX_SCENARIO_BYTES)}"\n`;
    const limit = 'scenario files are limited to 8 MiB (8388608 bytes)';
    expect(parseError(text).format()).toBe(`y.yaml: the file is ${text.length} bytes; ${limit}`);
    const dir = mkdtempSync(join(tmpdir(), 'cdnsim-yaml-'));
    try {
      const file = join(dir, 'big.yaml');
      writeFileSync(file, text);
      expect(errorOf(() => readScenarioText(file)).message).toBe(`the file is ${text.length} bytes; ${limit}`);
    } finally {
      rmSync(dir, { recursive: true });
    }
  });

  it('a mapping or list used as a key is refused at its position, without a warning from Node', () => {
    const warn = vi.spyOn(process, 'emitWarning');
    expect(parseError(`${mm1}? {a: 1}\n: 2\n`).format()).toBe('y.yaml:7:3: a mapping or list cannot be a key; keys are plain names');
    expect(parseError(`${mm1}[1, 2]: 3\n`).format()).toBe('y.yaml:7:1: a mapping or list cannot be a key; keys are plain names');
    expect(warn).not.toHaveBeenCalled();
  });

  it('aliases: an unresolved one and one inside its own anchor are placed; plain reuse works', () => {
    expect(parseError(mm1.replace('duration: 100s', 'duration: *d')).format()).toBe('y.yaml:3:11: the alias *d has no anchor &d before it');
    expect(errorOf(() => readYaml('a: &x [1, *x]\n', 'c.yaml')).format()).toBe('c.yaml:1:11: the alias *x is inside the node its anchor names, so the data would contain itself');
    const reused = parseScenario(mm1.replace('arrivalRate: 0.5/s', 'arrivalRate: &r 0.5/s').replace('duration: 100s', 'duration: 100s\nwarmup: 1s'), 'y.yaml');
    expect((reused as { mm1: { arrivalRate: number } }).mm1.arrivalRate).toBe(0.5);
  });

  it('an alias bomb is refused at the alias that crosses the bound, without expanding it', () => {
    let bomb = 'l0: &l0 [x, x, x, x, x, x, x, x, x]\n';
    for (let i = 1; i <= 9; i++) bomb += `l${i}: &l${i} [${Array(9).fill(`*l${i - 1}`).join(', ')}]\n`;
    const e = errorOf(() => readYaml(bomb, 'lol.yaml'));
    // Levels 1-5 add about 672,000 values; the first alias of level 6 adds 597,870 more.
    expect(e.format()).toBe(`lol.yaml:7:10: aliases expand the data by more than ${MAX_ALIAS_VALUES.toLocaleString('en-US')} values (at *l5); write the values out or reuse less`);
  });

  it('tags beyond plain YAML are refused with a plain message', () => {
    const e = parseError('name: y\nmodel: mm1\nduration: 100s\nmm1: !!binary aGVsbG8=\n');
    expect(e.format()).toBe('y.yaml:4:15: the tag !!binary is not plain YAML; scenario files hold only text, numbers, booleans, lists and mappings');
    expect(e.more).toHaveLength(0);
    expect(parseError(mm1.replace('100s', '!custom 100s')).format()).toMatch(/^y\.yaml:3:19: the tag !custom is not plain YAML/);
    expect(parseScenario(mm1.replace('100s', '!!str 100s'), 'y.yaml').duration).toBe(100);
  });

  it('__proto__ is an unknown field like any other, not a prototype', () => {
    const e = parseError(`${mm1}__proto__: { model: x }\n`);
    expect(e.format()).toBe("y.yaml:7:1: __proto__: unknown field '__proto__'");
  });

  it('lists at most twenty problems per file and counts the rest', () => {
    const dupes = Array.from({ length: 100 }, () => 'seed: 1\n').join(''); // 99 repeats
    const e = parseError(`${mm1}${dupes}`);
    const lines = [e, ...e.more].map((x) => x.format());
    expect(lines).toHaveLength(21);
    expect(lines[19]).toBe("y.yaml:27:1: the key 'seed' is given twice (first at line 7)");
    expect(lines[20]).toBe('y.yaml: … and 79 more problems');
  });
});
