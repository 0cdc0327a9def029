/**
 * Content misses and health misses over time, in Gbit/s: bytes the most preferred
 * site did not serve because it lacked the file, or had it but no appliance or path
 * with spare capacity.
 */
import type { Chart, ChartContext } from './chart.js';
import { stepLinePath } from './offload.js';
import type { OpenConnectView } from './openconnect.js';
import { bytesToGbps, maxOf } from './series.js';
import { el } from './svg.js';
import { timeChart } from './time-chart.js';

const KINDS = [
  { key: 'content', label: 'content miss (file not at the site)', colour: '#e15759' },
  { key: 'health', label: 'health miss (no capacity to serve it)', colour: '#4e79a7' },
] as const;

export function missesChart(view: OpenConnectView, ctx: ChartContext): Chart | null {
  if (!view.contentMiss || !view.healthMiss) return null;
  const rates = { content: bytesToGbps(view.contentMiss, view.lengths), health: bytesToGbps(view.healthMiss, view.lengths) };
  const top = Math.max(maxOf(rates.content), maxOf(rates.health));
  const title = 'Content and health misses';
  const svg = timeChart({
    name: 'misses',
    title,
    description: 'Rate of content misses and health misses per bin, in gigabits per second, over simulated time.',
    duration: view.duration,
    start: ctx.start,
    y: { domain: [0, top > 0 ? top : 1], label: 'miss traffic (Gbit/s)' },
    legend: KINDS.map((k) => ({ label: k.label, colour: k.colour, shape: 'line' as const })),
    faults: view.faults,
    draw: (x, y) => KINDS.map((k) => el('path', { class: 'mark', d: stepLinePath(rates[k.key], view.lengths, x, y), fill: 'none', stroke: k.colour, 'stroke-width': 1.6 })),
  });
  return {
    name: 'misses',
    title,
    svg,
    caption:
      'A miss is a byte not served by the most preferred site. Content misses fall as placement improves; health misses rise when appliances or links are full or down.',
  };
}
