/**
 * CAIDA AS-relationship files. serial-1: `a|b|-1` (a is a provider of b) or `a|b|0`
 * (peers); serial-2 adds a fourth column naming the inference source, which routing
 * ignores. `#` lines are comments; two of them carry data we keep: `# input clique:`
 * (the tier-1 ASes) and `# IXP ASes:` (route servers). `.gz` is read through zlib and
 * `.bz2` through the system's `bzip2 -dc`, both streamed line by line, since the 2025
 * file is ~490k links.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createReadStream, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { createGunzip, gunzipSync } from 'node:zlib';
import { fileError, InputError } from '../../errors.js';
import { addEdge, createEdgeList, parseAsn, P2C, P2P, type EdgeList } from './edges.js';

/** Parse one line into `e`; `line` is 1-based. Blank lines and comments add nothing. */
export function parseAsRelLine(e: EdgeList, text: string, line: number): void {
  if (text.length === 0 || text.charCodeAt(0) === 35 /* # */) {
    readComment(e, text);
    return;
  }
  const t = text.endsWith('\r') ? text.slice(0, -1) : text;
  if (t.trim() === '') return;
  const fields = t.split('|');
  const at = (i: number) => ({ ...e.source, line, column: 1 + fields.slice(0, i).reduce((s, f) => s + f.length + 1, 0) });
  if (fields.length < 3 || fields.length > 4) {
    throw new InputError(`expected 'as1|as2|relationship' or 'as1|as2|relationship|source', got '${clip(t)}'`, { ...e.source, line, column: 1 });
  }
  const a = parseAsn(fields[0]);
  if (a === undefined) throw new InputError(`'${clip(fields[0])}' is not an AS number (1 to 4294967295)`, at(0));
  const b = parseAsn(fields[1]);
  if (b === undefined) throw new InputError(`'${clip(fields[1])}' is not an AS number (1 to 4294967295)`, at(1));
  const rel = fields[2] === '-1' ? P2C : fields[2] === '0' ? P2P : undefined;
  if (rel === undefined) {
    throw new InputError(`relationship must be -1 (as1 is a provider of as2) or 0 (peers), got '${clip(fields[2])}'`, at(2));
  }
  if (a === b) throw new InputError(`AS ${a} has a link to itself`, at(0));
  addEdge(e, a, b, rel, line);
}

function readComment(e: EdgeList, text: string): void {
  const m = /^#\s*(input clique|IXP ASes)\s*:(.*)$/.exec(text);
  if (!m) return;
  const asns = m[2].trim().split(/\s+/).map(parseAsn).filter((x): x is number => x !== undefined);
  if (m[1] === 'input clique') e.tier1.push(...asns);
  else e.ixpAsns.push(...asns);
}

function clip(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}

/** Parse a whole as-rel text (inline data, tests). */
export function parseAsRel(text: string, file?: string): EdgeList {
  const e = createEdgeList(file === undefined ? {} : { file });
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) parseAsRelLine(e, lines[i], i + 1);
  return e;
}

const BZIP2_MISSING = 'reading .bz2 needs the bzip2 program, which is not installed (or decompress the file first)';

function openStream(file: string): { input: Readable; done: Promise<void> } {
  if (file.endsWith('.bz2')) {
    const child = spawn('bzip2', ['-dc', file], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const done = new Promise<void>((resolve, reject) => {
      child.on('error', (err: NodeJS.ErrnoException) =>
        reject(
          err.code === 'ENOENT'
            ? new InputError(BZIP2_MISSING, { file })
            : fileError(file, err),
        ),
      );
      child.on('close', (code) =>
        code === 0 ? resolve() : reject(new InputError(`bzip2 could not decompress it: ${stderr.trim().split('\n')[0] || `exit ${code}`}`, { file })),
      );
    });
    return { input: child.stdout, done };
  }
  const raw = createReadStream(file);
  const input = file.endsWith('.gz') ? raw.pipe(createGunzip()) : raw;
  const done = new Promise<void>((resolve, reject) => {
    raw.on('error', (err) => reject(fileError(file, err)));
    input.on('error', (err: Error) => reject(new InputError(`could not decompress it: ${err.message}`, { file })));
    input.on('end', () => resolve());
  });
  return { input, done };
}

/** Stream an as-rel file (plain, .gz or .bz2) into an edge list. */
export async function loadAsRelFile(file: string): Promise<EdgeList> {
  const e = createEdgeList({ file }, 1 << 16);
  const { input, done } = openStream(file);
  const lines = createInterface({ input, crlfDelay: Infinity });
  const reading = (async () => {
    let line = 0;
    for await (const text of lines) parseAsRelLine(e, text, ++line);
  })();
  try {
    // A read or decompression failure rejects `done` and may leave the line loop waiting.
    await Promise.all([reading, done]);
  } catch (err) {
    lines.close();
    input.destroy();
    reading.catch(() => {});
    done.catch(() => {});
    throw err;
  }
  return e;
}

/** The same, synchronously (scenario building is synchronous); the whole text is held once. */
export function loadAsRelFileSync(file: string): EdgeList {
  let buf: Buffer;
  try {
    buf = readFileSync(file);
  } catch (err) {
    throw fileError(file, err);
  }
  if (file.endsWith('.gz')) {
    try {
      buf = gunzipSync(buf);
    } catch (err) {
      throw new InputError(`could not decompress it: ${(err as Error).message}`, { file });
    }
  } else if (file.endsWith('.bz2')) {
    const r = spawnSync('bzip2', ['-dc'], { input: buf, maxBuffer: 1 << 30 });
    if ((r.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') throw new InputError(BZIP2_MISSING, { file });
    if (r.status !== 0) throw new InputError(`bzip2 could not decompress it: ${r.stderr.toString().trim().split('\n')[0]}`, { file });
    buf = r.stdout;
  }
  return parseAsRel(buf.toString('utf8'), file);
}

/** An edge list as serial-1 as-rel text, with the clique and IXP comment lines when known. */
export function formatAsRel(e: EdgeList, header: string[] = []): string {
  const lines = header.map((h) => `# ${h}`);
  if (e.tier1.length > 0) lines.push(`# input clique: ${e.tier1.join(' ')}`);
  if (e.ixpAsns.length > 0) lines.push(`# IXP ASes: ${e.ixpAsns.join(' ')}`);
  for (let i = 0; i < e.count; i++) lines.push(`${e.a[i]}|${e.b[i]}|${e.rel[i]}`);
  return lines.join('\n') + '\n';
}
