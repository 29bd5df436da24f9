import { AppError } from '../../../errors.js';
import { type JsonObject, objectAt, type ParsedJson, parseJsonWithLines } from './json-with-lines.js';
import { TextSyntaxError } from './syntax-error.js';

/**
 * The error every lockfile parser throws when a file cannot be read as its format at all (a
 * malformed JSON document, a YAML syntax error, no recognisable structure). Problems with single
 * entries are warnings in the result instead.
 */
export function invalidLockfile(file: string, message: string, cause?: unknown): AppError {
  return new AppError('ECTUS_LOCKFILE_INVALID', `${file}: ${message}`, cause === undefined ? {} : { cause });
}

/** Runs a JSON, TOML or XML reader over a lockfile, turning its syntax errors into ECTUS_LOCKFILE_INVALID. */
export function parseLockfileText<T>(file: string, format: TextSyntaxError['format'], read: () => T): T {
  try {
    return read();
  } catch (error) {
    const reason = error instanceof TextSyntaxError ? error.message : String(error);
    throw invalidLockfile(file, `not valid ${format}: ${reason}`, error);
  }
}

/** Parses a JSON (or JSONC) lockfile whose top level must be an object. */
export function readJsonLockfile(
  text: string,
  file: string,
  options: { jsonc?: boolean } = {},
): { root: JsonObject; lineOf: ParsedJson['lineOf'] } {
  const parsed = parseLockfileText(file, 'JSON', () => parseJsonWithLines(text, options));
  const root = objectAt(parsed.value);
  if (!root) throw invalidLockfile(file, 'expected a JSON object at the top level');
  return { root, lineOf: parsed.lineOf };
}

/** A file's name without its folders. */
export function baseName(file: string): string {
  const slash = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
  return slash === -1 ? file : file.slice(slash + 1);
}
