/**
 * The BASE side of the timing check: the merge-base of HEAD and a ref (what a pull
 * request branched from), exported with `git archive` into a temp dir and built there
 * with its own package scripts, against this checkout's node_modules (linked, not
 * installed: the lock file rarely differs, and a timing check must not touch the
 * network). The working tree is never modified.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../errors.js';

export const DEFAULT_BASE_REFS = ['origin/main', 'main'];

export interface BaseBuild {
  ref: string;
  commit: string;
  root: string;
  /** Removes the temp dir. */
  dispose(): void;
}

function git(repo: string, args: string[]): string | undefined {
  try {
    return execFileSync('git', ['-C', repo, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}

/** The first of the refs that names a commit, and its merge-base with HEAD. */
export function resolveBase(repo: string, refs: string[]): { ref: string; commit: string } {
  if (git(repo, ['rev-parse', '--git-dir']) === undefined) throw new InputError('not a git checkout; give --base-build DIR instead', { file: repo });
  const ref = refs.find((r) => git(repo, ['rev-parse', '--verify', '--quiet', `${r}^{commit}`]) !== undefined);
  if (ref === undefined) throw new InputError(`no such ref: ${refs.join(', ')} (fetch it, e.g. actions/checkout with fetch-depth: 0, or give --base-build)`, { file: repo });
  const commit = git(repo, ['merge-base', 'HEAD', ref]);
  if (commit === undefined) throw new InputError(`HEAD and ${ref} have no merge-base (a shallow clone? fetch with depth 0)`, { file: repo });
  return { ref, commit };
}

/** Export `commit` into a temp dir and build it there (wasm first, as `npm run prepare` does). */
export function buildCommit(repo: string, ref: string, commit: string): BaseBuild {
  const root = mkdtempSync(join(tmpdir(), 'cdnsim-base-'));
  const dispose = () => rmSync(root, { recursive: true, force: true });
  try {
    const tar = join(root, '.source.tar');
    execFileSync('git', ['-C', repo, 'archive', '--format=tar', '-o', tar, commit], { stdio: ['ignore', 'ignore', 'pipe'] });
    execFileSync('tar', ['-xf', tar, '-C', root], { stdio: ['ignore', 'ignore', 'pipe'] });
    rmSync(tar);
    symlinkSync(join(repo, 'node_modules'), join(root, 'node_modules'), 'dir');
    for (const script of ['build:wasm', 'build']) runScript(root, script, commit);
    if (!existsSync(join(root, 'dist', 'cli', 'main.js'))) throw new Error(`building ${commit.slice(0, 12)} gave no dist/cli/main.js`);
    return { ref, commit, root, dispose };
  } catch (e) {
    dispose();
    throw e;
  }
}

function runScript(root: string, script: string, commit: string): void {
  const r = spawnSync('npm', ['run', '--silent', script], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) {
    const tail = `${r.stdout ?? ''}${r.stderr ?? ''}${r.error?.message ?? ''}`.trim().split('\n').slice(-5).join(' | ');
    throw new Error(`npm run ${script} failed for the base ${commit.slice(0, 12)}: ${tail}`);
  }
}

export function buildBase(repo: string, refs: string[] = DEFAULT_BASE_REFS): BaseBuild {
  const { ref, commit } = resolveBase(repo, refs);
  return buildCommit(repo, ref, commit);
}
