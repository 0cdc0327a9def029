/**
 * Line-oriented traces, streamed: CSV with a column mapping, webcachesim's
 * `time id size` and one id per line. Lines are parsed from the raw bytes into the
 * shared record layout; a bad line stops the read with its file and line number.
 */
import { InputError } from '../errors.js';
import { parseId, parseUnsigned } from './ids.js';
import { byteChunks } from './source.js';
import { WORDS, W_LO, W_SIZE, W_TIME, type RequestBatch, type TraceFormat, type TraceReader } from './types.js';

const BATCH_RECORDS = 1 << 15;
const NL = 10;
const CR = 13;
const SPACE = 32;
const TAB = 9;
const QUOTE = 34;
const U32_MAX = 4294967295;
/**
 * Lines longer than this are refused: a trace line is a few fields, and a file with no
 * newline at all would otherwise be gathered into one ever-growing buffer.
 */
export const MAX_LINE_BYTES = 1 << 20;

/** Parses one non-empty line into a record at `out[at]`; throws a message on a bad line. */
type LineParser = (bytes: Uint8Array, start: number, end: number, out: Uint32Array, at: number) => void;

class BadLine extends Error {}

export abstract class LineTraceReader implements TraceReader {
  abstract readonly format: TraceFormat;
  readonly hasNextAccess = false;
  /** Lines to skip at the top (a header). */
  protected skipLines = 0;

  constructor(readonly file: string) {}

  protected abstract parser(): LineParser;

  async *batches(): AsyncGenerator<RequestBatch> {
    const parse = this.parser();
    // Text formats carry no next access: every next field stays -1.
    const words = new Uint32Array(BATCH_RECORDS * WORDS).fill(0xffffffff);
    let count = 0;
    let first = 0;
    let line = 0;
    let carry: Uint8Array | null = null;
    const emit = (): RequestBatch => ({ words, count, first });

    let start = true;
    for await (const chunk of byteChunks(this.file)) {
      const bytes: Uint8Array = carry === null ? chunk : concat(carry, chunk);
      // A UTF-8 byte-order mark (spreadsheet exports write one) is not part of line 1.
      let pos = start && hasBom(bytes) ? 3 : 0;
      start = false;
      for (;;) {
        const nl = bytes.indexOf(NL, pos);
        if (nl < 0) break;
        line++;
        if (this.lineWanted(line, bytes, pos, nl)) {
          this.parseLine(parse, bytes, pos, nl, words, count * WORDS, line);
          if (++count === BATCH_RECORDS) {
            yield emit();
            first += count;
            count = 0;
          }
        }
        pos = nl + 1;
      }
      carry = pos < bytes.length ? bytes.slice(pos) : null;
      if (carry !== null && carry.length > MAX_LINE_BYTES) {
        throw new InputError(`line ${line + 1} is longer than ${MAX_LINE_BYTES} bytes; is this a ${this.format} trace?`, { file: this.file, line: line + 1 });
      }
    }
    if (carry !== null) {
      line++;
      if (this.lineWanted(line, carry, 0, carry.length)) {
        this.parseLine(parse, carry, 0, carry.length, words, count * WORDS, line);
        count++;
      }
    }
    if (count > 0) yield emit();
  }

  private lineWanted(line: number, bytes: Uint8Array, start: number, end: number): boolean {
    if (line <= this.skipLines) return false;
    for (let i = start; i < end; i++) {
      const c = bytes[i];
      if (c !== SPACE && c !== TAB && c !== CR) return true;
    }
    return false;
  }

  private parseLine(parse: LineParser, bytes: Uint8Array, start: number, end: number, out: Uint32Array, at: number, line: number): void {
    if (end > start && bytes[end - 1] === CR) end--;
    try {
      parse(bytes, start, end, out, at);
    } catch (e) {
      if (e instanceof BadLine) throw new InputError(e.message, { file: this.file, line });
      throw e;
    }
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const c = new Uint8Array(a.length + b.length);
  c.set(a);
  c.set(b, a.length);
  return c;
}

function hasBom(bytes: Uint8Array): boolean {
  return bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
}

/**
 * A field as it may appear in a message: shortened, and with bytes that are not UTF-8
 * written as \xFF rather than as the invisible replacement character (control
 * characters are escaped where every InputError is made).
 */
function text(bytes: Uint8Array, start: number, end: number): string {
  const field = Buffer.from(bytes.buffer, bytes.byteOffset + start, Math.min(end - start, 64));
  let s = field.toString('utf8');
  if (s.includes('\ufffd')) s = Array.from(field, (b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, '0').toUpperCase()}`)).join('');
  return s.length > 40 || end - start > 64 ? `${s.slice(0, 37)}...` : s;
}

function putTime(bytes: Uint8Array, start: number, end: number, out: Uint32Array, at: number): void {
  const t = parseUnsigned(bytes, start, end);
  if (!(t <= U32_MAX)) throw new BadLine(`time '${text(bytes, start, end)}' is not a whole number of seconds in [0, 2^32)`);
  out[at + W_TIME] = t;
}

function putSize(bytes: Uint8Array, start: number, end: number, out: Uint32Array, at: number): void {
  const s = parseUnsigned(bytes, start, end);
  if (!(s <= U32_MAX)) throw new BadLine(`size '${text(bytes, start, end)}' is not a byte count in [0, 2^32)`);
  out[at + W_SIZE] = s;
}

function putId(bytes: Uint8Array, start: number, end: number, out: Uint32Array, at: number): void {
  if (start >= end) throw new BadLine('empty object id');
  parseId(bytes, start, end, out, at + W_LO);
}

/** Field bounds without surrounding blanks. */
function trimStart(bytes: Uint8Array, s: number, e: number): number {
  while (s < e && (bytes[s] === SPACE || bytes[s] === TAB)) s++;
  return s;
}
function trimEnd(bytes: Uint8Array, s: number, e: number): number {
  while (e > s && (bytes[e - 1] === SPACE || bytes[e - 1] === TAB)) e--;
  return e;
}

// ---- CSV ----

export interface ColumnMap {
  /** 0-based field indices; -1 when absent. */
  time: number;
  id: number;
  size: number;
}

const COLUMN_NAMES: Record<string, keyof ColumnMap> = {
  time: 'time',
  timestamp: 'time',
  id: 'id',
  'obj-id': 'id',
  obj_id: 'id',
  key: 'id',
  size: 'size',
  'obj-size': 'size',
  obj_size: 'size',
};

/** `time=1,id=2,size=3` (1-based) into field indices. */
export function parseColumns(spec: string | undefined): ColumnMap {
  const map: ColumnMap = { time: -1, id: -1, size: -1 };
  const input = spec ?? 'time=1,id=2,size=3';
  for (const part of input.split(',')) {
    const m = /^\s*([A-Za-z_-]+)\s*=\s*(\d+)\s*$/.exec(part);
    const key = m ? COLUMN_NAMES[m[1].toLowerCase()] : undefined;
    if (!m || key === undefined || Number(m[2]) < 1) {
      throw new InputError(`bad column mapping '${part.trim()}' in '${input}' (expected e.g. time=1,id=2,size=3; columns count from 1)`, { field: 'columns' });
    }
    map[key] = Number(m[2]) - 1;
  }
  if (map.id < 0) throw new InputError(`column mapping '${input}' has no id column`, { field: 'columns' });
  return map;
}

export class CsvReader extends LineTraceReader {
  readonly format = 'csv' as const;
  private readonly columns: ColumnMap;
  private readonly delimiter: number;

  constructor(file: string, options: { columns?: string; header?: boolean; delimiter?: string } = {}) {
    super(file);
    this.columns = parseColumns(options.columns);
    const d = options.delimiter ?? ',';
    const delim = d === '\\t' || d === 'tab' ? '\t' : d;
    if (delim.length !== 1 || delim.charCodeAt(0) > 127) throw new InputError(`the CSV delimiter must be one ASCII character, got '${d}'`, { field: 'delimiter' });
    this.delimiter = delim.charCodeAt(0);
    this.skipLines = options.header ? 1 : 0;
  }

  protected parser(): LineParser {
    const { time, id, size } = this.columns;
    const delim = this.delimiter;
    const last = Math.max(time, id, size);
    const starts = new Int32Array(last + 1);
    const ends = new Int32Array(last + 1);
    return (bytes, start, end, out, at) => {
      let field = 0;
      let s = start;
      while (field <= last) {
        // One field: quoted ("a,b" with "" for a quote) or plain up to the delimiter.
        let fs = trimStart(bytes, s, end);
        let fe: number;
        let next: number;
        if (fs < end && bytes[fs] === QUOTE) {
          let i = fs + 1;
          while (i < end && !(bytes[i] === QUOTE && (i + 1 >= end || bytes[i + 1] !== QUOTE))) i += bytes[i] === QUOTE ? 2 : 1;
          if (i >= end) throw new BadLine(`unterminated quoted field ${field + 1}`);
          fe = i;
          fs++;
          next = bytes.indexOf(delim, i + 1);
        } else {
          next = bytes.indexOf(delim, fs);
          fe = trimEnd(bytes, fs, next < 0 || next > end ? end : next);
        }
        starts[field] = fs;
        ends[field] = fe;
        field++;
        if (next < 0 || next >= end) break;
        s = next + 1;
      }
      if (field <= last) throw new BadLine(`expected at least ${last + 1} fields, found ${field}`);
      putId(bytes, starts[id], ends[id], out, at);
      if (time >= 0) putTime(bytes, starts[time], ends[time], out, at);
      else out[at + W_TIME] = 0;
      if (size >= 0) putSize(bytes, starts[size], ends[size], out, at);
      else out[at + W_SIZE] = 1;
    };
  }
}

// ---- whitespace-separated ----

/** Start and end of the next blank-separated field at or after `s`, written into `b`. */
function nextField(bytes: Uint8Array, s: number, end: number, b: Int32Array): boolean {
  s = trimStart(bytes, s, end);
  if (s >= end) return false;
  let e = s;
  while (e < end && bytes[e] !== SPACE && bytes[e] !== TAB) e++;
  b[0] = s;
  b[1] = e;
  return true;
}

/** webcachesim: `time id size` per line, blank-separated (further fields ignored). */
export class WcsReader extends LineTraceReader {
  readonly format = 'wcs' as const;

  protected parser(): LineParser {
    const t = new Int32Array(2);
    const i = new Int32Array(2);
    const z = new Int32Array(2);
    return (bytes, start, end, out, at) => {
      if (!nextField(bytes, start, end, t) || !nextField(bytes, t[1], end, i) || !nextField(bytes, i[1], end, z)) {
        throw new BadLine('expected three fields: time id size');
      }
      putTime(bytes, t[0], t[1], out, at);
      putId(bytes, i[0], i[1], out, at);
      putSize(bytes, z[0], z[1], out, at);
    };
  }
}

/** One object id per line; every object has size 1 and time 0 (libCacheSim's plain text). */
export class IdPerLineReader extends LineTraceReader {
  readonly format = 'txt' as const;

  protected parser(): LineParser {
    return (bytes, start, end, out, at) => {
      const s = trimStart(bytes, start, end);
      const e = trimEnd(bytes, s, end);
      putId(bytes, s, e, out, at);
      out[at + W_TIME] = 0;
      out[at + W_SIZE] = 1;
    };
  }
}
