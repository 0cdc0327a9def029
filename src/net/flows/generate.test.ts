import { describe, expect, it } from 'vitest';
import { cdnFlowSet, instanceText } from './generate.js';
import { runFlowSet } from './instance.js';
import { FLOW_MODELS } from './models.js';
import { JsEngine } from '../../engine/js-engine.js';

describe('the CDN-shaped benchmark flow set', () => {
  const set = cdnFlowSet(500, 3);

  it('has 10 flows per concurrent one, each over an access line, a site port and in 30% an interconnect', () => {
    const n = set.start.length;
    expect(n).toBe(5000);
    let viaInterconnect = 0;
    for (let i = 0; i < n; i++) {
      const hops = set.routeStart[i + 1] - set.routeStart[i];
      expect([2, 3]).toContain(hops);
      expect(set.linkNames[set.routes[set.routeStart[i]]]).toMatch(/^acc/);
      expect(set.linkNames[set.routes[set.routeStart[i] + 1]]).toMatch(/^site/);
      if (hops === 3) viaInterconnect++;
      if (i > 0) expect(set.start[i]).toBeGreaterThanOrEqual(set.start[i - 1]);
      expect(Number.isInteger(set.bytes[i])).toBe(true);
    }
    // Binomial(5000, 0.3): sd 32.
    expect(Math.abs(viaInterconnect - 1500)).toBeLessThan(130);
    // Exponential sizes, mean 2 MB + 1000 B: sd of the mean 28 kB.
    const mean = set.bytes.reduce((a, b) => a + b, 0) / n;
    expect(Math.abs(mean - 2.001e6)).toBeLessThan(120e3);
  });

  it('keeps the asked concurrency or somewhat more busy (Little: arrival rate x mean duration)', () => {
    const { end } = runFlowSet(set, FLOW_MODELS.maxmin, new JsEngine());
    let busy = 0;
    for (let i = 0; i < end.length; i++) busy += end[i] - set.start[i];
    const span = set.start[set.start.length - 1] - set.start[0];
    // Arrivals are sized for 1 s transfers, but a quarter of the lines are 10 Mbit/s (1.6 s for
    // the mean 2 MB) and lines are shared: about 1.9 s each, so nearly twice 500 at once.
    expect(busy / span).toBeGreaterThan(500);
    expect(busy / span).toBeLessThan(1250);
  });

  it('is the same for the same seed, and written as the yardstick reads it', () => {
    expect(instanceText(cdnFlowSet(20, 9))).toBe(instanceText(cdnFlowSet(20, 9)));
    expect(instanceText(cdnFlowSet(20, 9))).not.toBe(instanceText(cdnFlowSet(20, 8)));
    expect(instanceText(cdnFlowSet(20, 9)).split('\n')[0]).toMatch(/^L ic0 \d+(\.\d+)?(e\+\d+)? 0\.002$/);
  });
});
