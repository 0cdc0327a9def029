/** The trace module's public API: streaming readers, the synthetic generator, stats. */
export * from './types.js';
export { OracleGeneralReader, RECORD_BYTES, putRecord, recordsToBytes, setNext } from './oracle.js';
export { CsvReader, IdPerLineReader, LineTraceReader, WcsReader, parseColumns, type ColumnMap } from './text.js';
export { inferFormat, openTrace, parseFormat } from './open.js';
export { generateZipfTrace, parseSizeDist, writeZipfTrace, type SizeDist, type ZipfTraceSpec } from './gen.js';
export { traceStats, type TraceStats } from './stats.js';
export { computeNextAccess } from './next-access.js';
export { parseId, hashBytes } from './ids.js';
