/**
 * The one small interface every eviction policy implements, and what the registry
 * needs to build one.
 *
 * Object ids are 64-bit, passed as two u32 halves (`idLo`, `idHi`) so no bits are lost
 * above 2^53 and nothing is allocated per request. Sizes and capacities are in bytes.
 * Times are in seconds (only TTL expiry reads them); `nextAccess` is the 1-based index
 * of the object's next request in the trace, `Infinity` when there is none (only
 * Belady reads it).
 */

/** Decides on a miss whether the object may enter the cache. */
export interface Admission {
  readonly name: string;
  admit(idLo: number, idHi: number, size: number): boolean;
}

export interface CachePolicy {
  readonly name: string;
  /** Capacity in bytes. */
  readonly capacity: number;
  /** Bytes held by cached objects. */
  readonly used: number;
  /** Objects cached. */
  readonly count: number;

  /**
   * One request: true on a hit. On a miss the object is admitted (if the admission
   * filter and its size allow) after evicting as libCacheSim does. Allocation-free.
   */
  request(idLo: number, idHi: number, size: number, time: number, nextAccess: number): boolean;

  /**
   * Place an object without a request (proactive fill): evicts as needed, skips the
   * admission filter. False if it is larger than the cache or already cached.
   */
  insert(idLo: number, idHi: number, size: number, time?: number, nextAccess?: number): boolean;

  /** Drop an object; false if it was not cached. */
  remove(idLo: number, idHi: number): boolean;

  /** Whether the object is cached; changes nothing. */
  contains(idLo: number, idHi: number): boolean;
}

export interface PolicyOptions {
  /** Bytes. */
  capacity: number;
  /** Seconds an object stays valid after it enters the cache; 0 or absent: forever. */
  ttl?: number;
  admission?: Admission;
  /** Expected number of cached objects, to size tables up front (optional). */
  expectedObjects?: number;
}

export interface PolicyDefinition {
  /** Lower-case name used on the command line. */
  name: string;
  aliases?: readonly string[];
  describe: string;
  /** Reads `nextAccess` (offline policies). */
  needsNextAccess?: boolean;
  create(options: PolicyOptions): CachePolicy;
}
