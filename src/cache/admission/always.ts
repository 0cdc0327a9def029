/** Admit every object that fits (the default; libCacheSim's behaviour without an admissioner). */
import type { Admission } from '../types.js';
import type { AdmissionDefinition } from './registry.js';

export function alwaysAdmit(): Admission {
  return { name: 'always', admit: () => true };
}

export const always: AdmissionDefinition = {
  name: 'always',
  usage: 'always',
  describe: 'admit every object that fits',
  parse: (arg) => {
    if (arg !== undefined) return { error: "'always' takes no argument" };
    return alwaysAdmit;
  },
};
