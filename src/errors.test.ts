import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeControls, InputError, problems } from './errors.js';

describe('InputError', () => {
  it('a newline, CR, NUL, tab or BOM from the user cannot split or garble the line', () => {
    const e = new InputError("'10\nq' is not a duration", { file: 'a.yaml', line: 3, column: 11, field: 'x\ry' });
    expect(e.format()).toBe("a.yaml:3:11: x\\ry: '10\\nq' is not a duration");
    expect(new InputError('id \u0000\u0001\u007f\u0085\u2028\ufeff\t').message).toBe('id \\0\\u0001\\u007f\\u0085\\u2028\\ufeff\\t');
    expect(new InputError('ok', { file: 'tr\nace.csv', record: 4 }).format()).toBe('tr\\nace.csv: record 4: ok');
  });

  it('property: formatting is one line of printable text, and escaping twice changes nothing', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (message, field) => {
        const line = new InputError(message, { file: 'f', line: 1, field }).format();
        expect(line).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff]/);
        expect(escapeControls(line)).toBe(line);
      }),
    );
  });

  it('problems: the first twenty, then how many more', () => {
    const errs = Array.from({ length: 25 }, (_, i) => new InputError(`p${i}`, { file: 'f.yaml', line: i + 1 }));
    const one = problems(errs);
    expect([one, ...one.more].map((e) => e.format())).toEqual([...errs.slice(0, 20).map((e) => e.format()), 'f.yaml: … and 5 more problems']);
    // Only the first few made, the total counted.
    expect(problems(errs.slice(0, 2), 3001).more.map((e) => e.message)).toEqual(['p1', '… and 2999 more problems']);
    expect(problems(errs.slice(0, 1)).more).toEqual([]);
    expect(problems(errs.slice(0, 20)).more).toHaveLength(19);
    expect(problems(errs.slice(0, 21)).more.at(-1)?.message).toBe('… and 1 more problem');
  });
});
