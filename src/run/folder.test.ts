import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../errors.js';
import { tempDir } from '../test-helpers/cli.js';
import { abandonedStagings, commitStaging, dropStaging, folderNameProblem, listFiles, openStaging, OWNED_FILE, sideFolderName } from './folder.js';

/** A pid no process has: one that just exited. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '']).pid!;
}

function write(dir: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}

function read(dir: string): Record<string, string> {
  return Object.fromEntries(listFiles(dir).map((p) => [p, readFileSync(join(dir, p), 'utf8')]));
}

/** Commit a version holding `files`, as a run would. */
function commit(out: string, files: Record<string, string>): void {
  const s = openStaging(out);
  write(s.dir, files);
  commitStaging(s);
}

describe('a results folder changes as a whole', () => {
  it("a new version replaces cdnsim's files and keeps the user's, also inside charts/ and series/", () => {
    const out = join(tempDir(), 'r');
    commit(out, { 'summary.json': 'old', 'charts/a.svg': 'old a', 'charts/gone.svg': 'old', 'series/run=x/part-0.parquet': 'old' });
    write(out, { 'notes.md': 'mine', 'charts/mine.svg': 'mine', 'series/run=mine/part-0.parquet': 'mine', 'extra/deep/f': 'mine' });
    commit(out, { 'summary.json': 'new', 'charts/a.svg': 'new a' });
    expect(read(out)).toEqual({
      [OWNED_FILE]: 'charts/a.svg\nsummary.json\n',
      'charts/a.svg': 'new a',
      'charts/mine.svg': 'mine',
      'extra/deep/f': 'mine',
      'notes.md': 'mine',
      'series/run=mine/part-0.parquet': 'mine',
      'summary.json': 'new',
    });
    // Nothing is left beside it.
    expect(readdirSync(join(out, '..'))).toEqual(['r']);
  });

  it('a folder from an older cdnsim (no list) loses only the files cdnsim names so', () => {
    const out = join(tempDir(), 'r');
    write(out, { 'summary.json': 'old', 'manifest.json': 'old', 'runs/a-r0/summary.json': 'old', 'charts/x.svg': 'old', 'notes.txt': 'mine', 'runs/a-r0/notes.txt': 'mine' });
    commit(out, { 'summary.json': 'new' });
    expect(read(out)).toEqual({ [OWNED_FILE]: 'summary.json\n', 'summary.json': 'new', 'notes.txt': 'mine', 'runs/a-r0/notes.txt': 'mine' });
  });

  it('killed between the two renames: the next writer puts the old version back; a dead staging folder is removed', () => {
    const parent = tempDir();
    const out = join(parent, 'r');
    commit(out, { 'summary.json': 'old' });
    const pid = deadPid();
    // The state a kill after the first rename leaves: no folder, the old one and the new one beside it.
    renameSync(out, join(parent, sideFolderName(out, 'old', pid)));
    write(join(parent, sideFolderName(out, 'new', pid)), { 'summary.json': 'new, never committed' });
    expect(abandonedStagings(out)).toEqual([join(parent, sideFolderName(out, 'new', pid))]);
    const s = openStaging(out);
    expect(read(out)).toEqual({ [OWNED_FILE]: 'summary.json\n', 'summary.json': 'old' });
    expect(readdirSync(parent).sort()).toEqual([sideFolderName(out, 'new', process.pid), 'r']);
    dropStaging(s);
    expect(readdirSync(parent)).toEqual(['r']);
  });

  it('killed after the swap: the user files left in the old version are moved on', () => {
    const parent = tempDir();
    const out = join(parent, 'r');
    commit(out, { 'summary.json': 'new' });
    write(join(parent, sideFolderName(out, 'old', deadPid())), { [OWNED_FILE]: 'summary.json\n', 'summary.json': 'old', 'notes.md': 'mine' });
    dropStaging(openStaging(out));
    expect(read(out)).toEqual({ [OWNED_FILE]: 'summary.json\n', 'summary.json': 'new', 'notes.md': 'mine' });
    expect(readdirSync(parent)).toEqual(['r']);
  });

  it("a live process's staging folder is left alone; adopt sees a dead one before it goes", () => {
    const parent = tempDir();
    const out = join(parent, 'r');
    const live = join(parent, sideFolderName(out, 'new', process.ppid));
    const dead = join(parent, sideFolderName(out, 'new', deadPid()));
    write(live, { a: '1' });
    write(dead, { b: '2' });
    const seen: string[] = [];
    const s = openStaging(out, (abandoned) => seen.push(abandoned));
    expect(seen).toEqual([dead]);
    expect(existsSync(live)).toBe(true);
    expect(existsSync(dead)).toBe(false);
    dropStaging(s);
  });

  it('a destination that cannot be written is bad input before any work, and nothing is made', () => {
    const parent = tempDir();
    writeFileSync(join(parent, 'file'), 'x');
    const bad = (out: string, pattern: RegExp) => {
      expect(() => openStaging(out)).toThrow(InputError);
      expect(() => openStaging(out)).toThrow(pattern);
    };
    bad(join(parent, 'file'), /is a file; the results need a folder/);
    bad(join(parent, 'file', 'sub', 'r'), /cannot write the results folder: a parent is a file, not a folder/);
    bad(join(parent, 'x'.repeat(300)), /too long for a folder name \(300 bytes/);
    expect(readdirSync(parent)).toEqual(['file']);
    // A failed run removes the parents it made.
    const s = openStaging(join(parent, 'a', 'b', 'r'));
    dropStaging(s);
    expect(readdirSync(parent)).toEqual(['file']);
  });

  it('names that cannot be folders', () => {
    expect(folderNameProblem('mm1')).toBeUndefined();
    expect(folderNameProblem('a/b')).toMatch(/cannot hold \//);
    expect(folderNameProblem('..')).toMatch(/cannot name a folder/);
    expect(folderNameProblem('é'.repeat(120))).toMatch(/240 bytes/);
  });
});
