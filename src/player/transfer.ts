/**
 * Where the request in hand stands. The player sets it up when it chooses a rung;
 * whatever moves the bits (a TraceLink, the CDN model's links) keeps downloadedBits,
 * elapsedMs and firstByteMs up to date; the rule reads it when deciding whether to
 * abandon. One record per player, reused for every request, so nothing is allocated
 * per step.
 */
export class Transfer {
  // Fields start as non-integers so V8 keeps them as doubles from the first write,
  // updated in place rather than boxed anew at every step.
  rung = 0;
  /** Size of the request. */
  bits = 0.5;
  downloadedBits = 0.5;
  /** Since the request was sent, including the first-byte latency. */
  elapsedMs = 0.5;
  firstByteMs = 0.5;
  /** The buffer the player will have at this moment: its level at the request minus elapsed, at least 0 (set by the player before it asks the rule). */
  bufferMs = 0.5;
}
