import type { CommandModule } from 'yargs';
import { InputError } from '../errors.js';

interface Args {
  network?: string;
  movie?: string;
  abr?: string;
  'max-buffer': number;
  'abr-module'?: string[];
  json: boolean;
}

export const playerCommand: CommandModule<object, Args> = {
  command: 'player',
  describe: "One playback over a measured network trace (Sabre's file formats): rebuffering, bitrate, startup",
  builder: async (y) => {
    const { abrNames } = await import('../player/abr/registry.js');
    const { DEFAULT_PLAYER } = await import('../player/player.js');
    return y
      .option('network', { type: 'string', describe: 'network trace: JSON array of {duration_ms, bandwidth_kbps, latency_ms}, looped' })
      .option('movie', { type: 'string', describe: 'movie: JSON {segment_duration_ms, bitrates_kbps, segment_sizes_bits}' })
      .option('abr', { type: 'string', describe: `ABR rule: ${abrNames().join(', ')} (or one from --abr-module)` })
      .option('max-buffer', { type: 'number', default: DEFAULT_PLAYER.maxBufferMs / 1000, describe: 'maximum buffer, seconds' })
      .option('abr-module', { type: 'string', array: true, describe: 'a module exporting extra ABR rules (AbrDefinition)' })
      .option('json', { type: 'boolean', default: false, describe: 'print one JSON object' }) as never;
  },
  handler: async (args) => {
    const { abrNames, createAbr, registerAbrModule } = await import('../player/abr/registry.js');
    const { loadMovie } = await import('../player/movie.js');
    const { loadNetworkTrace } = await import('../player/network.js');
    const { DEFAULT_PLAYER } = await import('../player/player.js');
    const { playbackSummary, playOverTrace } = await import('../player/session.js');
    if (!args.network) throw new InputError('name the network trace with --network FILE', { field: 'network' });
    if (!args.movie) throw new InputError('name the movie with --movie FILE', { field: 'movie' });
    if (!args.abr) throw new InputError(`name the ABR rule with --abr (${abrNames().join(', ')})`, { field: 'abr' });
    for (const m of args['abr-module'] ?? []) await registerAbrModule(m);
    const trace = loadNetworkTrace(args.network);
    const movie = loadMovie(args.movie);
    const maxBufferMs = args['max-buffer'] * 1000;
    if (!(maxBufferMs >= movie.segmentMs) || !Number.isFinite(maxBufferMs)) {
      throw new InputError(`must hold at least one segment (${movie.segmentMs / 1000} s), got ${args['max-buffer']}`, { field: 'max-buffer' });
    }
    const rule = createAbr(args.abr, movie, { maxBufferMs });
    const summary = playbackSummary(playOverTrace(movie, trace, rule, { ...DEFAULT_PLAYER, maxBufferMs }));
    if (args.json) {
      process.stdout.write(JSON.stringify(summary) + '\n');
      return;
    }
    const rows: [string, string][] = [
      ['abr', summary.abr],
      ['rebuffer', `${summary.rebufferSeconds.toFixed(3)} s in ${summary.rebufferEvents} events`],
      ['average bitrate', `${summary.averageBitrateKbps.toFixed(1)} kbit/s (time average played)`],
      ['bitrate change', `${summary.bitrateChangeKbps.toFixed(0)} kbit/s (total)`],
      ['play time', `${summary.playSeconds.toFixed(3)} s (startup + playing + rebuffering)`],
      ['startup', `${summary.startupSeconds.toFixed(3)} s (first segment: latency + transfer)`],
    ];
    process.stdout.write(rows.map(([k, v]) => `${k.padEnd(16)} ${v}`).join('\n') + '\n');
  },
};
