/**
 * oracleGeneral, libCacheSim's binary trace format: 24-byte little-endian records
 * `u32 time, u64 id, u32 size, i64 next-access index` (1-based, -1 for none).
 *
 * Every field sits on a 4-byte boundary, so a batch is a Uint32Array view of the bytes
 * just read: nothing is parsed or copied on little-endian hosts. Each record is checked
 * for plausibility on the way (sizes, next-access indices), because a file of another
 * format, or of garbage, that happens to be a multiple of 24 bytes long would otherwise
 * be replayed without complaint.
 */
import { closeSync } from 'node:fs';
import { endianness } from 'node:os';
import { InputError } from '../errors.js';
import { gunzipChunks, isGzip, openInput, readFully } from './source.js';
import { WORDS, W_HI, W_LO, W_NEXT_HI, W_NEXT_LO, W_SIZE, W_TIME, type RequestBatch, type TraceReader } from './types.js';

export const RECORD_BYTES = 24;
/**
 * Object sizes from 2 GiB up are refused: no published cache trace has objects that
 * large, and a misread record (another format, misaligned bytes) puts random bits in
 * this field, half of which land there.
 */
export const MAX_OBJECT_BYTES = 2 ** 31;
const BATCH_RECORDS = 1 << 16;
const LITTLE_ENDIAN = endianness() === 'LE';

export class OracleGeneralReader implements TraceReader {
  readonly format = 'oracleGeneral' as const;
  readonly hasNextAccess = true;

  constructor(
    readonly file: string,
    private readonly batchRecords = BATCH_RECORDS,
  ) {}

  batches(): AsyncGenerator<RequestBatch> {
    return isGzip(this.file) ? this.gzipBatches() : this.plainBatches();
  }

  private async *plainBatches(): AsyncGenerator<RequestBatch> {
    const { fd, size } = openInput(this.file);
    try {
      // Known up front for plain files: fail before any work is done.
      if (size % RECORD_BYTES !== 0) throw truncated(this.file, Math.floor(size / RECORD_BYTES), size % RECORD_BYTES);
      const buf = new Uint8Array(this.batchRecords * RECORD_BYTES);
      let first = 0;
      for (;;) {
        const n = readFully(fd, buf);
        const count = Math.floor(n / RECORD_BYTES);
        if (count > 0) {
          yield { words: checked(wordsOf(buf, count), count, first, this.file), count, first };
          first += count;
        }
        if (n % RECORD_BYTES !== 0) throw truncated(this.file, first, n % RECORD_BYTES);
        if (n < buf.length) return;
      }
    } finally {
      closeSync(fd);
    }
  }

  private async *gzipBatches(): AsyncGenerator<RequestBatch> {
    const buf = new Uint8Array(this.batchRecords * RECORD_BYTES);
    let fill = 0;
    let first = 0;
    for await (const chunk of gunzipChunks(this.file)) {
      let off = 0;
      while (off < chunk.length) {
        const take = Math.min(chunk.length - off, buf.length - fill);
        buf.set(chunk.subarray(off, off + take), fill);
        fill += take;
        off += take;
        if (fill === buf.length) {
          yield { words: checked(wordsOf(buf, this.batchRecords), this.batchRecords, first, this.file), count: this.batchRecords, first };
          first += this.batchRecords;
          fill = 0;
        }
      }
    }
    const count = Math.floor(fill / RECORD_BYTES);
    if (count > 0) yield { words: checked(wordsOf(buf, count), count, first, this.file), count, first };
    if (fill % RECORD_BYTES !== 0) throw truncated(this.file, first + count, fill % RECORD_BYTES);
  }
}

function truncated(file: string, record: number, bytes: number): InputError {
  return new InputError(`truncated record: ${bytes} of ${RECORD_BYTES} bytes (the file ends inside record ${record})`, { file, record });
}

/**
 * The batch's records, refused at the first implausible one: a size of 0 or from
 * MAX_OBJECT_BYTES up, or a next access that is neither -1 (none) nor a later request
 * (next-access indices are 1-based, so record i's next is above i + 1).
 */
function checked(words: Uint32Array, count: number, first: number, file: string): Uint32Array {
  for (let k = 0, at = 0; k < count; k++, at += WORDS) {
    const size = words[at + W_SIZE];
    if (size === 0 || size >= MAX_OBJECT_BYTES) {
      throw new InputError(`object size ${size} is not plausible (expected 1 to ${MAX_OBJECT_BYTES - 1} bytes); is this an oracleGeneral file?`, { file, record: first + k });
    }
    const hi = words[at + W_NEXT_HI];
    const lo = words[at + W_NEXT_LO];
    if (hi === 0xffffffff && lo === 0xffffffff) continue;
    const next = hi * 4294967296 + lo;
    if (hi >= 0x80000000 || next <= first + k + 1) {
      const shown = hi >= 0x80000000 ? (BigInt.asIntN(64, (BigInt(hi) << 32n) | BigInt(lo))).toString() : String(next);
      throw new InputError(`next access ${shown} is neither -1 nor a later request (this is request ${first + k + 1}, counting from 1); is this an oracleGeneral file?`, { file, record: first + k });
    }
  }
  return words;
}

function wordsOf(buf: Uint8Array, count: number): Uint32Array {
  if (!LITTLE_ENDIAN) swapWords(buf, count * WORDS);
  return new Uint32Array(buf.buffer, buf.byteOffset, count * WORDS);
}

function swapWords(buf: Uint8Array, words: number): void {
  for (let i = 0; i < words * 4; i += 4) {
    const a = buf[i];
    const b = buf[i + 1];
    buf[i] = buf[i + 3];
    buf[i + 1] = buf[i + 2];
    buf[i + 2] = b;
    buf[i + 3] = a;
  }
}

/** Write one record into a words array (the layout of a batch and of the file). */
export function putRecord(words: Uint32Array, index: number, time: number, lo: number, hi: number, size: number, next: number): void {
  const at = index * WORDS;
  words[at + W_TIME] = time;
  words[at + W_LO] = lo;
  words[at + W_HI] = hi;
  words[at + W_SIZE] = size;
  setNext(words, at, next);
}

/** Store a next-access index (a number; negative or Infinity for none) as a signed 64-bit pair. */
export function setNext(words: Uint32Array, at: number, next: number): void {
  if (!(next >= 0) || next === Infinity) {
    words[at + W_NEXT_LO] = 0xffffffff;
    words[at + W_NEXT_HI] = 0xffffffff;
  } else {
    words[at + W_NEXT_LO] = next >>> 0;
    words[at + W_NEXT_HI] = Math.floor(next / 4294967296);
  }
}

/** The bytes of a words array as an oracleGeneral file (little-endian on any host). */
export function recordsToBytes(words: Uint32Array): Uint8Array {
  const bytes = new Uint8Array(words.buffer, words.byteOffset, words.byteLength);
  if (LITTLE_ENDIAN) return bytes;
  const copy = new Uint8Array(bytes);
  swapWords(copy, words.length);
  return copy;
}
