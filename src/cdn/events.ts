/**
 * The Open Connect model's events: a kind and two integer payload fields, no objects.
 * sim.ts registers one handler per kind; the file named with each kind holds it.
 *
 *   kind              payload     handled in            what happens
 *   SESSION_ARRIVAL   (isp)       demand/arrivals.ts    a playback starts; the ISP's next arrival is scheduled
 *   TRACE_PLAYBACK    ()          demand/arrivals.ts    the next playback of a playback trace starts
 *   DAY_START         (day)       demand/titles.ts      popularity moves to the next day
 *   SEGMENT_REQUEST   (session)   player/player.ts      the player asks for its next segment (buffer has room)
 *   (2 is free: a segment's arrival is a flow's completion, reported through serving)
 *   FILL_START        (site, w)   fill/windows.ts       a site's fill window opens: new manifest, deletions, queue
 *   FILL_TICK         (site)      fill/windows.ts       fill moves bytes for one tick
 *   FILL_END          (site)      fill/windows.ts       the window closes
 *   CONTROL_UPDATE    (what, i)   control/control.ts    the control plane learns of a failure, repair or BGP change
 *   FAULT             (k, on)     faults.ts             a scheduled fault starts (on = 1) or ends
 *   RANDOM_FAILURE    (oca, up)   faults.ts             an appliance fails or is repaired at random
 *   METRICS_BIN       (bin)       sim.ts                time series close a bin
 *   PLAYER_CHECK      (session)   player/player.ts      a download in flight: should the player abandon it?
 *   FETCH_RETRY       (session)   serve/serve.ts        a client's timeout ran out: it tries the next site of its list
 *   HEALTH_REPORT     ()          control/control-plane.ts  appliances report their health and load
 *   FLOW_EVENTS ..                network.ts            the flow engine: a flow's latency paid; the earliest finish
 *   BGP_EVENTS ..                 src/net/bgp/events.ts inter-AS BGP and the embedded sites' sessions, in event mode
 */
export const SESSION_ARRIVAL = 0;
export const SEGMENT_REQUEST = 1;
export const DAY_START = 3;
export const FILL_START = 4;
export const FILL_TICK = 5;
export const FILL_END = 6;
export const METRICS_BIN = 7;
export const CONTROL_UPDATE = 8;
export const FAULT = 9;
export const RANDOM_FAILURE = 10;
export const TRACE_PLAYBACK = 11;
export const PLAYER_CHECK = 12;
export const FETCH_RETRY = 13;
export const HEALTH_REPORT = 14;
/** First of the flow engine's kinds (FLOW_ENGINE_EVENT_KINDS of src/net/flows). */
export const FLOW_EVENTS = 15;
/** First of the kinds of the inter-AS sessions; the embedded sites' sessions follow them. */
export const BGP_EVENTS = 17;

/** What a CONTROL_UPDATE tells the control plane about (its first payload field). */
export const CONTROL_OCA = 0;
export const CONTROL_LINK = 1;
export const CONTROL_PEERING = 3;
export const CONTROL_BGP = 4;
