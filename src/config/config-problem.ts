import { AppError } from '../errors.js';

/** One problem in a configuration file; `path` is the dotted key path (`rules.no-foo`), `''` for the file. */
export interface ConfigProblem {
  path: string;
  message: string;
  line?: number;
  column?: number;
}

/**
 * The `ECTUS_CONFIG_INVALID` error listing every problem of a configuration file, one per line.
 *
 * @example
 * throw invalidConfig(file, [{ path: 'rules.no-foo', message: "Unknown rule 'no-foo'." }]);
 */
export function invalidConfig(file: string, problems: ConfigProblem[], cause?: unknown): AppError {
  const lines = problems.map((p) => {
    const where = p.line === undefined ? '' : `line ${p.line}${p.column === undefined ? '' : `:${p.column}`}: `;
    return `  - ${where}${p.path ? `${p.path}: ` : ''}${p.message}`;
  });
  const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
  return new AppError('ECTUS_CONFIG_INVALID', `Invalid configuration ${file} (${count}):\n${lines.join('\n')}`, {
    details: problems,
    ...(cause === undefined ? {} : { cause }),
  });
}
