/** Typed arrays that double: a new array of the same type, at least `size` long, holding the old contents. */
type Growable = Int8Array | Uint8Array | Int32Array | Uint32Array | Float64Array;

export function grow<T extends Growable>(old: T, size = old.length * 2, fill?: number): T {
  const Ctor = old.constructor as new (n: number) => T;
  const next = new Ctor(Math.max(size, 1));
  if (fill !== undefined) next.fill(fill as never, old.length);
  next.set(old as never);
  return next;
}
