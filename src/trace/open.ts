/** A reader for a trace file in a named format. */
import { InputError } from '../errors.js';
import { OracleGeneralReader } from './oracle.js';
import { CsvReader, IdPerLineReader, WcsReader } from './text.js';
import { FORMATS, type TraceFormat, type TraceOptions, type TraceReader } from './types.js';

export function openTrace(file: string, options: TraceOptions): TraceReader {
  switch (options.format) {
    case 'oracleGeneral':
      return new OracleGeneralReader(file);
    case 'csv':
      return new CsvReader(file, options);
    case 'wcs':
      return new WcsReader(file);
    case 'txt':
      return new IdPerLineReader(file);
    default:
      throw new InputError(`unknown trace format '${String(options.format)}' (known: ${FORMATS.join(', ')})`, { field: 'format' });
  }
}

/** Accepts the format names case-insensitively, plus a few common spellings. */
export function parseFormat(name: string): TraceFormat {
  const n = name.trim().toLowerCase();
  const alias: Record<string, TraceFormat> = {
    oraclegeneral: 'oracleGeneral',
    oracle: 'oracleGeneral',
    bin: 'oracleGeneral',
    csv: 'csv',
    txt: 'txt',
    text: 'txt',
    plain: 'txt',
    wcs: 'wcs',
    webcachesim: 'wcs',
  };
  const f = alias[n];
  if (!f) throw new InputError(`unknown trace format '${name}' (known: ${FORMATS.join(', ')})`, { field: 'format' });
  return f;
}

/** A trace's format from its file name, when the user did not name one. */
export function inferFormat(file: string): TraceFormat {
  const name = file.toLowerCase().replace(/\.gz$/, '');
  if (name.includes('oraclegeneral') || name.endsWith('.bin')) return 'oracleGeneral';
  if (name.endsWith('.csv')) return 'csv';
  if (name.endsWith('.txt')) return 'txt';
  if (name.endsWith('.wcs') || name.endsWith('.tr')) return 'wcs';
  throw new InputError('cannot tell the trace format from the file name; give --format oracleGeneral|csv|txt|wcs', { file });
}
