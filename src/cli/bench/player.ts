import type { CommandModule } from 'yargs';
import { InputError } from '../../errors.js';
import { splitList } from '../cache.js';
import { printJsonOrTable } from './native.js';

interface Args {
  abr: string;
  segments: number;
  periods: number;
  playbacks: number;
  seed: number;
  json: boolean;
}

export const playerBenchCommand: CommandModule<object, Args> = {
  command: 'player',
  describe: 'Playbacks/s and segment decisions/s of the video player per ABR rule, on a long synthetic movie and trace',
  builder: async (y) => {
    const { abrNames } = await import('../../player/abr/registry.js');
    return y
      .option('abr', { type: 'string', default: abrNames().join(','), describe: 'rules to time' })
      .option('segments', { type: 'number', default: 2700, describe: 'movie length in 4 s segments (2700: 3 hours)' })
      .option('periods', { type: 'number', default: 86_400, describe: 'network trace length in 1 s periods (86400: a day)' })
      .option('playbacks', { type: 'number', default: 20, describe: 'timed playbacks per rule' })
      .option('seed', { type: 'number', default: 1 })
      .option('json', { type: 'boolean', default: false, describe: 'print one JSON object' }) as never;
  },
  handler: async (args) => {
    for (const [name, v] of [['segments', args.segments], ['periods', args.periods], ['playbacks', args.playbacks]] as const) {
      if (!Number.isInteger(v) || v < 1) throw new InputError(`--${name} must be a whole number >= 1, got ${v}`, { field: name });
    }
    const { getAbr } = await import('../../player/abr/registry.js');
    const abr = splitList(args.abr);
    for (const name of abr) getAbr(name);
    const { benchPlayer } = await import('../../player/bench.js');
    const { rows } = benchPlayer({ abr, segments: args.segments, periods: args.periods, playbacks: args.playbacks, seed: args.seed });
    const result: Record<string, unknown> = {
      movie: { segments: args.segments, segmentSeconds: 4, ladderKbps: '235..5800 (Netflix 2015, 10 rungs)' },
      trace: { periods: args.periods, periodSeconds: 1, medianKbps: 4000 },
      playbacksPerSecond: Object.fromEntries(rows.map((r) => [r.abr, Number(r.playbacksPerSecond.toFixed(1))])),
      decisionsPerSecond: Object.fromEntries(rows.map((r) => [r.abr, Math.round(r.decisionsPerSecond)])),
      decisionsPerCpuSecond: Object.fromEntries(rows.map((r) => [r.abr, Math.round(r.decisionsPerCpuSecond)])),
      perPlayback: Object.fromEntries(rows.map((r) => [r.abr, { decisions: r.decisions, abandonments: r.abandonments, rebufferSeconds: Number(r.rebufferSeconds.toFixed(3)), averageBitrateKbps: Math.round(r.averageBitrateKbps) }])),
    };
    printJsonOrTable(result, args.json);
  },
};
