/**
 * How a command keeps `cdnsim` quick to start: its file imports only yargs types, flag
 * checks and small constants, so that registering every command costs almost nothing; the
 * library a command drives is imported inside its handler (`await import(...)`), and a
 * help text that needs a library value imports it inside an async builder, which yargs
 * runs only for that command. lazy.test.ts checks that `cdnsim --help` loads no library.
 */

/**
 * Imports a module after the model registry, which adds each model's sections to the
 * scenario format: a command that reads or describes scenario files loads its library
 * through here.
 */
export async function loadWithModels<T>(load: () => Promise<T>): Promise<T> {
  await import('../models/index.js');
  return load();
}
