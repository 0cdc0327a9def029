/** Load an AS graph from a CAIDA as-rel file (plain, .gz, .bz2) into CSR form. */
import { loadAsRelFile, loadAsRelFileSync } from './caida.js';
import { buildGraph, type AsGraph } from './graph.js';

export async function loadGraph(file: string): Promise<AsGraph> {
  return buildGraph(await loadAsRelFile(file));
}

export function loadGraphSync(file: string): AsGraph {
  return buildGraph(loadAsRelFileSync(file));
}
