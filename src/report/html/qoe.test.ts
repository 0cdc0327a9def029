import { describe, expect, it } from 'vitest';
import { RANK_ORIGIN } from '../../cdn/control/steering.js';
import { createQoe, qoeSummary, SITE_NONE, SITE_ORIGIN } from '../../cdn/qoe.js';
import type { Json } from '../../models/model.js';
import { formatBitrate, formatPercent, formatSeconds } from './format.js';
import { renderPage } from './page.js';
import { qoeView } from './qoe.js';
import type { JsonObject } from './read.js';
import { runPage } from './run-report.js';
import { metricsToCompare, type Combination } from './sweep.js';

/** Playbacks on two embedded sites, one from the origin and one that never started. */
function summary(): JsonObject {
  const q = createQoe(['tagus-net', 'douro-fibra'], ['tagus-lisbon', 'douro-porto'], 0);
  for (let i = 0; i < 20; i++) q.sessionEnded(i, 0, 0, 0, 1 + i / 10, 0, 0, 300, 300 * 3e6, 1);
  for (let i = 0; i < 10; i++) q.sessionEnded(i, 1, 1, 1, 3 + i / 10, 10, 1, 290, 290 * 2e6, 2);
  q.sessionEnded(5, 1, SITE_ORIGIN, RANK_ORIGIN, 6, 60, 3, 240, 240 * 1e6, 0);
  q.sessionEnded(6, 1, SITE_NONE, 0, NaN, 0, 0, 0, 0, 0);
  return { scenario: 'qoe-t', model: 'openconnect', duration: 3600, qoe: qoeSummary(q) as Json };
}

const page = (s: JsonObject) => runPage({ kind: 'run', dir: 'x', manifest: null, summary: s });

describe('QoE in the report', () => {
  it('a table per grouping with the summary’s figures, formatted', () => {
    const s = summary();
    const { page: p } = page(s);
    const section = p.sections.find((x) => x.id === 'qoe');
    expect(section?.heading).toBe('Quality of experience');
    const html = renderPage(p);
    const all = (s.qoe as JsonObject).all as JsonObject;
    for (const text of [
      'whole CDN',
      formatSeconds(all.startupP50 as number, 2),
      formatSeconds(all.startupP99 as number, 2),
      formatPercent(all.rebufferRatio as number, 3),
      formatBitrate(all.bitrate as number),
      'embedded-specific',
      'tagus-net',
      'douro-porto',
      'unserved',
    ]) {
      expect(html).toContain(text);
    }
    // ISPs and sites busiest first: tagus-net (20 playbacks) before douro-fibra (12).
    expect(section!.body.indexOf('tagus-net')).toBeLessThan(section!.body.indexOf('douro-fibra'));
    // Its numbers are not repeated in the "all numbers" table.
    expect(p.sections.find((x) => x.id === 'all-numbers')!.body).not.toContain('qoe.');
  });

  it('the startup-delay CDF per rank that had playbacks start', () => {
    const { charts } = page(summary());
    const chart = charts.find((c) => c.name === 'startup-delay-cdf-by-rank')!;
    expect(chart.title).toBe('Startup delay by proximity rank');
    for (const rank of ['embedded-specific', 'embedded-covering', 'origin']) expect(chart.svg).toContain(rank);
    expect(chart.svg).not.toContain('ixp-direct');
  });

  it('a summary without qoe (an older cdnsim, another model) has no QoE section or chart', () => {
    const { page: p, charts } = page({ scenario: 'old', model: 'openconnect', duration: 3600 });
    expect(p.sections.some((x) => x.id === 'qoe')).toBe(false);
    expect(charts.some((c) => c.name === 'startup-delay-cdf-by-rank')).toBe(false);
    expect(qoeView({ qoe: { all: 3 } })).toBeNull();
  });

  it('wrong shapes inside qoe are read as missing, not fatal', () => {
    const v = qoeView({ qoe: { all: { sessions: 'many', startupCdf: 7 }, byRank: [1, { name: 'origin', sessions: 2 }], byIsp: 'x' } })!;
    expect(v.all.figures.sessions).toBeUndefined();
    expect(v.all.startupCdf).toBeNull();
    expect(v.byRank.map((g) => [g.name, g.figures.sessions])).toEqual([['origin', 2]]);
    expect(v.byIsp).toEqual([]);
  });
});

describe('QoE in a sweep', () => {
  it('the startup tail, playbacks with a stall and switches per minute are compared across combinations', () => {
    const combo = (label: string): Combination => ({ key: label, label, parameters: {}, summaries: [summary(), summary()], missing: 0 });
    const keys = metricsToCompare('openconnect', [combo('a'), combo('b')]).map((m) => m.key);
    expect(keys).toEqual(expect.arrayContaining(['qoe.all.startupP95', 'qoe.all.rebufferedShare', 'qoe.all.switchesPerMinute']));
    // Without playbacks (no figures) they are left out rather than drawn empty.
    const empty: Combination = { key: 'e', label: 'e', parameters: {}, summaries: [{ model: 'openconnect', offload: 0.5 }], missing: 0 };
    expect(metricsToCompare('openconnect', [empty]).map((m) => m.key)).toEqual(['offload']);
  });
});
