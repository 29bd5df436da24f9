/** A syntax error in a lockfile's text, with the 1-based line it was found on (JSON, TOML or XML readers). */
export class TextSyntaxError extends Error {
  constructor(
    readonly format: 'JSON' | 'TOML' | 'XML',
    message: string,
    readonly line: number,
  ) {
    super(`${message} (line ${line})`);
    this.name = 'TextSyntaxError';
  }
}
