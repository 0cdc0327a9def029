/**
 * A playback's candidate sites, in the order the client will try them: the client
 * prefix's list from the steering table, ordered by (proximity rank, policy key). A
 * static policy (its key depends on nothing that changes between rebuilds) was sorted
 * into the table when it was built and is read in place; others are ordered here, into
 * scratch arrays, so steering allocates nothing.
 *
 * Reads: the control plane's table and view, the session's ISP and prefix.
 */
import type { SimContext } from '../context.js';
import type { ControlPlane } from '../control/control-plane.js';
import type { Sessions } from '../player/sessions.js';

/** The ordered candidates of the current request: site[from ..], rank[from ..]. */
export interface Candidates {
  site: Int32Array;
  rank: Uint8Array;
  from: number;
}

export interface CandidateOrder {
  list: Candidates;
  /** Order session `x`'s candidates for `file` into `list`; returns their count. */
  order(x: number, file: number): number;
}

export function createCandidateOrder(ctx: SimContext, ss: Sessions, control: ControlPlane): CandidateOrder {
  const policy = ctx.steeringPolicy;
  const { base, view } = control;
  let orderSite = new Int32Array(64);
  let orderRank = new Uint8Array(64);
  let orderKey = new Float64Array(64);
  const list: Candidates = { site: orderSite, rank: orderRank, from: 0 };
  return {
    list,
    order(x, file) {
      const table = control.table;
      const g = base[ss.isp[x]] + ss.prefix[x];
      const from = table.offset[g];
      const n = table.offset[g + 1] - from;
      if (n > orderSite.length) {
        orderSite = new Int32Array(2 * n);
        orderRank = new Uint8Array(2 * n);
        orderKey = new Float64Array(2 * n);
      }
      if (policy.static) {
        // Already in order in the table: read it where it is.
        list.site = table.site;
        list.rank = table.rank;
        list.from = from;
        return n;
      }
      list.site = orderSite;
      list.rank = orderRank;
      list.from = 0;
      for (let j = 0; j < n; j++) {
        const si = table.site[from + j];
        const rank = table.rank[from + j];
        const key = policy.key(view, si, file, table.pathLength[from + j]);
        // Insertion sort by (rank, key): lists are a handful of sites.
        let k = j;
        while (k > 0 && (orderRank[k - 1] > rank || (orderRank[k - 1] === rank && orderKey[k - 1] > key))) {
          orderSite[k] = orderSite[k - 1];
          orderRank[k] = orderRank[k - 1];
          orderKey[k] = orderKey[k - 1];
          k--;
        }
        orderSite[k] = si;
        orderRank[k] = rank;
        orderKey[k] = key;
      }
      return n;
    },
  };
}
