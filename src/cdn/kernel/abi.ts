/**
 * The segment kernel's contract: where the Open Connect model keeps the state its
 * segment handlers touch, shared by the JS handlers (src/cdn/player/player.ts and
 * src/cdn/serve/) and their WASM twins (wasm/cdn/segment.ts). AssemblyScript compiles
 * this very file, so it holds only integer constants both languages accept.
 *
 * The state is a set of flat arrays. The model allocates each one (in JS memory, or in
 * the WASM engine's linear memory when the kernel runs there) and, for the kernel,
 * writes its byte offset into the pointer table at index P_*.
 */

// ---- sessions (one slot per playback; the arrays are reallocated as sessions grow) ----
export const P_S_ISP = 0; // i32
export const P_S_PREFIX = 1; // i32
export const P_S_TITLE = 2; // i32
/** Seconds of video the playback will watch, has fetched, and is fetching now. */
export const P_S_WATCH = 3; // f64
export const P_S_FETCHED = 4; // f64
export const P_S_SEG_LEN = 5; // f64
export const P_S_SEG_DONE = 6; // i32
export const P_S_ESTIMATE = 7; // f64
export const P_S_CLIENT_RATE = 8; // f64
export const P_S_BUFFER = 9; // f64
export const P_S_LAST_UPDATE = 10; // f64
export const P_S_PLAYING = 11; // u8
export const P_S_START = 12; // f64
export const P_S_STALL = 13; // f64
export const P_S_OCA = 14; // i32
export const P_S_SITE = 15; // i32
export const P_S_RATE = 16; // f64
export const P_S_RUNG = 17; // i32
export const P_S_MAX_RUNG = 18; // i32
export const P_S_PREV_SITE = 19; // i32
export const P_S_ACTIVE = 20; // u8
/** Free session slots, a stack; its height is at P_S_FREE_TOP (one i32). */
export const P_S_FREE = 21; // i32
export const P_S_FREE_TOP = 22; // i32[1]

// ---- links ----
export const P_L_CAPACITY = 23; // f64
export const P_L_LOAD = 24; // f64
/** Load integrated over time: when it last changed, and bits carried in the open bin. */
export const P_L_LAST_CHANGE = 25; // f64
export const P_L_CARRIED = 26; // f64
export const P_L_UP = 27; // u8
export const P_L_KNOWN_UP = 28; // u8

// ---- appliances ----
export const P_O_LOAD = 29; // f64
export const P_O_CAPACITY = 30; // f64
export const P_O_UP = 31; // u8
export const P_O_KNOWN_UP = 32; // u8

// ---- sites ----
export const P_SITE_OUT_LINK = 33; // i32
export const P_SITE_ISP = 34; // i32, -1 at an exchange
export const P_SITE_IXP = 35; // i32, -1 when embedded
/** The site's appliances are SITE_OCAS[SITE_OCA_FROM[si] ..]. */
export const P_SITE_OCA_FROM = 36; // i32
export const P_SITE_OCAS = 37; // i32
export const P_SITE_HOLDER_OFFSET = 38; // i32
export const P_SITE_HOLDER_BYTES = 39; // i32
export const P_SITE_LOAD = 40; // f64

// ---- ISPs, exchanges, content, ladder ----
export const P_ISP_PEERING = 41; // i32
export const P_ISP_TRANSIT = 42; // i32
/** Global index of the ISP's first client prefix. */
export const P_ISP_PREFIX_BASE = 43; // i32
/** Per (exchange, ISP): whether the CDN's peering session there is up. */
export const P_PEERING_UP = 44; // u8
/** Which appliances hold a file: content.ts's holder bits. */
export const P_HOLDERS = 45; // u8
export const P_LADDER = 46; // f64

// ---- the steering table (static policies: each list already in order) ----
export const P_ST_OFFSET = 47; // i32
export const P_ST_SITE = 48; // i32
export const P_ST_RANK = 49; // u8

// ---- metrics ----
export const P_TOTALS = 50; // f64, T_*
export const P_M_BYTES_BY_RANK = 51; // f64 per rank
/** Rank-major: rank * bins + bin. */
export const P_M_SERIES_BY_RANK = 52; // f64
export const P_M_SITE_SERVED = 53; // f64 per site
export const P_M_OCA_SERVED = 54; // f64 per appliance
export const P_M_SITE_FIRST_REQUESTS = 55;
export const P_M_SITE_FIRST_HITS = 56;
export const P_M_SITE_FIRST_BYTES = 57;
export const P_M_SITE_FIRST_HIT_BYTES = 58;
export const P_M_BIN_SITE_REQUESTS = 59;
export const P_M_BIN_SITE_HITS = 60;
export const P_M_SERIES_HEALTH_MISS = 61; // f64 per bin
export const P_M_SERIES_CONTENT_MISS = 62;
export const P_M_SERIES_SEGMENTS = 63;
export const P_M_SERIES_BITRATE = 64;
export const P_M_SERIES_STALL = 65;
export const P_M_SERIES_PLAYED = 66;

// ---- scalars the model sets up once ----
export const P_CONFIG = 67; // f64, C_*
export const P_COUNT = 68;

export const C_SEGMENT = 0;
export const C_MAX_BUFFER = 1;
export const C_FIRST_SEGMENT = 2;
export const C_ABR_SAFETY = 3;
export const C_THRESHOLD = 4;
export const C_MIN_RATE = 5;
export const C_TIMEOUT = 6;
export const C_RETRIES = 7;
export const C_WARMUP = 8;
export const C_BIN = 9;
export const C_BINS = 10;
export const C_RUNGS = 11;
export const C_HOLDER_STRIDE = 12;
export const C_ISPS = 13;
export const C_KIND_REQUEST = 14;
export const C_KIND_DONE = 15;
export const C_COUNT = 16;

/** Metric totals (Metrics fields of the same names). */
export const T_REQUESTS = 0;
export const T_BYTES_REQUESTED = 1;
export const T_BYTES_FAILED = 2;
export const T_BYTES_SERVED = 3;
export const T_CONTENT_MISS = 4;
export const T_HEALTH_MISS = 5;
export const T_TRANSIT = 6;
export const T_FAILOVERS = 7;
export const T_UNSTEERED = 8;
export const T_STEERING_CHANGES = 9;
export const T_SEGMENTS = 10;
export const T_VIDEO_SECONDS = 11;
export const T_BITRATE_SUM = 12;
export const T_STALL_SECONDS = 13;
export const T_PLAYED_SECONDS = 14;
export const T_COUNT = 15;

/** The origin, as a session's appliance and site. */
export const ORIGIN = -1;
/** The origin's proximity rank (steering.ts lists the others). */
export const RANK_ORIGIN = 4;
/** Weight of the newest segment in the player's throughput estimate (an EWMA). */
export const ESTIMATE_WEIGHT = 0.5;
/** Tolerance when comparing seconds of video fetched with seconds to watch. */
export const END_EPSILON = 1e-9;
/** Tolerance when mapping seconds fetched to a reactive cache's chunk. */
export const CHUNK_EPSILON = 1e-9;
