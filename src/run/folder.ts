/**
 * A results folder changes as a whole: a reader, or a run killed at any moment (even with
 * kill -9), finds either the whole old result or the whole new one, never a mix.
 *
 * A command builds the new version in a staging folder beside the target,
 * `.NAME.cdnsim-new-HOST-PID`, then swaps it in with two renames: NAME becomes
 * `.NAME.cdnsim-old-HOST-PID`, the staging folder becomes NAME. A kill between the two
 * renames leaves NAME missing for an instant and the old version whole beside it; the
 * next command that writes NAME puts it back. Staging folders of processes that died are
 * removed then too (a sweep's `--resume` first adopts their finished runs). HOST is a
 * hash of the host name, so on a shared volume a folder is only judged abandoned on the
 * machine whose process made it.
 *
 * The folder may hold files of the user's own: anything cdnsim did not write, as its
 * list `.cdnsim-files` tells (written last into every version), is moved into the new
 * version after the swap. A file of the user's at a path cdnsim writes is replaced.
 */
import { createHash } from 'node:crypto';
import { accessSync, constants, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { InputError } from '../errors.js';
import { writeFileAtomic } from '../util/atomic.js';

/** The list of files cdnsim wrote in a results folder, one relative path a line. */
export const OWNED_FILE = '.cdnsim-files';

/** Names longer than this many bytes leave no room for the staging folder's suffix. */
const NAME_MAX = 255;
const SUFFIX_BYTES = '.cdnsim-new-00000000-4194304'.length + 1;
const LOCK_WAIT_MS = 120_000;

const HOST = createHash('sha256').update(hostname()).digest('hex').slice(0, 8);

export interface Staged {
  /** The results folder. */
  out: string;
  /** Where the new version is being written. */
  dir: string;
  /** The first parent folder this process created, removed again if nothing is committed. */
  createdParent?: string;
  committed?: boolean;
}

/** Why `name` cannot be a results folder's name, or undefined when it can. */
export function folderNameProblem(name: string): string | undefined {
  if (name === '' || name === '.' || name === '..') return `'${name}' cannot name a folder`;
  if (/[/\\\0]/.test(name)) return 'a folder name cannot hold / or \\';
  const bytes = Buffer.byteLength(name);
  if (bytes > NAME_MAX - SUFFIX_BYTES) return `too long for a folder name (${bytes} bytes; at most ${NAME_MAX - SUFFIX_BYTES})`;
  return undefined;
}

/**
 * Start a new version of `out`: check it can be written (exit 2 if not, before any
 * work), recover from a swap or run that was killed, and make the staging folder.
 * `adopt` sees each abandoned staging folder before it is removed (--resume).
 */
export function openStaging(out: string, adopt?: (abandoned: string, staged: string) => void): Staged {
  const problem = folderNameProblem(basename(resolve(out)));
  if (problem) throw new InputError(problem, { file: out });
  const parent = dirname(resolve(out));
  let staged: Staged | undefined;
  try {
    if (existsSync(out) && !statSync(out).isDirectory()) throw new InputError('is a file; the results need a folder', { file: out });
    const createdParent = mkdirSync(parent, { recursive: true });
    accessSync(parent, constants.W_OK);
    if (existsSync(out)) accessSync(out, constants.W_OK);
    staged = { out, dir: join(parent, sideName(out, 'new', HOST, process.pid)), createdParent };
    const s = staged;
    withLock(out, () => {
      const abandoned = recover(out);
      mkdirSync(s.dir);
      for (const a of abandoned) {
        adopt?.(a, s.dir);
        rmSync(a, { recursive: true, force: true });
      }
    });
    return s;
  } catch (e) {
    if (staged) dropStaging(staged);
    throw writeError(out, e);
  }
}

/**
 * Swap the staged version in. `finish` runs first, under the folder's lock, so what it
 * reads from `out` (another shard's runs) cannot change before the swap.
 */
export function commitStaging(s: Staged, finish?: () => void): void {
  withLock(s.out, () => {
    finish?.();
    writeFileAtomic(join(s.dir, OWNED_FILE), listFiles(s.dir).join('\n') + '\n');
    const old = join(dirname(resolve(s.out)), sideName(s.out, 'old', HOST, process.pid));
    const had = existsSync(s.out);
    if (had) renameSync(s.out, old);
    renameSync(s.dir, s.out);
    s.committed = true;
    if (had) retire(old, s.out);
  });
}

/** Nothing to commit (a failed run): the staging folder goes, and any parent this process made. */
export function dropStaging(s: Staged): void {
  if (s.committed) return;
  rmSync(s.dir, { recursive: true, force: true });
  if (!s.createdParent) return;
  // Empty parents only, innermost first, up to the first one that was there before.
  for (let d = dirname(resolve(s.dir)); d.startsWith(s.createdParent); d = dirname(d)) {
    try {
      rmdirSync(d);
    } catch {
      return;
    }
  }
}

/** Abandoned staging folders of `out` (read only: what `--resume --dry-run` may adopt). */
export function abandonedStagings(out: string): string[] {
  return sideFolders(out).filter((f) => f.kind === 'new' && abandoned(f)).map((f) => f.path);
}

/** The paths cdnsim wrote in `dir`, or undefined for a folder without the list (made by an older cdnsim). */
export function ownedFiles(dir: string): Set<string> | undefined {
  try {
    return new Set(readFileSync(join(dir, OWNED_FILE), 'utf8').split('\n').filter((l) => l !== ''));
  } catch {
    return undefined;
  }
}

/** Update the list of a folder changed in place (`cdnsim report DIR`); a folder without one keeps none. */
export function recordOwned(dir: string, added: string[], removed: string[]): void {
  const owned = ownedFiles(dir);
  if (!owned) return;
  for (const p of added) owned.add(p);
  for (const p of removed) owned.delete(p);
  writeFileAtomic(join(dir, OWNED_FILE), [...owned].sort().join('\n') + '\n');
}

/** Folders an older cdnsim wrote have no list: their files are known by name. */
const OLDER_CDNSIM_FILE =
  /^(summary\.(json|csv|parquet)|manifest(-shard-\d+-of-\d+)?\.json|sweep\.json|report\.html|events\.jsonl|charts\/[^/]+\.svg|series\/run=[^/]+\/part-0\.parquet|runs\/[^/]+\/(summary|manifest)\.json)$|(^|\/)\.[^/]+\.\d+\.\d+\.tmp$/;

export function isOwned(dir: string): (path: string) => boolean {
  const owned = ownedFiles(dir);
  return owned ? (p) => p === OWNED_FILE || owned.has(p) : (p) => p === OWNED_FILE || OLDER_CDNSIM_FILE.test(p);
}

/** Every file under `dir`, as sorted relative paths with '/'. */
export function listFiles(dir: string, prefix = ''): string[] {
  const out: string[] = [];
  for (const e of readdirSync(join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...listFiles(dir, rel));
    else out.push(rel);
  }
  return out.sort();
}

// --- the swap's pieces -------------------------------------------------------------

interface SideFolder {
  path: string;
  kind: 'new' | 'old';
  host: string;
  pid: number;
}

/** The name of a staging ('new') or retired ('old') folder of `out` made by process `pid` on this machine. */
export function sideFolderName(out: string, kind: 'new' | 'old', pid: number): string {
  return sideName(out, kind, HOST, pid);
}

function sideName(out: string, kind: 'new' | 'old', host: string, pid: number): string {
  return `.${basename(resolve(out))}.cdnsim-${kind}-${host}-${pid}`;
}

function sideFolders(out: string): SideFolder[] {
  const parent = dirname(resolve(out));
  const prefix = `.${basename(resolve(out))}.cdnsim-`;
  let names: string[];
  try {
    names = readdirSync(parent);
  } catch {
    return [];
  }
  const found: SideFolder[] = [];
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const m = /^(new|old)-([0-9a-f]{8})-(\d+)$/.exec(name.slice(prefix.length));
    if (m) found.push({ path: join(parent, name), kind: m[1] as 'new' | 'old', host: m[2], pid: Number(m[3]) });
  }
  return found;
}

/** Made on this machine by a process that is gone. */
function abandoned(f: { host: string; pid: number }): boolean {
  return f.host === HOST && f.pid !== process.pid && !alive(f.pid);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Finish or undo a swap that was killed; return the abandoned staging folders. */
function recover(out: string): string[] {
  const side = sideFolders(out).filter(abandoned);
  for (const old of side.filter((f) => f.kind === 'old')) {
    if (!existsSync(out)) renameSync(old.path, out);
    else retire(old.path, out);
  }
  return side.filter((f) => f.kind === 'new').map((f) => f.path);
}

/** Move the user's files from the old version into the new one, then remove the old. */
function retire(old: string, now: string): void {
  moveUserFiles(old, now, isOwned(old), '');
  rmSync(old, { recursive: true, force: true });
}

function moveUserFiles(old: string, now: string, owned: (p: string) => boolean, prefix: string): void {
  for (const e of readdirSync(join(old, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (owned(rel)) continue;
    const target = join(now, rel);
    if (e.isDirectory() && existsSync(target)) moveUserFiles(old, now, owned, rel);
    else if (e.isDirectory() && listFiles(join(old, rel)).some((p) => owned(`${rel}/${p}`))) moveUserFiles(old, now, owned, rel);
    else if (!existsSync(target)) {
      mkdirSync(dirname(target), { recursive: true });
      renameSync(join(old, rel), target);
    }
  }
}

/**
 * One writer at a time swaps a folder (shards may share one on a shared volume). The
 * lock is a folder, made atomically; one left by a process that died is taken over.
 */
function withLock(out: string, body: () => void): void {
  const lock = join(dirname(resolve(out)), `.${basename(resolve(out))}.cdnsim-lock`);
  const owner = join(lock, 'owner');
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(owner, `${HOST}-${process.pid}\n`);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const holder = lockHolder(owner, lock);
    if (holder === 'gone') rmSync(lock, { recursive: true, force: true });
    else if (Date.now() > deadline) throw new Error(`${out} is being written by another cdnsim (${holder}); if none is running, remove ${lock}`);
    else sleep(50);
  }
  try {
    body();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** Who holds the lock, or 'gone' when that process died (or died before naming itself). */
function lockHolder(owner: string, lock: string): string {
  try {
    const text = readFileSync(owner, 'utf8').trim();
    const m = /^([0-9a-f]{8})-(\d+)$/.exec(text);
    if (m && abandoned({ host: m[1], pid: Number(m[2]) })) return 'gone';
    return `process ${text}`;
  } catch {
    try {
      return Date.now() - statSync(lock).mtimeMs > 10_000 ? 'gone' : 'a process starting';
    } catch {
      return 'gone';
    }
  }
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

const WRITE_ERRORS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'read-only file system',
  ENOTDIR: 'a parent is a file, not a folder',
  ENAMETOOLONG: 'name too long',
  ENOSPC: 'no space left on the device',
  // After its parent was made: a file system that makes no folders (/proc).
  ENOENT: 'the file system there takes no new folders',
  // out itself is checked first: an EEXIST is from making a parent where a file is.
  EEXIST: 'a parent is a file, not a folder',
};

/** A folder that cannot be written is the user's to fix: one line, exit 2. */
function writeError(out: string, e: unknown): unknown {
  const code = (e as NodeJS.ErrnoException)?.code;
  if (code && WRITE_ERRORS[code]) return new InputError(`cannot write the results folder: ${WRITE_ERRORS[code]}`, { file: out });
  return e;
}
