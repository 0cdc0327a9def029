/**
 * Where the Open Connect model keeps the arrays its segment handlers touch: in plain JS
 * memory, or in the WASM engine's linear memory, where the segment kernel (wasm/cdn)
 * reads and writes the very same arrays. Each array is named by its slot in the
 * kernel's pointer table (P_* in kernel/abi.ts); in linear memory its byte offset is
 * written there, and `publish` tells the kernel to reread the table.
 *
 * An array reallocated for the same slot (sessions growing, a rebuilt steering table)
 * replaces the old one; the kernel sees the new one after the next `publish`.
 */
import type { NativeHost } from '../../engine/engine.js';
import { P_COUNT } from './abi.js';

export interface ArrayHome {
  f64(slot: number, length: number): Float64Array;
  i32(slot: number, length: number): Int32Array;
  u8(slot: number, length: number): Uint8Array;
  publish(): void;
}

export function jsHome(): ArrayHome {
  return {
    f64: (_slot, n) => new Float64Array(n),
    i32: (_slot, n) => new Int32Array(n),
    u8: (_slot, n) => new Uint8Array(n),
    publish() {},
  };
}

/** Arrays in the engine's linear memory, which is reserved here: it never grows again. */
export function wasmHome(host: NativeHost): ArrayHome {
  host.reserve();
  const table = host.alloc(P_COUNT * 4);
  const pointers = new Int32Array(host.buffer, table, P_COUNT);
  const take = (slot: number, bytes: number) => {
    if (!(slot >= 0 && slot < P_COUNT)) throw new RangeError(`no pointer slot ${slot}`);
    const at = host.alloc(Math.max(8, bytes));
    pointers[slot] = at;
    return at;
  };
  return {
    f64: (slot, n) => new Float64Array(host.buffer, take(slot, n * 8), n),
    i32: (slot, n) => new Int32Array(host.buffer, take(slot, n * 4), n),
    u8: (slot, n) => new Uint8Array(host.buffer, take(slot, n), n),
    publish: () => host.bindSegments(table),
  };
}
