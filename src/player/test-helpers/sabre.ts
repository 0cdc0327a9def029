/** Where Sabre and its data sit beside the checkout, and running sabre.py itself. */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const SABRE_DIR = join(ROOT, '..', 'shared', 'conformance', 'abr');
export const haveSabreData = existsSync(join(SABRE_DIR, 'sabre-reference.json'));
export const havePython = haveSabreData && spawnSync('python3', ['--version']).status === 0;

/** Sabre's printed figures, by their printed names. */
export function runSabre(network: string, movie: string, abr: string, maxBufferSeconds = 25): Record<string, number> {
  const r = spawnSync('python3', [join(SABRE_DIR, 'sabre.py'), '-n', network, '-m', movie, '-a', abr, '-b', String(maxBufferSeconds)], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`sabre.py failed: ${r.stderr}`);
  const out: Record<string, number> = {};
  for (const line of r.stdout.split('\n')) {
    const m = /^([a-z ]+): (-?[\d.]+)$/.exec(line.trim());
    if (m) out[m[1]] = Number(m[2]);
  }
  return out;
}
