/** Sweep files for tests, results directories as comparable data, and a CLI child that keeps running. */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { cliPath, repoRoot, tempDir } from '../../test-helpers/cli.js';

/** An M/M/1 sweep: 3 arrival rates x `replications`; `duration` sets how long a run takes. */
export function mm1Sweep(options: { name?: string; duration?: string; replications?: number } = {}): string {
  const dir = tempDir('cdnsim-sweep-');
  const file = join(dir, 'sweep.yaml');
  writeFileSync(
    file,
    `name: ${options.name ?? 'sweep-t'}
model: mm1
seed: 11
replications: ${options.replications ?? 2}
duration: ${options.duration ?? '200000s'}
engine: js
mm1:
  arrivalRate: 0.5/s
  serviceRate: 1/s
sweep:
  grid:
    mm1.arrivalRate: [0.3/s, 0.5/s, 0.7/s]
`,
  );
  return file;
}

/** What must be byte-identical however a sweep was run: everything but the manifests. */
export function resultFiles(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const f of ['sweep.json', 'summary.csv']) if (existsSync(join(dir, f))) files[f] = readFileSync(join(dir, f), 'utf8');
  // Parquet files compared as base64: byte-identical, like the text files.
  if (existsSync(join(dir, 'summary.parquet'))) files['summary.parquet'] = readFileSync(join(dir, 'summary.parquet')).toString('base64');
  const series = join(dir, 'series');
  if (existsSync(series)) {
    for (const part of readdirSync(series).sort()) files[`series/${part}`] = readFileSync(join(series, part, 'part-0.parquet')).toString('base64');
  }
  const runs = join(dir, 'runs');
  if (existsSync(runs)) {
    for (const id of readdirSync(runs).sort()) {
      const s = join(runs, id, 'summary.json');
      if (existsSync(s)) files[`runs/${id}/summary.json`] = readFileSync(s, 'utf8');
    }
  }
  return files;
}

/** The folders a run writing `dir` builds its new version in (see ../folder.ts). */
export function stagingDirs(dir: string): string[] {
  const parent = dirname(resolve(dir));
  const prefix = `.${basename(resolve(dir))}.cdnsim-new-`;
  return existsSync(parent) ? readdirSync(parent).filter((n) => n.startsWith(prefix)).map((n) => join(parent, n)) : [];
}

/** Runs complete in `dir` or in a version of it being built (or left by a killed run). */
export function completeRuns(dir: string): string[] {
  return [...new Set([dir, ...stagingDirs(dir)].flatMap(completeIn))].sort();
}

function completeIn(dir: string): string[] {
  const runs = join(dir, 'runs');
  if (!existsSync(runs)) return [];
  return readdirSync(runs).filter((id) => {
    try {
      return JSON.parse(readFileSync(join(runs, id, 'manifest.json'), 'utf8')).status === 'complete';
    } catch {
      return false;
    }
  });
}

export interface Child {
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
}

/** The CLI as a long-running child (a queue worker, a run to interrupt). */
export function startCdnsim(args: string[], env: NodeJS.ProcessEnv = {}): Child {
  const child = spawn(process.execPath, [cliPath, ...args], { cwd: repoRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : null))));
  return { child, output: () => out, exited };
}

export async function waitFor(what: string, ok: () => boolean | Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const t0 = Date.now();
  while (!(await ok())) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
