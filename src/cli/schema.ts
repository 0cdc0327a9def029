import type { CommandModule } from 'yargs';
import { loadWithModels } from './lazy.js';

export const schemaCommand: CommandModule = {
  command: 'schema',
  describe: 'Print the JSON Schema of scenario files (for editor completion and checking)',
  handler: async () => {
    const { scenarioJsonSchema } = await loadWithModels(() => import('../scenario/schema.js'));
    process.stdout.write(JSON.stringify(scenarioJsonSchema(), null, 2) + '\n');
  },
};
