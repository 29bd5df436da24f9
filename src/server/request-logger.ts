import type { FastifyBaseLogger } from 'fastify';
import type { Bindings, ChildLoggerOptions, LevelWithSilent, Logger } from 'pino';

type LogArguments = Parameters<FastifyBaseLogger['info']>;

/**
 * A request's logger that makes its pino child (bound to the request id) only when something is
 * logged at an enabled level. Fastify asks for a child logger on every request; with redaction
 * configured, making one costs several microseconds, and at the default `info` level with request
 * logging off, or at `warn`, most requests never log anything.
 */
class LazyRequestLogger {
  readonly #parent: Logger;
  readonly #bindings: Bindings;
  #child: Logger | undefined;

  constructor(parent: Logger, bindings: Bindings) {
    this.#parent = parent;
    this.#bindings = bindings;
  }

  #logger(): Logger {
    this.#child ??= this.#parent.child(this.#bindings);
    return this.#child;
  }

  #enabled(level: LevelWithSilent): boolean {
    return this.#child ? this.#child.isLevelEnabled(level) : this.#parent.isLevelEnabled(level);
  }

  get level(): string {
    return (this.#child ?? this.#parent).level;
  }

  set level(level: string) {
    this.#logger().level = level;
  }

  isLevelEnabled(level: LevelWithSilent): boolean {
    return this.#enabled(level);
  }

  fatal(...args: LogArguments): void {
    if (this.#enabled('fatal')) this.#logger().fatal(...args);
  }

  error(...args: LogArguments): void {
    if (this.#enabled('error')) this.#logger().error(...args);
  }

  warn(...args: LogArguments): void {
    if (this.#enabled('warn')) this.#logger().warn(...args);
  }

  info(...args: LogArguments): void {
    if (this.#enabled('info')) this.#logger().info(...args);
  }

  debug(...args: LogArguments): void {
    if (this.#enabled('debug')) this.#logger().debug(...args);
  }

  trace(...args: LogArguments): void {
    if (this.#enabled('trace')) this.#logger().trace(...args);
  }

  silent(): void {}

  child(bindings: Bindings, options?: ChildLoggerOptions): FastifyBaseLogger {
    return this.#logger().child(bindings, options);
  }
}

/**
 * Fastify's `childLoggerFactory`: a lazy child per request; a route with its own log level gets a
 * real child at once (its level must apply from the first line).
 *
 * @example
 * Fastify({ loggerInstance: logger, childLoggerFactory: requestLoggerFactory });
 */
export function requestLoggerFactory(
  logger: FastifyBaseLogger,
  bindings: Bindings,
  options: ChildLoggerOptions,
): FastifyBaseLogger {
  if (options.level !== undefined || options.serializers !== undefined) return logger.child(bindings, options);
  // The app's logger is always pino (see logger.ts), which can say whether a level is enabled.
  return new LazyRequestLogger(logger as unknown as Logger, bindings) as unknown as FastifyBaseLogger;
}
