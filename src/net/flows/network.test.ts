import { describe, expect, it } from 'vitest';
import { JsEngine } from '../../engine/js-engine.js';
import { InputError } from '../../errors.js';
import { buildLinkTable, lossLimitedRate, routeOf, type LinkSpec } from './links.js';
import { FlowNetwork } from './network.js';
import { nearestRank } from './utilisation.js';

const link = (name: string, a: string, b: string, capacity: number, extra: Partial<LinkSpec> = {}): LinkSpec => ({
  name,
  kind: 'access',
  a,
  b,
  capacity,
  delay: 0,
  loss: 0,
  ...extra,
});

function setup(specs: LinkSpec[], binWidth = 1) {
  const engine = new JsEngine();
  const table = buildLinkTable(specs);
  const done: [number, number][] = [];
  const net = new FlowNetwork(engine, table, { kind: 0, binWidth, onComplete: (tag) => done.push([tag, engine.now]) });
  return { engine, table, net, done };
}

describe('flows over links on the engine', () => {
  it('completes after size / rate plus the one-way delay', () => {
    const { engine, table, net, done } = setup([link('l', 'oca', 'client', 100e6, { delay: 0.01 })]);
    net.start(routeOf(table, ['oca', 'client']), 12.5e6, { tag: 7 });
    engine.run();
    expect(done).toEqual([[7, 1.01]]);
  });

  it('shares a link, and the survivor speeds up when the other flow ends', () => {
    // Both at 50 Mb/s; 100 Mbit done at 2 s; the other then has 100 Mbit left at 100 Mb/s: 3 s.
    const { engine, table, net, done } = setup([link('l', 'a', 'b', 100e6)]);
    const route = routeOf(table, ['a', 'b']);
    net.start(route, 12.5e6, { tag: 1 });
    net.start(route, 25e6, { tag: 2 });
    engine.run();
    expect(done).toEqual([
      [1, 2],
      [2, 3],
    ]);
  });

  it('keeps the two directions of a link apart', () => {
    const { engine, table, net, done } = setup([link('l', 'a', 'b', 100e6, { reverseCapacity: 10e6 })]);
    net.start(routeOf(table, ['a', 'b']), 12.5e6, { tag: 1 });
    net.start(routeOf(table, ['b', 'a']), 1.25e6, { tag: 2 });
    engine.run();
    expect(done).toEqual([
      [1, 1],
      [2, 1],
    ]);
  });

  it('ends the flows over a failed link, reporting the bytes they delivered; repaired, it carries new ones', () => {
    const { engine, table, net, done } = setup([link('l', 'a', 'b', 100e6)]);
    const failed: [number, number, number][] = [];
    const watched = new FlowNetwork(engine, table, { kind: 2, onFail: (tag, _f, bytes) => failed.push([tag, engine.now, bytes]) });
    watched.start(routeOf(table, ['a', 'b']), 12.5e6, { tag: 1 });
    engine.on(10, () => watched.failLink(0));
    engine.on(11, () => {
      watched.repairLink(0);
      net.start(routeOf(table, ['a', 'b']), 12.5e6, { tag: 2 });
    });
    engine.schedule(0.5, 10);
    engine.schedule(2, 11);
    engine.run();
    expect(failed).toEqual([[1, 0.5, 6.25e6]]);
    expect(done).toEqual([[2, 3]]);
  });

  it('caps a flow at the TCP rate its route loss and RTT allow', () => {
    const { engine, table, net } = setup([link('l', 'a', 'b', 1e9, { delay: 0.05, loss: 0.01 })]);
    const f = net.start(routeOf(table, ['a', 'b']), 1e6);
    expect(net.rate(f)).toBe(0); // paying its latency
    engine.run({ until: 0.06 });
    // MSS 1460 B, RTT 0.1 s, p = 0.01: 116,800 bit/s * sqrt(150).
    expect(net.rate(f)).toBeCloseTo(116_800 * Math.sqrt(150), 6);
    expect(lossLimitedRate(1460, 0, 0.01)).toBe(Infinity);
  });

  it('reports utilisation per bin, its peak and its 95th percentile', () => {
    // 50 Mbit at a 50 Mb/s cap over a 100 Mb/s link: busy at 50% for the first second of 20.
    const { engine, table, net } = setup([link('l', 'a', 'b', 100e6)]);
    net.start(routeOf(table, ['a', 'b']), 6.25e6, { cap: 50e6 });
    engine.run({ until: 20 });
    const r = net.report(0);
    expect(r.series).toEqual([50e6, ...new Array(19).fill(0)]);
    expect(r.bitsCarried).toBe(50e6);
    expect(r.meanUtilisation).toBe(0.025);
    expect(r.peakRate).toBe(50e6);
    expect(r.peakUtilisation).toBe(0.5);
    // The 95th percentile drops the busiest 5% of samples: here the one busy bin.
    expect(r.p95Rate).toBe(0);
    expect(net.report(1).bitsCarried).toBe(0);
  });

  it('integrates loads that change inside a bin', () => {
    // 10 s bins. One flow alone for 2 s at 100 Mb/s, then two at 50 Mb/s each until the first ends.
    const { engine, table, net } = setup([link('l', 'a', 'b', 100e6)], 10);
    const route = routeOf(table, ['a', 'b']);
    net.start(route, 50e6); // 400 Mbit
    engine.on(10, () => net.start(route, 12.5e6)); // 100 Mbit
    engine.schedule(2, 10);
    engine.run({ until: 10 });
    // Flow 1: 200 Mbit by t=2, 50 Mb/s after; flow 2 done at t=4; flow 1 alone again, 100 Mbit left at t=4 → done t=5.
    expect(net.report(0).series).toEqual([50e6]);
  });
});

describe('link tables', () => {
  it('rejects links to unknown nodes, duplicate names and self-loops', () => {
    const known = (n: string) => ['a', 'b'].includes(n);
    let err: unknown;
    try {
      buildLinkTable([link('x', 'a', 'c', 1)], known, (i, f) => ({ field: `links[${i}].${f}` }));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    expect(err).toMatchObject({ message: "link to an unknown node 'c'", where: { field: 'links[0].b' } });
    expect(() => buildLinkTable([link('x', 'a', 'b', 1), link('x', 'b', 'a', 1)])).toThrow("link name 'x' is used twice");
    expect(() => buildLinkTable([link('x', 'a', 'a', 1)])).toThrow('to itself');
    expect(() => routeOf(buildLinkTable([link('x', 'a', 'b', 1)]), ['b', 'z'])).toThrow("no link between 'b' and 'z'");
  });

  it('nearest-rank percentile', () => {
    expect(nearestRank([5, 1, 4, 2, 3], 0.95)).toBe(5);
    expect(nearestRank(Array.from({ length: 100 }, (_, i) => i + 1), 0.95)).toBe(95);
    expect(nearestRank([], 0.95)).toBe(0);
  });
});
