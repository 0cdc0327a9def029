/** Typed arrays grow by copying into a longer one; new entries get `fill` (default 0). */

export function growU32(a: Uint32Array, n: number) {
  const b = new Uint32Array(n);
  b.set(a);
  return b;
}

export function growI32(a: Int32Array, n: number, fill?: number) {
  const b = new Int32Array(n);
  b.set(a);
  if (fill !== undefined) b.fill(fill, a.length);
  return b;
}

export function growF64(a: Float64Array, n: number) {
  const b = new Float64Array(n);
  b.set(a);
  return b;
}

export function growU8(a: Uint8Array, n: number) {
  const b = new Uint8Array(n);
  b.set(a);
  return b;
}
