import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../errors.js';
import { generateZipfTrace, parseSizeDist, writeZipfTrace } from './gen.js';
import { computeNextAccess } from './next-access.js';
import { OracleGeneralReader, recordsToBytes } from './oracle.js';
import { inferFormat, openTrace } from './open.js';
import { traceStats } from './stats.js';
import { nextAccessOf, WORDS, W_HI, W_LO, W_SIZE, W_TIME, type TraceOptions, type TraceReader } from './types.js';

const dir = mkdtempSync(join(tmpdir(), 'cdnsim-trace-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

interface Rec {
  time: number;
  id: bigint;
  size: number;
  next: number;
}

async function readAll(reader: TraceReader): Promise<Rec[]> {
  const out: Rec[] = [];
  for await (const b of reader.batches()) {
    for (let i = 0; i < b.count; i++) {
      const at = i * WORDS;
      const w = b.words;
      out.push({ time: w[at + W_TIME], id: (BigInt(w[at + W_HI]) << 32n) | BigInt(w[at + W_LO]), size: w[at + W_SIZE], next: nextAccessOf(w, at) });
    }
  }
  return out;
}

async function readFile(path: string, options: TraceOptions): Promise<Rec[]> {
  return readAll(openTrace(path, options));
}

async function inputError(p: Promise<unknown>): Promise<InputError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return e as InputError;
  }
  throw new Error('expected an InputError');
}

describe('trace gen', () => {
  it('fills next access: the 1-based index of the next request to the same id', () => {
    const w = generateZipfTrace({ requests: 5000, objects: 50, alpha: 0.9, seed: 3 });
    const n = w.length / WORDS;
    for (let i = 0; i < n; i++) {
      const id = w[i * WORDS + W_LO];
      let j = i + 1;
      while (j < n && w[j * WORDS + W_LO] !== id) j++;
      expect(nextAccessOf(w, i * WORDS)).toBe(j < n ? j + 1 : Infinity);
    }
  });

  it('draws ranks by Zipf: rank-1 frequency near its probability', () => {
    const w = generateZipfTrace({ requests: 200_000, objects: 1000, alpha: 1, seed: 1 });
    let ones = 0;
    for (let at = 0; at < w.length; at += WORDS) if (w[at + W_LO] === 1) ones++;
    let h = 0;
    for (let k = 1; k <= 1000; k++) h += 1 / k;
    expect(ones / 200_000).toBeCloseTo(1 / h, 2);
  });

  it('keeps one size per object, within the clamps, and is reproducible from the seed', () => {
    const spec = { requests: 20_000, objects: 500, alpha: 0.7, sizeDist: parseSizeDist('lognormal:10,2'), sizeMin: 4096, sizeMax: 1 << 20, seed: 9 };
    const a = generateZipfTrace(spec);
    const same = (x: Uint32Array) => Buffer.from(x.buffer).equals(Buffer.from(a.buffer));
    expect(same(generateZipfTrace(spec))).toBe(true);
    expect(same(generateZipfTrace({ ...spec, seed: 10 }))).toBe(false);
    const sizeOf = new Map<number, number>();
    const wrong: number[] = [];
    for (let at = 0; at < a.length; at += WORDS) {
      const s = a[at + W_SIZE];
      const k = a[at + W_LO];
      if (s < 4096 || s > 1 << 20 || (sizeOf.has(k) && sizeOf.get(k) !== s)) wrong.push(at / WORDS);
      sizeOf.set(k, s);
    }
    expect(wrong).toEqual([]);
  });

  it('rejects bad size distributions', () => {
    for (const bad of ['lognormal:1', 'fixed:0', 'weibull:1,2', 'pareto:1KiB,-1']) expect(() => parseSizeDist(bad)).toThrow(InputError);
  });
});

describe('oracleGeneral reader', () => {
  const words = generateZipfTrace({ requests: 3000, objects: 200, alpha: 0.8, sizeDist: { kind: 'fixed', bytes: 512 }, seed: 2 });
  const path = join(dir, 'small.oracleGeneral.bin');
  writeZipfTrace(path, { requests: 3000, objects: 200, alpha: 0.8, sizeDist: { kind: 'fixed', bytes: 512 }, seed: 2 });

  it('reads what gen wrote, across batch boundaries, with first indices', async () => {
    const reader = new OracleGeneralReader(path, 1000);
    const firsts: number[] = [];
    let n = 0;
    for await (const b of reader.batches()) {
      firsts.push(b.first);
      expect(Array.from(b.words.subarray(0, b.count * WORDS))).toEqual(Array.from(words.subarray(b.first * WORDS, (b.first + b.count) * WORDS)));
      n += b.count;
    }
    expect(firsts).toEqual([0, 1000, 2000]);
    expect(n).toBe(3000);
  });

  it('reads .gz the same as the plain file', async () => {
    const gz = file('small.oracleGeneral.bin.gz', gzipSync(readFileSync(path)));
    expect(await readFile(gz, { format: 'oracleGeneral' })).toEqual(await readFile(path, { format: 'oracleGeneral' }));
  });

  it('keeps all 64 bits of ids and the -1 next access', async () => {
    const w = new Uint32Array(2 * WORDS);
    w.set([7, 1, 0x200000, 100, 2, 0]);
    w.set([8, 0xffffffff, 0xffffffff, 200, 0xffffffff, 0xffffffff], WORDS);
    const recs = await readFile(file('ids.bin', recordsToBytes(w)), { format: 'oracleGeneral' });
    expect(recs).toEqual([
      { time: 7, id: (1n << 53n) + 1n, size: 100, next: 2 },
      { time: 8, id: (1n << 64n) - 1n, size: 200, next: Infinity },
    ]);
  });

  it('reports a truncated record with the file and record number', async () => {
    const bytes = readFileSync(path).subarray(0, 24 * 10 + 7);
    const cut = file('cut.bin', bytes);
    const e = await inputError(readFile(cut, { format: 'oracleGeneral' }));
    expect(e.where).toMatchObject({ file: cut, record: 10 });
    expect(e.format()).toContain('record 10');
    const cutGz = file('cut.bin.gz', gzipSync(bytes));
    const g = await inputError(readFile(cutGz, { format: 'oracleGeneral' }));
    expect(g.where).toMatchObject({ file: cutGz, record: 10 });
  });

  it('reports a missing file as an input error', async () => {
    const e = await inputError(readFile(join(dir, 'nope.bin'), { format: 'oracleGeneral' }));
    expect(e.message).toContain('no such file');
  });
});

describe('text readers', () => {
  it('csv: column mapping, header, quotes, CRLF, blank lines, exact 64-bit numeric ids', async () => {
    const path = file('t.csv', 'size,ts,key\r\n100,5,"18446744073709551615"\r\n\r\n 200 , 6 , 9007199254740993\r\n300,7,42');
    const recs = await readFile(path, { format: 'csv', columns: 'time=2,id=3,size=1', header: true });
    expect(recs.map((r) => [r.time, r.id, r.size])).toEqual([
      [5, 18446744073709551615n, 100],
      [6, 9007199254740993n, 200],
      [7, 42n, 300],
    ]);
  });

  it('csv: string ids are hashed consistently; size defaults to 1 and time to 0 when unmapped', async () => {
    const path = file('s.csv', '/a/b.mp4\n/c.mp4\n/a/b.mp4\n"x,y"\n');
    const recs = await readFile(path, { format: 'csv', columns: 'id=1' });
    expect(recs[0].id).toBe(recs[2].id);
    expect(recs[0].id).not.toBe(recs[1].id);
    expect(recs.map((r) => [r.time, r.size])).toEqual([
      [0, 1],
      [0, 1],
      [0, 1],
      [0, 1],
    ]);
  });

  it('csv: a bad line is reported with file and line number', async () => {
    const path = file('bad.csv', 'time,id,size\n1,2,3\n4,5,x\n');
    const e = await inputError(readFile(path, { format: 'csv', header: true }));
    expect(e.where).toMatchObject({ file: path, line: 3 });
    expect(e.format()).toMatch(/bad\.csv:3: size 'x'/);
    const short = file('short.csv', '1,2,3\n4,5\n');
    expect((await inputError(readFile(short, { format: 'csv' }))).where.line).toBe(2);
  });

  it('csv: times and sizes are whole numbers ("7.0" is, "1.5" is not: it is refused, not truncated)', async () => {
    const whole = file('whole.csv', '7.0,1,100.00\n');
    expect((await readFile(whole, { format: 'csv' })).map((r) => [r.time, r.size])).toEqual([[7, 100]]);
    const half = file('half.csv', 'time,id,size\n1,2,3\n1.5,2,3\n');
    const e = await inputError(readFile(half, { format: 'csv', header: true }));
    expect(e.format()).toMatch(/half\.csv:3: time '1\.5' is not a whole number of seconds/);
    const size = file('size.csv', '1,2,3.25\n');
    expect((await inputError(readFile(size, { format: 'csv' }))).format()).toMatch(/size '3\.25'/);
  });

  it('csv: bad column mappings are input errors', () => {
    for (const columns of ['time=0,id=1', 'size=2', 'id=x', 'colour=1,id=2']) {
      expect(() => openTrace('x.csv', { format: 'csv', columns })).toThrow(InputError);
    }
  });

  it('wcs: time id size, blank-separated, extra fields ignored, across chunk boundaries', async () => {
    const lines = Array.from({ length: 100_000 }, (_, i) => `${i} ${i % 977} ${1000 + (i % 13)} extra`);
    const path = file('t.wcs', lines.join('\n') + '\n');
    const recs = await readFile(path, { format: 'wcs' });
    expect(recs.length).toBe(100_000);
    expect(recs[99_999]).toEqual({ time: 99_999, id: BigInt(99_999 % 977), size: 1000 + (99_999 % 13), next: Infinity });
    const bad = file('bad.wcs', '1 2 3\n4 5\n');
    expect((await inputError(readFile(bad, { format: 'wcs' }))).where.line).toBe(2);
  });

  it('txt: one id per line, size 1; gzip by extension', async () => {
    const path = file('t.txt.gz', gzipSync('3\n1\n3\n'));
    expect((await readFile(path, { format: 'txt' })).map((r) => [r.id, r.size])).toEqual([
      [3n, 1],
      [1n, 1],
      [3n, 1],
    ]);
  });

  it('formats are inferred from file names, or must be given', () => {
    expect(inferFormat('a.oracleGeneral.bin.gz')).toBe('oracleGeneral');
    expect(inferFormat('a.csv')).toBe('csv');
    expect(() => inferFormat('a.dat')).toThrow(InputError);
  });
});

describe('stats and next-access pre-pass', () => {
  it('stats count requests, objects, bytes and the working set', async () => {
    const path = file('st.wcs', '0 1 10\n1 2 20\n2 1 10\n3 3 5\n');
    expect(await traceStats(openTrace(path, { format: 'wcs' }))).toEqual({
      requests: 4,
      objects: 3,
      requestBytes: 45,
      workingSetBytes: 35,
      oneHitObjects: 2,
      firstTime: 0,
      lastTime: 3,
    });
  });

  it('the pre-pass gives the same next access as the oracleGeneral field', async () => {
    const path = join(dir, 'na.bin');
    writeZipfTrace(path, { requests: 20_000, objects: 300, alpha: 0.8, seed: 5 });
    const fromPass = await computeNextAccess(new OracleGeneralReader(path, 4096));
    const fromFile = (await readFile(path, { format: 'oracleGeneral' })).map((r) => r.next);
    expect(Array.from(fromPass)).toEqual(fromFile);
  });
});
