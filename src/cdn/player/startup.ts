/**
 * What a playback does before it asks for its first segment, and how long that takes:
 * a DNS lookup, the TCP and TLS handshakes to the first site of its steering list, the
 * manifest request and the licence (DRM) request, one after another. Each handshake
 * costs its round trips, each request one round trip plus the server's time. The
 * round-trip time is the one serving gives when it steers the playback (to its first
 * site, access line included); the manifest and licence requests go to the control
 * plane, whose round trip we take to be the same (an assumption: Netflix runs it in
 * a few cloud regions, which may be farther).
 *
 * Defaults and their sources ([D] documented, [I] our assumption):
 * - TCP: 1 round trip [D] — the three-way handshake (RFC 9293, section 3.5); the client
 *   sends its request with the final ACK.
 * - TLS: 1 round trip [D] — a full TLS 1.3 handshake (RFC 8446, section 2); Open Connect
 *   appliances serve video over TLS ("Protecting Netflix Viewing Privacy at Scale",
 *   Netflix Technology Blog, 2016). TLS 1.2 took 2.
 * - DNS lookup: 30 ms [I] — a lookup answered by the ISP's resolver; home measurements
 *   count DNS as a separate part of load time of tens of ms (Sundaresan, Feamster,
 *   Teixeira & Magharei, "Measuring and Mitigating Web Performance Bottlenecks in
 *   Broadband Access Networks", IMC 2013); the figure is our choice.
 * - manifest and licence server time: 100 ms each [I] — Netflix publishes no figure.
 */

export interface StartupSpec {
  /** DNS lookup, seconds. */
  dns: number;
  tcpRoundTrips: number;
  tlsRoundTrips: number;
  /** Server time of the manifest request and of the licence request, seconds (their round trips are added). */
  manifest: number;
  licence: number;
}

export const DEFAULT_STARTUP: Readonly<StartupSpec> = { dns: 0.03, tcpRoundTrips: 1, tlsRoundTrips: 1, manifest: 0.1, licence: 0.1 };

/** Seconds from pressing play to the first segment's request, given the round trip to the first site. */
export function preRollSeconds(st: StartupSpec, rtt: number): number {
  const requests = 2; // manifest, licence
  return st.dns + (st.tcpRoundTrips + st.tlsRoundTrips + requests) * rtt + st.manifest + st.licence;
}
