/**
 * The two sharing models, as SimGrid defines them (src/kernel/resource/models/network_cm02.cpp,
 * `communicate`; 3.32 has it in src/surf/network_cm02.cpp).
 *
 * - `maxmin`: CM02 (Casanova & Marchal, LIP RR-2002-40) with `network/TCP-gamma:0`: no
 *   correction factors, no window bound; a flow first waits its route's latency, then
 *   shares by weighted max-min, weight 1 / sharing penalty, penalty = route latency.
 * - `lv08`: SimGrid's default (Velho & Legrand, SIMUTools 2009; Velho et al., TOMACS 2013):
 *   the latency is paid 13.01 times (slow start), the rate is 0.97 of the max-min share,
 *   the penalty adds S / bandwidth per link (S = 20537 bytes: RTT-unfair sharing), and a
 *   flow is bounded by its window, gamma / (2 · latency), gamma = 4194304 bytes.
 */
export interface FlowModel {
  name: string;
  /** The flow waits latency × this before sharing. */
  latencyFactor: number;
  /** Its rate is its max-min share × this. */
  bandwidthFactor: number;
  /** Bytes; the penalty gains weightS / bandwidth per link. */
  weightS: number;
  /** Window size, bytes; 0 for no window bound. */
  tcpGamma: number;
}

export const FLOW_MODELS = {
  maxmin: { name: 'maxmin', latencyFactor: 1, bandwidthFactor: 1, weightS: 0, tcpGamma: 0 },
  lv08: { name: 'lv08', latencyFactor: 13.01, bandwidthFactor: 0.97, weightS: 20537, tcpGamma: 4194304 },
} as const satisfies Record<string, FlowModel>;

export type FlowModelName = keyof typeof FLOW_MODELS;
export const FLOW_MODEL_NAMES = Object.keys(FLOW_MODELS) as FlowModelName[];

/** What a route costs a flow under a model: its latency phase, its weight and its rate bound (in share units). */
export interface RouteTerms {
  /** Seconds before the flow shares anything. */
  wait: number;
  weight: number;
  /** Bound on the max-min share (before the bandwidth factor); Infinity for none. */
  bound: number;
}

/**
 * SimGrid's rules for one route. The latency is summed in route order, the penalty
 * starts from it; a route without latency gets penalty 1, whatever weightS adds
 * (SimGrid creates such a variable with penalty 1 and never revisits it).
 */
export function routeTerms(
  model: FlowModel,
  route: ArrayLike<number>,
  latency: ArrayLike<number>,
  bandwidth: ArrayLike<number>,
  out: RouteTerms,
  extraLatency = 0,
): RouteTerms {
  let lat = extraLatency;
  let minBw = Infinity;
  for (let h = 0; h < route.length; h++) {
    lat += latency[route[h]];
    if (bandwidth[route[h]] < minBw) minBw = bandwidth[route[h]];
  }
  let penalty = lat;
  if (model.weightS > 0) for (let h = 0; h < route.length; h++) penalty += model.weightS / bandwidth[route[h]];
  out.wait = lat * model.latencyFactor;
  out.weight = lat > 0 ? 1 / penalty : 1;
  // SimGrid bounds by min(narrowest link, gamma / 2·latency); gamma 0 gives bound 0, which its solver reads as none.
  // The narrowest link never binds a share on its own, so only the window is kept.
  out.bound = lat > 0 && model.tcpGamma > 0 ? Math.min(minBw, model.tcpGamma / (2 * lat)) : Infinity;
  return out;
}
