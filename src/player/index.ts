/** The video player and its ABR rules, usable on their own (see README.md). */
export { Transfer } from './transfer.js';
export { Player, DEFAULT_PLAYER, type PlayerOptions, type PlaybackResult } from './player.js';
export { playOverTrace, playbackSummary, type PlaybackSummary, type TracePlayback } from './session.js';
export { loadMovie, parseMovie, segmentBits, movieMs, type Movie } from './movie.js';
export { loadNetworkTrace, parseNetworkTrace, TraceLink, type NetworkTrace } from './network.js';
export { getAbr, abrNames, createAbr, registerAbr, registerAbrModule, DEFAULT_ABR_OPTIONS } from './abr/registry.js';
export { bbaRateKbps, bbaMapRung, bbaNextRung, bbaZones } from './abr/bba.js';
export type { AbrRule, AbrDefinition, AbrOptions, PlayerView, DownloadProgress } from './abr/types.js';
export { syntheticMovie, syntheticTrace, NETFLIX_2015_LADDER } from './synthetic.js';
