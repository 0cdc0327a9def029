/**
 * Hit ratio over time per site: per bin, the share of requests for which the site was
 * the preferred one that it also served. With many sites only the busiest are drawn,
 * or the lines would be unreadable; the caption says how many were left out.
 */
import type { Chart, ChartContext } from './chart.js';
import { categorical } from './colour.js';
import { stepLinePath } from './offload.js';
import type { OpenConnectView } from './openconnect.js';
import { sum, type Series } from './series.js';
import { el } from './svg.js';
import { timeChart } from './time-chart.js';

export const MAX_SITES = 8;

/**
 * The `limit` entries that served the most bytes (by the sites list, else by the
 * series' own mean), ties broken by name so the choice is stable.
 */
export function topSites(
  series: { name: string; values: Series }[],
  sites: { name: string; bytesServed: number }[],
  limit = MAX_SITES,
): { name: string; values: Series }[] {
  const served = new Map(sites.map((s) => [s.name, s.bytesServed]));
  const weight = (s: { name: string; values: Series }) => served.get(s.name) ?? sum(s.values);
  return [...series].sort((a, b) => weight(b) - weight(a) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)).slice(0, limit);
}

export function siteHitRatioChart(view: OpenConnectView, ctx: ChartContext): Chart | null {
  if (view.siteHitRatio.length === 0) return null;
  const shown = topSites(view.siteHitRatio, view.sites);
  const left = view.siteHitRatio.length - shown.length;
  const title = 'Hit ratio by site';
  const svg = timeChart({
    name: 'site-hit-ratio',
    title,
    subtitle: left > 0 ? `the ${shown.length} sites that served the most bytes, of ${view.siteHitRatio.length}` : undefined,
    description: 'Per site, the share of requests it was preferred for that it served, per bin, over simulated time.',
    duration: view.duration,
    start: ctx.start,
    y: { domain: [0, 1], nice: false, label: 'hit ratio (% of requests)', format: '.0%' },
    legend: shown.map((s, i) => ({ label: s.name, colour: categorical(i), shape: 'line' as const })),
    faults: view.faults,
    draw: (x, y) =>
      shown.map((s, i) => el('path', { class: 'mark', d: stepLinePath(s.values, view.lengths, x, y), fill: 'none', stroke: categorical(i), 'stroke-width': 1.5, 'data-key': s.name })),
  });
  return {
    name: 'site-hit-ratio',
    title,
    svg,
    caption:
      'A request counts for the site that was first in the client’s steering list; it is a hit when that site served it. Gaps are bins in which no client preferred the site (warm-up, or steering moved them away); a site that is down but still preferred shows 0.' +
      (left > 0 ? ` ${left} smaller site${left === 1 ? ' is' : 's are'} not drawn; the sites table lists them all.` : ''),
  };
}
