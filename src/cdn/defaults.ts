/**
 * Realistic defaults of the Open Connect model, each with its source. The README's
 * "Open Connect model" section repeats these with the same citations; a scenario can
 * override every one of them.
 *
 * [D] documented by Netflix or the cited paper; [I] an inference or chosen default.
 */

/**
 * Video bitrate ladder, kbit/s. [D] Netflix Technology Blog, "Per-Title Encode
 * Optimization" (2015): the fixed ladder 235 … 5800 kbps. The UHD rung is [D] Netflix
 * Help Center, "Internet connection speed recommendations" (15–25 Mbit/s for UHD);
 * 16 Mbit/s is [I] a point in that range.
 */
export const DEFAULT_LADDER_KBPS = [235, 375, 560, 750, 1050, 1750, 2350, 3000, 4300, 5800, 16000];

/**
 * Appliance classes. Throughput per server: [D] "Serving 100 Gbps from an Open Connect
 * Appliance" (Netflix Technology Blog, 2017); 400 Gb/s TLS (EuroBSDCon 2021). Storage:
 * [I] secondary sources put storage units at 100–360 TB and flash units at tens of TB.
 * Fill rate limits per fill window: [D] Open Connect "Fill patterns" documentation:
 * Storage <= 1.2 Gbps / 6.5 TB, Global <= 0.4 Gbps / 2.1 TB, Flash <= 300 Mbps.
 * Disk read throughput: [I] HDD arrays of a storage unit read ~40 Gb/s; flash units are
 * NIC-bound.
 */
export interface ApplianceClassDefaults {
  storageBytes: number;
  nicBps: number;
  diskReadBps: number;
  fillRateBps: number;
  fillBytesPerWindow: number;
}

export const DEFAULT_APPLIANCE_CLASSES: Record<'storage' | 'flash' | 'global', ApplianceClassDefaults> = {
  storage: { storageBytes: 240e12, nicBps: 100e9, diskReadBps: 40e9, fillRateBps: 1.2e9, fillBytesPerWindow: 6.5e12 },
  flash: { storageBytes: 24e12, nicBps: 400e9, diskReadBps: 400e9, fillRateBps: 0.3e9, fillBytesPerWindow: Infinity },
  global: { storageBytes: 120e12, nicBps: 40e9, diskReadBps: 20e9, fillRateBps: 0.4e9, fillBytesPerWindow: 2.1e12 },
};

/** [D] Open Connect fill documentation: a 12-hour window, 02:00–14:00 local time. */
export const DEFAULT_FILL_WINDOW = { start: 2 * 3600, end: 14 * 3600 };

/**
 * Relative demand by local hour (peak = 1). [D] Peak 20:00–23:00 local, trough in the
 * early morning at roughly a third to a half of peak (Sandvine Global Internet
 * Phenomena reports; Arbor/Labovitz measurements). The shape between is [I] a smooth
 * rise through the day.
 */
export const DEFAULT_DIURNAL = [
  0.85, 0.66, 0.5, 0.41, 0.36, 0.35, 0.37, 0.41, 0.45, 0.48, 0.5, 0.53, 0.56, 0.58, 0.6, 0.62, 0.66, 0.72, 0.8, 0.9,
  1.0, 1.0, 1.0, 0.95,
];

/**
 * Health: [D] each OCA judges its own health from its bottleneck and reports it
 * ("Driving Content Delivery Efficiency Through Classifying Cache Misses", Netflix
 * Technology Blog). The threshold is [I]: saturated above 90% of its bottleneck.
 */
export const DEFAULT_HEALTH_THRESHOLD = 0.9;

/**
 * Segment length in seconds. [D] The Netflix client of Huang et al. ("A Buffer-Based
 * Approach to Rate Adaptation", SIGCOMM 2014) fetches 4-second chunks; DASH/HLS
 * practice is 2–6 s. Longer segments trade fidelity for speed (fewer events per session).
 */
export const DEFAULT_SEGMENT_SECONDS = 4;

/**
 * Title running times. [I] Feature films ~90–120 min; series episodes ~25–60 min.
 * Viewing fraction per session is [I] uniform-ish: many sessions stop early.
 */
export const DEFAULT_FILM_MINUTES = { mean: 105, sd: 20 };
export const DEFAULT_EPISODE_MINUTES = { mean: 45, sd: 12 };
