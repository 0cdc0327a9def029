/**
 * Number formatting for tables and labels. Plain arithmetic rather than the host's
 * locale, so that the same summary gives the same bytes of report on any machine.
 */

/** Thousands separated by a thin space: 1 234 567. */
export function formatInteger(x: number): string {
  if (!Number.isFinite(x)) return 'n/a';
  const sign = x < 0 ? '-' : '';
  const digits = String(Math.round(Math.abs(x)));
  return sign + digits.replace(/\B(?=(\d{3})+(?!\d))/g, '\u2009');
}

/** Four significant digits, without exponent for everyday magnitudes. */
export function formatNumber(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return 'n/a';
  if (Number.isInteger(x) && Math.abs(x) < 1e15) return formatInteger(x);
  const a = Math.abs(x);
  if (a >= 1e6 || (a > 0 && a < 1e-3)) return x.toExponential(3);
  return String(Number(x.toPrecision(4)));
}

export function formatPercent(x: number | null | undefined, digits = 1): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return 'n/a';
  return `${(100 * x).toFixed(digits)}%`;
}

/** Decimal units, as network and storage people count: 1 TB = 10^12 bytes. */
export function formatBytes(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return 'n/a';
  const units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB'];
  let i = 0;
  let v = Math.abs(x);
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${x < 0 ? '-' : ''}${i === 0 ? String(Math.round(v)) : v.toFixed(2)} ${units[i]}`;
}

export function formatSeconds(x: number | null | undefined, digits = 3): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return 'n/a';
  return `${x.toFixed(digits)} s`;
}

export function formatBitrate(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return 'n/a';
  return `${(x / 1e6).toFixed(2)} Mbit/s`;
}

/** Simulated time as h:mm (or d+h:mm past the first day), for fault times and windows. */
export function formatClock(seconds: number): string {
  if (!Number.isFinite(seconds)) return 'n/a';
  const total = Math.round(seconds / 60);
  const days = Math.floor(total / 1440);
  const h = Math.floor((total % 1440) / 60);
  const m = total % 60;
  const hm = `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
  return days > 0 ? `day ${days + 1} ${hm}` : hm;
}

/** A run length as the scenario would write it: 24h, 90min, 45s. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return 'n/a';
  if (seconds >= 3600 && seconds % 3600 === 0) return `${seconds / 3600}h`;
  if (seconds >= 60 && seconds % 60 === 0) return `${seconds / 60}min`;
  return `${formatNumber(seconds)}s`;
}
