/**
 * A JSON-lines file written to a temp file beside it and renamed into place on close,
 * so a run that fails or is killed never leaves a partial log where a whole one is
 * expected. Lines are buffered and written about a megabyte at a time.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { writeAll } from './atomic.js';

export interface JsonLines {
  write(record: unknown): void;
  /** Flush, sync and rename into place. */
  close(): void;
  /** Remove the temp file. */
  abort(): void;
}

const FLUSH_AT = 1 << 20;

export function openJsonLines(path: string): JsonLines {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  const fd = openSync(tmp, 'w');
  let buffer = '';
  let open = true;
  const flush = () => {
    writeAll(fd, Buffer.from(buffer, 'utf8'));
    buffer = '';
  };
  return {
    write(record) {
      buffer += JSON.stringify(record) + '\n';
      if (buffer.length >= FLUSH_AT) flush();
    },
    close() {
      flush();
      fsyncSync(fd);
      closeSync(fd);
      open = false;
      renameSync(tmp, path);
    },
    abort() {
      if (open) closeSync(fd);
      open = false;
      rmSync(tmp, { force: true });
    },
  };
}
