/**
 * Deliberately naive reference caches for tests: arrays scanned linearly, written
 * straight from the policies' definitions (libCacheSim's semantics), sharing no code
 * with the real ones. Ids are small non-negative integers.
 */

export interface RefCache {
  request(id: number, size: number, next: number): boolean;
}

interface Entry {
  id: number;
  size: number;
  /** Policy-specific counter: reference bit, visited bit, frequency. */
  bit: number;
  /** LFU: when it reached its frequency. Belady: next access. */
  key: number;
}

/** Array with the head (newest) at index 0 and the tail (oldest) at the end. */
abstract class ListCache implements RefCache {
  protected list: Entry[] = [];
  protected used = 0;
  constructor(protected capacity: number) {}

  request(id: number, size: number, next: number): boolean {
    const i = this.list.findIndex((e) => e.id === id);
    if (i >= 0) {
      this.onHit(i, next);
      return true;
    }
    if (size > this.capacity) return false;
    while (this.used + size > this.capacity) {
      const j = this.victim();
      this.used -= this.list[j].size;
      this.list.splice(j, 1);
    }
    this.list.unshift({ id, size, bit: 0, key: next });
    this.used += size;
    this.onInsert(next);
    return false;
  }

  protected onInsert(next: number): void {
    void next;
  }
  protected abstract onHit(i: number, next: number): void;
  protected abstract victim(): number;
}

export class RefFifo extends ListCache {
  protected onHit(): void {}
  protected victim(): number {
    return this.list.length - 1;
  }
}

export class RefLru extends ListCache {
  protected onHit(i: number): void {
    const [e] = this.list.splice(i, 1);
    this.list.unshift(e);
  }
  protected victim(): number {
    return this.list.length - 1;
  }
}

/** Second chance: a set bit at the tail is cleared and the entry moves to the head. */
export class RefClock extends ListCache {
  protected onHit(i: number): void {
    this.list[i].bit = 1;
  }
  protected victim(): number {
    for (;;) {
      const last = this.list[this.list.length - 1];
      if (last.bit === 0) return this.list.length - 1;
      last.bit = 0;
      this.list.pop();
      this.list.unshift(last);
    }
  }
}

/** SIEVE: the hand walks from the tail towards the head, wrapping, and stays put. */
export class RefSieve extends ListCache {
  private hand: Entry | null = null;
  protected onHit(i: number): void {
    this.list[i].bit = 1;
  }
  protected victim(): number {
    let i = this.hand === null ? this.list.length - 1 : this.list.indexOf(this.hand);
    while (this.list[i].bit === 1) {
      this.list[i].bit = 0;
      i = i === 0 ? this.list.length - 1 : i - 1;
    }
    this.hand = i === 0 ? null : this.list[i - 1];
    return i;
  }
}

/** LFU: lowest frequency; ties to the entry that reached its frequency earliest. */
export class RefLfu extends ListCache {
  private clock = 0;
  protected onInsert(): void {
    this.list[0].bit = 1;
    this.list[0].key = this.clock++;
  }
  protected onHit(i: number): void {
    this.list[i].bit++;
    this.list[i].key = this.clock++;
  }
  protected victim(): number {
    let best = 0;
    for (let i = 1; i < this.list.length; i++) {
      const a = this.list[i];
      const b = this.list[best];
      if (a.bit < b.bit || (a.bit === b.bit && a.key < b.key)) best = i;
    }
    return best;
  }
}

/** Belady: the entry whose next access is furthest (Infinity first); ties to the tail. */
export class RefBelady extends ListCache {
  protected onHit(i: number, next: number): void {
    this.list[i].key = next;
  }
  protected victim(): number {
    let best = this.list.length - 1;
    for (let i = best - 1; i >= 0; i--) if (this.list[i].key > this.list[best].key) best = i;
    return best;
  }
}

/** 1-based index of each request's next request to the same id; Infinity if none. */
export function nextAccesses(ids: readonly number[]): number[] {
  const next = new Array<number>(ids.length).fill(Infinity);
  const last = new Map<number, number>();
  for (let i = ids.length - 1; i >= 0; i--) {
    const j = last.get(ids[i]);
    if (j !== undefined) next[i] = j + 1;
    last.set(ids[i], i);
  }
  return next;
}
