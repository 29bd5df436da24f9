import { Writable } from 'node:stream';
import type { FastifyBaseLogger } from 'fastify';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.js';
import { requestLoggerFactory } from './request-logger.js';

function capture(level: string) {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(chunk.toString('utf8')));
      done();
    },
  });
  const logger = createLogger({ level, destination }) as unknown as FastifyBaseLogger;
  return { logger, lines };
}

describe('request logger', () => {
  it('writes enabled levels with the request id and skips the others', () => {
    const { logger, lines } = capture('warn');
    const log = requestLoggerFactory(logger, { reqId: 'r-1' }, {});
    log.info('not written');
    log.debug('not written either');
    log.warn({ password: 'hunter2' }, 'slow');
    log.error('failed');
    expect(lines.map((line) => [line.msg, line.reqId])).toEqual([
      ['slow', 'r-1'],
      ['failed', 'r-1'],
    ]);
    expect(lines[0]?.password).toBe('[redacted]');
    expect(log.level).toBe('warn');
  });

  it('makes children that keep the request id', () => {
    const { logger, lines } = capture('info');
    requestLoggerFactory(logger, { reqId: 'r-2' }, {}).child({ step: 'scan' }).info('started');
    expect(lines).toEqual([expect.objectContaining({ msg: 'started', reqId: 'r-2', step: 'scan' })]);
  });

  it("honours a route's own level from the first line", () => {
    const { logger, lines } = capture('warn');
    const log = requestLoggerFactory(logger, { reqId: 'r-3' }, { level: 'debug' });
    log.debug('route debug');
    expect(lines).toEqual([expect.objectContaining({ msg: 'route debug', reqId: 'r-3' })]);
    const lazy = requestLoggerFactory(logger, { reqId: 'r-4' }, {});
    lazy.level = 'info';
    lazy.info('now enabled');
    expect(lines.at(-1)).toMatchObject({ msg: 'now enabled', reqId: 'r-4' });
  });
});
