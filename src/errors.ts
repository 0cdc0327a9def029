/**
 * Bad input is the user's to fix, so it gets one clear line naming where it is
 * (file:line:column and the field) and exit code 2, never a stack trace.
 * Anything else that goes wrong is a runtime failure (exit 1).
 */
export interface Where {
  file?: string;
  /** 1-based. */
  line?: number;
  /** 1-based. */
  column?: number;
  /** Dotted field path inside the file, e.g. `mm1.arrivalRate`. */
  field?: string;
  /** For binary files: the 0-based record number. */
  record?: number;
}

export class InputError extends Error {
  readonly where: Where;
  /** Further problems found after the first, shown by `validate`. */
  readonly more: InputError[];

  constructor(message: string, where: Where = {}, more: InputError[] = []) {
    super(escapeControls(message));
    this.name = 'InputError';
    this.where = where;
    this.more = more;
  }

  /** `file:line:col: field: message`, leaving out the parts that are unknown. */
  format(): string {
    const w = this.where;
    let head = '';
    if (w.file !== undefined) {
      head = w.file;
      if (w.line !== undefined) head += `:${w.line}` + (w.column !== undefined ? `:${w.column}` : '');
      else if (w.record !== undefined) head += `: record ${w.record}`;
      head += ': ';
    }
    const field = w.field ? `${w.field}: ` : '';
    return escapeControls(head + field + this.message);
  }
}

/**
 * Messages quote what the user wrote, and a newline, carriage return or NUL in a YAML
 * value, a key or a trace line would otherwise split or garble the one line an error
 * gets on the terminal. Control characters (C0, DEL, C1), the line and paragraph
 * separators and the byte-order mark become visible escapes. Escaping twice changes
 * nothing: backslashes are left alone.
 */
export function escapeControls(text: string): string {
  return text.replace(CONTROLS, (c) => NAMED_ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff]/g;
const NAMED_ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\0': '\\0' };

/** Problems listed per file before the rest are summarised. */
export const MAX_PROBLEMS = 20;

/**
 * The problems of one file as one error: the first `limit` of them and, when there were
 * more (`total` counts them all), a last line saying how many were left out, so one
 * indentation slip cannot bury the terminal under thousands of lines saying the same.
 */
export function problems(errors: InputError[], total = errors.length, limit = MAX_PROBLEMS): InputError {
  const shown = errors.slice(0, limit);
  const more = shown.slice(1);
  const left = Math.max(total, errors.length) - shown.length;
  if (left > 0) more.push(new InputError(`… and ${left} more problem${left === 1 ? '' : 's'}`, { file: shown[0].where.file }));
  return new InputError(shown[0].message, shown[0].where, more);
}

export function isInputError(e: unknown): e is InputError {
  return e instanceof InputError;
}

/** Turn a file-system error into an InputError naming the file (missing, unreadable, a directory). */
export function fileError(file: string, e: unknown): InputError {
  const code = (e as NodeJS.ErrnoException)?.code;
  const reason =
    code === 'ENOENT'
      ? 'no such file'
      : code === 'EACCES' || code === 'EPERM'
        ? 'permission denied'
        : code === 'EISDIR'
          ? 'is a directory, expected a file'
          : (e as Error)?.message ?? String(e);
  return new InputError(reason, { file });
}
