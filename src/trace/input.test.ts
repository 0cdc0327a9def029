/** Trace files that are not what they claim: the readers refuse them with one clear line. */
import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../errors.js';
import { MAX_OBJECT_BYTES, putRecord, recordsToBytes } from './oracle.js';
import { openTrace } from './open.js';
import { MAX_LINE_BYTES } from './text.js';
import { WORDS, W_HI, W_LO, W_SIZE, type TraceOptions } from './types.js';

const dir = mkdtempSync(join(tmpdir(), 'cdnsim-trace-input-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let files = 0;
function file(content: string | Uint8Array, ext = '.csv'): string {
  const path = join(dir, `t${files++}${ext}`);
  writeFileSync(path, content);
  return path;
}

/** [idLo, idHi, size] of every record. */
async function records(path: string, options: TraceOptions): Promise<number[][]> {
  const out: number[][] = [];
  for await (const b of openTrace(path, options).batches()) {
    for (let i = 0; i < b.count; i++) out.push([b.words[i * WORDS + W_LO], b.words[i * WORDS + W_HI], b.words[i * WORDS + W_SIZE]]);
  }
  return out;
}

async function refusal(path: string, options: TraceOptions): Promise<InputError> {
  try {
    await records(path, options);
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error('expected an InputError');
}

const csv: TraceOptions = { format: 'csv', columns: 'time=1,id=2,size=3' };
const oracle: TraceOptions = { format: 'oracleGeneral' };

describe('text traces', () => {
  it('a UTF-8 byte-order mark on line 1 is not part of the first field', async () => {
    const plain = '1,42,100\n2,obj-7,200\n';
    const bom = '\ufeff';
    expect(await records(file(bom + plain), csv)).toEqual(await records(file(plain), csv));
    expect(await records(file(`${bom}time,id,size\n${plain}`), { ...csv, header: true })).toEqual(await records(file(plain), csv));
    expect(await records(file(bom + '42\n7\n'), { format: 'txt' })).toEqual(await records(file('42\n7\n'), { format: 'txt' }));
    const gz = join(dir, 'bom.csv.gz');
    writeFileSync(gz, gzipSync(bom + plain));
    expect(await records(gz, csv)).toEqual(await records(file(plain), csv));
  });

  it('NUL, CR and bytes that are not UTF-8 are shown escaped, on one line', async () => {
    const nul = await refusal(file('1,a,10\n2\u0000,b,10\n'), csv);
    expect(nul.format()).toMatch(/:2: time '2\\0' is not a whole number of seconds/);
    const ff = await refusal(file(Buffer.from([0x31, 0x2c, 0x61, 0x2c, 0xff, 0xfe, 0x0a])), csv);
    expect(ff.format()).toMatch(/:1: size '\\xFF\\xFE' is not a byte count/);
    const cr = await refusal(file('1,a,1\r0\n'), csv);
    expect(cr.format()).toMatch(/:1: size '1\\r0' is not a byte count/);
    for (const e of [nul, ff, cr]) expect(e.format()).not.toMatch(/[\u0000-\u001f\ufffd]/);
  });

  it('a line longer than the limit is refused rather than gathered for ever', async () => {
    const e = await refusal(file(`1,a,1\n${'x'.repeat(MAX_LINE_BYTES + 10)}`), csv);
    expect(e.where.line).toBe(2);
    expect(e.message).toBe(`line 2 is longer than ${MAX_LINE_BYTES} bytes; is this a csv trace?`);
  });
});

describe('oracleGeneral', () => {
  /** Records i = 0..n-1 of object i % 3, each requested again three records later (1-based: i + 4). */
  function trace(n: number): Uint32Array {
    const w = new Uint32Array(n * WORDS);
    for (let i = 0; i < n; i++) putRecord(w, i, i, i % 3, 0, 100, i + 3 < n ? i + 4 : -1);
    return w;
  }

  it('a plausible file is read; each implausible field is refused naming its record', async () => {
    expect(await records(file(recordsToBytes(trace(10)), '.bin'), oracle)).toHaveLength(10);
    const bad = async (edit: (w: Uint32Array) => void) => {
      const w = trace(10);
      edit(w);
      const plain = await refusal(file(recordsToBytes(w), '.bin'), oracle);
      const gz = await refusal(file(gzipSync(recordsToBytes(w)), '.bin.gz'), oracle);
      expect(gz.message).toBe(plain.message);
      expect(gz.where.record).toBe(plain.where.record);
      return plain;
    };
    const zero = await bad((w) => putRecord(w, 3, 3, 0, 0, 0, -1));
    expect(zero.format()).toMatch(/: record 3: object size 0 is not plausible \(expected 1 to 2147483647 bytes\)/);
    expect((await bad((w) => putRecord(w, 4, 4, 1, 0, MAX_OBJECT_BYTES, -1))).where.record).toBe(4);
    // Record 5 is request 6 (1-based): its next request must come after it.
    expect((await bad((w) => putRecord(w, 5, 5, 2, 0, 100, 6))).message).toMatch(/^next access 6 is neither -1 nor a later request \(this is request 6/);
    expect((await bad((w) => putRecord(w, 5, 5, 2, 0, 100, 2))).where.record).toBe(5);
    const negative = await bad((w) => w.set([0xfffffffe, 0xffffffff], 7 * WORDS + 4));
    expect(negative.format()).toMatch(/: record 7: next access -2 is neither -1/);
  });

  it('property: garbage in whole records is read only when every record is plausible', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 24, maxLength: 24 * 40 }), async (bytes) => {
        const whole = bytes.subarray(0, bytes.length - (bytes.length % 24));
        const path = file(whole, '.bin');
        try {
          const recs = await records(path, oracle);
          for (const [, , size] of recs) expect(size > 0 && size < MAX_OBJECT_BYTES).toBe(true);
        } catch (e) {
          if (!(e instanceof InputError)) throw e;
          expect(e.where.record).toBeGreaterThanOrEqual(0);
        }
      }),
      { numRuns: 200 },
    );
  });
});
