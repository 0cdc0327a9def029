import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../errors.js';
import '../models/index.js';
import { parseScenario } from './load.js';

const valid = `# a comment
name: t1
model: mm1
seed: 5
replications: 3
duration: 2h
warmup: 10min
mm1:
  arrivalRate: 0.5/s
  serviceRate: 1/s
`;

function errorOf(text: string): InputError {
  try {
    parseScenario(text, 'x.yaml');
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error('expected an InputError');
}

describe('scenario loading', () => {
  it('resolves units and defaults', () => {
    const s = parseScenario(valid, 'x.yaml') as Record<string, unknown>;
    expect(s).toMatchObject({ name: 't1', model: 'mm1', seed: 5, replications: 3, duration: 7200, warmup: 600, engine: 'auto', rng: 'tychei' });
    expect(s.mm1).toEqual({ arrivalRate: 0.5, serviceRate: 1, confidence: 0.99 });
  });

  it('an unknown key is reported at its own line and column with its path', () => {
    const e = errorOf(valid.replace('  serviceRate: 1/s', '  serviceRate: 1/s\n  serviceRat: 2'));
    expect(e.format()).toBe("x.yaml:11:3: mm1.serviceRat: unknown field 'serviceRat'");
  });

  it('a bad value is reported at the value with the field path', () => {
    expect(errorOf(valid.replace('arrivalRate: 0.5/s', 'arrivalRate: -1/s')).format()).toBe(
      'x.yaml:9:16: mm1.arrivalRate: arrivalRate must be greater than 0',
    );
    expect(errorOf(valid.replace('duration: 2h', 'duration: 2 fortnights')).format()).toMatch(
      /^x\.yaml:6:11: duration: unknown unit 'fortnights'/,
    );
    expect(errorOf(valid.replace('duration: 2h', 'duration: -5s')).format()).toBe('x.yaml:6:11: duration: duration must not be negative');
    expect(errorOf(valid.replace('seed: 5', 'seed: five')).format()).toMatch(/^x\.yaml:4:7: seed: .*expected number/);
  });

  it('cross-field rules point at the field to fix', () => {
    expect(errorOf(valid.replace('arrivalRate: 0.5/s', 'arrivalRate: 2/s')).format()).toMatch(/^x\.yaml:9:16: mm1\.arrivalRate: arrivalRate must be below serviceRate/);
    expect(errorOf(valid.replace('warmup: 10min', 'warmup: 3h')).format()).toMatch(/^x\.yaml:7:9: warmup: warmup \(10800 s\) must be shorter/);
  });

  it('missing fields and unknown models are named', () => {
    expect(errorOf(valid.replace('duration: 2h\n', '')).format()).toMatch(/^x\.yaml:2:1: duration: missing required field 'duration'/);
    expect(errorOf(valid.replace('model: mm1', 'model: mm9')).format()).toMatch(/^x\.yaml:3:8: model: unknown model; expected one of 'mm1', 'mmcc'/);
  });

  it('YAML syntax errors carry line and column', () => {
    const e = errorOf('name: a\nmodel: [mm1\nseed: 1\n');
    expect(e.format()).toMatch(/^x\.yaml:\d+:\d+: YAML syntax error/);
    expect(errorOf('name: a\nname: b\n').format()).toBe("x.yaml:2:1: the key 'name' is given twice (first at line 1)");
    expect(errorOf('- 1\n- 2\n').format()).toMatch(/a scenario must be a YAML mapping/);
    expect(errorOf('').format()).toMatch(/a scenario must be a YAML mapping/);
  });

  it('collects every problem, not just the first', () => {
    const e = errorOf(valid.replace('seed: 5', 'seed: -1').replace('serviceRate: 1/s', 'serviceRate: 1/s\n  bogus: 1'));
    expect(e.more.length).toBeGreaterThanOrEqual(1);
  });

  it('property: random edits of a valid scenario either load or raise an InputError, never anything else', () => {
    const edit = fc.oneof(
      fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 8 }) }),
      fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom(':', '- ', '\n', '  ', '[', '{', '"', '&a', '*a', '!!int', '!!binary', '1e999', '-0', '?', '\r', '\u0000')) }),
      fc.record({ kind: fc.constant('swap' as const), at: fc.nat(), other: fc.nat() }),
    );
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 5 }), (edits) => {
        let text = valid;
        for (const e of edits) {
          const at = e.at % (text.length + 1);
          if (e.kind === 'delete') text = text.slice(0, at) + text.slice(at + e.len);
          else if (e.kind === 'insert') text = text.slice(0, at) + e.text + text.slice(at);
          else {
            const lines = text.split('\n');
            const i = e.at % lines.length;
            const j = e.other % lines.length;
            [lines[i], lines[j]] = [lines[j], lines[i]];
            text = lines.join('\n');
          }
        }
        try {
          parseScenario(text, 'm.yaml');
        } catch (err) {
          if (!(err instanceof InputError)) throw err;
          expect(err.format().startsWith('m.yaml')).toBe(true);
          // One line each, whatever bytes the edit put into the file.
          for (const one of [err, ...err.more]) expect(one.format()).not.toMatch(/[\u0000-\u001f\u007f]/);
        }
      }),
      { numRuns: 1500 },
    );
  });
});
