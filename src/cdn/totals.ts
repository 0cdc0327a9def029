/**
 * The totals every part of the model adds to (metrics.tot[T_*]), by index so that
 * adding one costs an array write; metrics.ts copies them into named summary fields.
 */
export const T_REQUESTS = 0;
export const T_BYTES_REQUESTED = 1;
export const T_BYTES_FAILED = 2;
export const T_BYTES_SERVED = 3;
export const T_CONTENT_MISS = 4;
export const T_HEALTH_MISS = 5;
/** (6 is free: transit bytes are counted on the links, link-stats.ts.) */
export const T_FAILOVERS = 7;
export const T_UNSTEERED = 8;
export const T_STEERING_CHANGES = 9;
export const T_SEGMENTS = 10;
export const T_VIDEO_SECONDS = 11;
export const T_BITRATE_SUM = 12;
export const T_STALL_SECONDS = 13;
export const T_PLAYED_SECONDS = 14;
/** A client ran out of its list and asked the control plane again. */
export const T_RESTEERS = 15;
export const T_COUNT = 16;
