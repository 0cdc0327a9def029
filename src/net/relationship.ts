/**
 * How a route was learned, numbered as bgpsimulator numbers `recv_relationship`, so a
 * larger number is a more preferred route and comparisons are plain integer compares.
 * The same numbers tag a CSR slot: the relationship an AS has with that neighbour is
 * the relationship of any route learned over it.
 */
export const NONE = 0;
export const PROVIDER = 1;
export const PEER = 2;
export const CUSTOMER = 3;
export const ORIGIN = 4;

export type Relationship = typeof PROVIDER | typeof PEER | typeof CUSTOMER | typeof ORIGIN;
export type RelationshipName = 'provider' | 'peer' | 'customer' | 'origin';

const NAMES: readonly (RelationshipName | undefined)[] = [undefined, 'provider', 'peer', 'customer', 'origin'];

export function relationshipName(rel: number): RelationshipName {
  const name = NAMES[rel];
  if (name === undefined) throw new RangeError(`no route relationship ${rel}`);
  return name;
}

/** Gao-Rexford export rule: routes from customers and your own go to everyone, the rest only to customers. */
export function exportable(routeRel: number, toNeighbourRel: number): boolean {
  return routeRel >= CUSTOMER || toNeighbourRel === CUSTOMER;
}
