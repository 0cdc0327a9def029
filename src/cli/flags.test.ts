import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cdnsim, tempDir, type CliResult } from '../test-helpers/cli.js';

const mm1 = 'name: flags-t\nmodel: mm1\nseed: 3\nreplications: 2\nduration: 300s\nengine: js\nmm1:\n  arrivalRate: 0.5/s\n  serviceRate: 1/s\n';

/** A usage error: one line naming the problem, exit 2, no stack, and nothing written. */
function expectUsageError(r: CliResult, pattern: RegExp): void {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr).toMatch(pattern);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stdout).toBe('');
}

/** A folder holding only the scenario file, to run in: whatever a command writes shows up here. */
function workdir(): { dir: string; file: string } {
  const dir = tempDir();
  writeFileSync(join(dir, 'mm1.yaml'), mm1);
  return { dir, file: join(dir, 'mm1.yaml') };
}

describe('a bad or misspelt flag stops the command before any work', () => {
  it('a value that is not a number, a misspelt flag, a missing file argument: exit 2, nothing simulated or written', () => {
    const { dir } = workdir();
    expectUsageError(cdnsim(['run', 'mm1.yaml', '--seed', 'abc'], { cwd: dir }), /^cdnsim: --seed must be a number/);
    expectUsageError(cdnsim(['run', 'mm1.yaml', '--ot', 'x'], { cwd: dir }), /^cdnsim: Unknown argument: ot/);
    expectUsageError(cdnsim(['run', 'mm1.yaml', '--workers', '1.5'], { cwd: dir }), /--workers must be a positive integer, got 1\.5/);
    expectUsageError(cdnsim(['run'], { cwd: dir }), /Not enough non-option arguments/);
    expectUsageError(cdnsim(['bench', 'hold', '--ops', '1e400'], { cwd: dir }), /--ops must be a number/);
    expect(readdirSync(dir)).toEqual(['mm1.yaml']);
  });

  it('queue submit with a misspelt flag queues nothing (it stops before reaching Redis)', () => {
    const { dir } = workdir();
    // Port 1 answers nobody: had the command run, it would say it cannot reach Redis.
    expectUsageError(cdnsim(['queue', 'submit', 'mm1.yaml', '--redis', 'redis://127.0.0.1:1', '--detatch'], { cwd: dir }), /Unknown argument: detatch/);
  });

  it("--help of a subcommand lists its own flags, not its parent's", () => {
    for (const [args, parentFlag] of [
      [['bgp', 'generate', '--help'], '--graph'],
      [['bgp', 'conformance', '--help'], '--announce'],
      [['cache', 'conformance', '--help'], '--size'],
    ] as const) {
      const r = cdnsim([...args]);
      expect(r.code).toBe(0);
      expect(r.stdout).not.toContain(parentFlag);
    }
    expectUsageError(cdnsim(['bgp', 'generate', '--graph', 'x']), /Unknown argument: graph/);
  });
});

/** Flags of the commands below, and values of every kind a user might type. */
const FLAGS = ['out', 'seed', 'engine', 'json', 'workers', 'resume', 'dry-run', 'events', 'shard-index', 'shard-count', 'ops', 'pending', 'samples', 'threshold', 'strict', 'redis', 'queue', 'attempts', 'ot', 'sed', 'x', 'help-me'];
const VALUES = ['abc', '-3', '0', '1', '2', '2.5', '1e400', 'NaN', '', 'js', 'auto', 'x=1', 'out', '--'];

describe('CLI fuzz', () => {
  it('random flags and values on every command: exit 0 or 2, never a stack trace, nothing written on exit 2', () => {
    const { dir } = workdir();
    // Commands with fast inputs only: a short M/M/1, dry runs, a tiny event-list benchmark.
    const commands: string[][] = [
      ['run', 'mm1.yaml', '--out', 'o'],
      ['run', 'mm1.yaml', '--dry-run'],
      ['validate', 'mm1.yaml'],
      ['schema'],
      ['bench', 'hold', '--pending', '10', '--ops', '1000', '--engine', 'js'],
      ['queue', 'status', '--redis', 'redis://127.0.0.1:1'],
      ['merge', 'nope'],
      ['compare', 'a', 'b'],
    ];
    const flag = fc.record({ name: fc.oneof(fc.constantFrom(...FLAGS), fc.stringMatching(/^[a-z][a-z-]{0,8}$/)), value: fc.option(fc.constantFrom(...VALUES), { nil: undefined }) });
    fc.assert(
      fc.property(fc.nat(commands.length - 1), fc.array(flag, { maxLength: 3 }), (c, flags) => {
        const args = [...commands[c], ...flags.flatMap((f) => (f.value === undefined ? [`--${f.name}`] : [`--${f.name}`, f.value]))];
        const before = readdirSync(dir).sort();
        const r = cdnsim(args, { cwd: dir });
        const written = readdirSync(dir).filter((f) => !before.includes(f));
        expect([0, 2], `${args.join(' ')}\n${r.stderr}`).toContain(r.code);
        expect(r.stderr, args.join(' ')).not.toMatch(/\n\s+at |Error:/);
        if (r.code === 2) expect(written, args.join(' ')).toEqual([]);
        for (const f of written) rmSync(join(dir, f), { recursive: true, force: true });
      }),
      { numRuns: 50, seed: 20261205 },
    );
  }, 300_000);
});
