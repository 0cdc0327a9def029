/**
 * Demand from a playback trace instead of the generated process: a CSV file with the
 * header `time,isp,title,watch` and one playback per line — start time in seconds from
 * the run's start, the ISP's name, the title's index in the catalog, and the seconds
 * watched. Lines must be in time order. Read in 1 MiB chunks, one line at a time, so a
 * trace of any length needs no more memory than a chunk.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { fileError, InputError } from '../../errors.js';

export interface Playback {
  time: number;
  isp: number;
  title: number;
  watch: number;
}

export interface PlaybackReader {
  /** The next playback, or null at the end; throws InputError naming file and line. */
  next(): Playback | null;
  close(): void;
}

const CHUNK = 1 << 20;

export function openPlaybackTrace(file: string, ispIndex: ReadonlyMap<string, number>, titles: number): PlaybackReader {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (e) {
    throw fileError(file, e);
  }
  const buf = Buffer.alloc(CHUNK);
  let pending = '';
  let eof = false;
  let line = 0;
  let last = -Infinity;

  const readLine = (): string | null => {
    for (;;) {
      const nl = pending.indexOf('\n');
      if (nl >= 0) {
        const text = pending.slice(0, nl);
        pending = pending.slice(nl + 1);
        return text.replace(/\r$/, '');
      }
      if (eof) {
        if (pending.length === 0) return null;
        const text = pending;
        pending = '';
        return text;
      }
      const n = readSync(fd, buf, 0, CHUNK, null);
      if (n === 0) eof = true;
      else pending += buf.toString('utf8', 0, n);
    }
  };

  const bad = (message: string) => new InputError(message, { file, line });
  // A UTF-8 byte-order mark (spreadsheet exports write one) is not part of the header.
  const header = readLine()?.replace(/^\uFEFF/, '') ?? null;
  line = 1;
  if (header === null || header.trim().replace(/\s/g, '') !== 'time,isp,title,watch') {
    closeSync(fd);
    throw bad("a playback trace starts with the header 'time,isp,title,watch'");
  }

  return {
    next(): Playback | null {
      for (;;) {
        const text = readLine();
        line++;
        if (text === null) return null;
        if (text.trim() === '' || text.startsWith('#')) continue;
        const f = text.split(',');
        if (f.length !== 4) throw bad(`expected 4 fields (time,isp,title,watch), got ${f.length}`);
        const time = Number(f[0]);
        const isp = ispIndex.get(f[1].trim());
        const title = Number(f[2]);
        const watch = Number(f[3]);
        if (!(time >= 0) || !Number.isFinite(time)) throw bad(`time '${f[0]}' is not a number of seconds >= 0`);
        if (time < last) throw bad(`time ${time} is before the previous line's ${last}: a trace must be in time order`);
        if (isp === undefined) throw bad(`unknown ISP '${f[1].trim()}'`);
        if (!Number.isInteger(title) || title < 0 || title >= titles) throw bad(`title '${f[2]}' is not an index in the catalog (0 to ${titles - 1})`);
        if (!(watch > 0) || !Number.isFinite(watch)) throw bad(`watch '${f[3]}' is not a positive number of seconds`);
        last = time;
        return { time, isp, title, watch };
      }
    },
    close() {
      closeSync(fd);
    },
  };
}
