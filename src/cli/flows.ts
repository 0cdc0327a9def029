import type { CommandModule } from 'yargs';
import type { FlowTime } from '../net/flows/instance.js';
import { FLOW_MODEL_NAMES, FLOW_MODELS, type FlowModelName } from '../net/flows/models.js';

interface Args {
  file: string;
  model: FlowModelName;
  json: boolean;
}

/** Rows shown without --json; the rest are summarised. */
const TABLE_ROWS = 20;

export const flowsCommand: CommandModule<object, Args> = {
  command: 'flows <file>',
  describe: 'Simulate a flow set alone (links, flows with start, bytes, route) and print each completion time',
  builder: (y) =>
    y
      .positional('file', { type: 'string', demandOption: true, describe: 'flow set, JSON (bytes/s, s, bytes) or YAML (units allowed)' })
      .option('model', { choices: FLOW_MODEL_NAMES, default: 'maxmin' as FlowModelName, describe: "sharing model: SimGrid's CM02 without window (maxmin) or LV08" })
      .option('json', { type: 'boolean', default: false, describe: 'print [{flow, start, end}] in input order' }) as never,
  handler: async (args) => {
    const { loadFlowInstance, simulateFlows } = await import('../net/flows/instance.js');
    const times = simulateFlows(loadFlowInstance(args.file), FLOW_MODELS[args.model]);
    process.stdout.write(args.json ? JSON.stringify(times) + '\n' : table(times, args.model));
  },
};

function table(times: FlowTime[], model: string): string {
  const lines = [`${times.length} flows, model ${model}`];
  if (times.length > 0) {
    const durations = times.map((t) => (t.end ?? t.start) - t.start);
    const last = times.reduce((m, t) => Math.max(m, t.end ?? 0), 0);
    lines.push(`last completion ${fmt(last)} s, mean duration ${fmt(durations.reduce((a, b) => a + b, 0) / times.length)} s`);
    lines.push('', `${'flow'.padStart(8)} ${'start s'.padStart(14)} ${'end s'.padStart(14)} ${'duration s'.padStart(14)}`);
    for (const t of times.slice(0, TABLE_ROWS)) {
      lines.push(`${String(t.flow).padStart(8)} ${fmt(t.start).padStart(14)} ${(t.end === null ? '-' : fmt(t.end)).padStart(14)} ${(t.end === null ? '-' : fmt(t.end - t.start)).padStart(14)}`);
    }
    if (times.length > TABLE_ROWS) lines.push(`  … ${times.length - TABLE_ROWS} more (--json prints every flow)`);
  }
  return lines.join('\n') + '\n';
}

function fmt(x: number): string {
  return x.toFixed(6);
}
