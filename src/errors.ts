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
    super(message);
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
    return head + field + this.message;
  }
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
