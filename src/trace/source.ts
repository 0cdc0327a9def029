/**
 * Raw bytes of a trace file, streamed in chunks: plain files by synchronous reads into
 * one reused buffer (a consumer must be done with a chunk before asking for the next),
 * `.gz` files through zlib. Memory stays at a chunk or two whatever the file's size.
 */
import { closeSync, createReadStream, fstatSync, openSync, readSync } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { fileError, InputError } from '../errors.js';

export function isGzip(file: string): boolean {
  return file.toLowerCase().endsWith('.gz');
}

/** Open a plain file for reading, turning file-system errors into one-line input errors. */
export function openInput(file: string): { fd: number; size: number } {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (e) {
    throw fileError(file, e);
  }
  const st = fstatSync(fd);
  if (st.isDirectory()) {
    closeSync(fd);
    throw new InputError('is a directory, expected a trace file', { file });
  }
  return { fd, size: st.size };
}

/** Fill `buf` from the file as far as possible; returns the bytes read (less only at the end). */
export function readFully(fd: number, buf: Uint8Array, length = buf.length): number {
  let n = 0;
  while (n < length) {
    const r = readSync(fd, buf, n, length - n, null);
    if (r === 0) break;
    n += r;
  }
  return n;
}

/** Decompressed chunks of a gzip file (sizes as zlib gives them). */
export async function* gunzipChunks(file: string): AsyncGenerator<Uint8Array> {
  const { fd } = openInput(file);
  const raw = createReadStream('', { fd, highWaterMark: 1 << 20 });
  const gunzip = createGunzip({ chunkSize: 1 << 20 });
  raw.on('error', (e) => gunzip.destroy(e));
  raw.pipe(gunzip);
  try {
    for await (const chunk of gunzip) yield chunk as Uint8Array;
  } catch (e) {
    throw new InputError(`not a readable gzip file: ${(e as Error).message}`, { file });
  } finally {
    raw.destroy();
  }
}

/** Chunks of any trace file: plain or gzip by extension. */
export async function* byteChunks(file: string, chunkBytes = 1 << 20): AsyncGenerator<Uint8Array> {
  if (isGzip(file)) {
    yield* gunzipChunks(file);
    return;
  }
  const { fd } = openInput(file);
  const buf = new Uint8Array(chunkBytes);
  try {
    for (;;) {
      const n = readFully(fd, buf);
      if (n === 0) return;
      yield buf.subarray(0, n);
      if (n < buf.length) return;
    }
  } finally {
    closeSync(fd);
  }
}
