/**
 * Handing the Open Connect model's segment handlers to the WASM engine's segment kernel
 * (wasm/cdn/segment.ts): the tables it reads that the JS handlers take from the world's
 * objects, and the steering table after each rebuild.
 *
 * The kernel runs only where it computes exactly what the JS handlers would: static
 * steering (lists ordered once per rebuild), no reactive caches (their policies are JS
 * objects), and nobody watching each segment (the observers are JS callbacks).
 */
import type { Engine, NativeHost } from '../../engine/engine.js';
import type { ArrayHome } from './array-home.js';
import type { Content } from '../content.js';
import * as abi from './abi.js';
import type { SteeringTable } from '../control/steering.js';
import type { World } from '../world.js';

/** The engine's native host when the kernel can run this replication, else undefined. */
export function kernelHost(engine: Engine, o: { staticSteering: boolean; reactive: boolean; watched: boolean }): NativeHost | undefined {
  return o.staticSteering && !o.reactive && !o.watched ? engine.native : undefined;
}

export interface KernelConfig {
  segment: number;
  maxBuffer: number;
  firstSegment: number;
  abrSafety: number;
  threshold: number;
  minRate: number;
  timeout: number;
  retries: number;
  warmup: number;
  bin: number;
  bins: number;
  kindRequest: number;
  kindDone: number;
}

/** Fill in what the kernel reads of the world that the JS handlers read from objects. */
export function shareWorld(home: ArrayHome, world: World, content: Content, prefixBase: Int32Array, c: KernelConfig): void {
  const { sites, isps } = world;
  const i32 = (slot: number, xs: ArrayLike<number>) => home.i32(slot, xs.length).set(xs);
  i32(abi.P_SITE_OUT_LINK, sites.map((x) => x.outLink));
  i32(abi.P_SITE_ISP, sites.map((x) => x.isp));
  i32(abi.P_SITE_IXP, sites.map((x) => x.ixp));
  const from = [0];
  for (const x of sites) from.push(from[from.length - 1] + x.ocas.length);
  i32(abi.P_SITE_OCA_FROM, from);
  i32(abi.P_SITE_OCAS, sites.flatMap((x) => x.ocas));
  i32(abi.P_SITE_HOLDER_OFFSET, content.holderOffset);
  i32(abi.P_SITE_HOLDER_BYTES, content.holderBytes);
  i32(abi.P_ISP_PEERING, isps.map((x) => x.peeringLink));
  i32(abi.P_ISP_TRANSIT, isps.map((x) => x.transitLink));
  i32(abi.P_ISP_PREFIX_BASE, prefixBase);
  const config = home.f64(abi.P_CONFIG, abi.C_COUNT);
  config[abi.C_SEGMENT] = c.segment;
  config[abi.C_MAX_BUFFER] = c.maxBuffer;
  config[abi.C_FIRST_SEGMENT] = c.firstSegment;
  config[abi.C_ABR_SAFETY] = c.abrSafety;
  config[abi.C_THRESHOLD] = c.threshold;
  config[abi.C_MIN_RATE] = c.minRate;
  config[abi.C_TIMEOUT] = c.timeout;
  config[abi.C_RETRIES] = c.retries;
  config[abi.C_WARMUP] = c.warmup;
  config[abi.C_BIN] = c.bin;
  config[abi.C_BINS] = c.bins;
  config[abi.C_RUNGS] = world.catalog.rungs;
  config[abi.C_HOLDER_STRIDE] = content.holderStride;
  config[abi.C_ISPS] = isps.length;
  config[abi.C_KIND_REQUEST] = c.kindRequest;
  config[abi.C_KIND_DONE] = c.kindDone;
}

/** Copy a (static, already ordered) steering table where the kernel reads it. */
export function shareSteering(home: ArrayHome, t: SteeringTable): void {
  home.i32(abi.P_ST_OFFSET, t.offset.length).set(t.offset);
  home.i32(abi.P_ST_SITE, t.site.length).set(t.site);
  home.u8(abi.P_ST_RANK, t.rank.length).set(t.rank);
  home.publish();
}

/** `into`, holding `from`'s values: an array moved to its home. */
export function moved<T extends Float64Array | Int32Array | Uint8Array>(into: T, from: ArrayLike<number>): T {
  into.set(from);
  return into;
}
