import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../errors.js';
import { listenError } from './listen-error.js';

function systemError(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`listen ${code}: something 127.0.0.1:3999`), { code, syscall: 'listen' });
}

describe('listenError', () => {
  it('turns a port in use into ECTUS_PORT_IN_USE with a one-line message naming the port and the flag', () => {
    const cause = systemError('EADDRINUSE');
    const error = listenError(cause, { port: 3999, host: '127.0.0.1' });
    expect(isAppError(error) && error.code).toBe('ECTUS_PORT_IN_USE');
    expect((error as Error).message).toBe('Port 3999 on 127.0.0.1 is already in use; choose another with --port.');
    expect((error as Error).cause).toBe(cause);
    expect(isAppError(error) && error.exitCode).toBe(2);
  });

  it('turns a refused port into ECTUS_PORT_NOT_PERMITTED', () => {
    const error = listenError(systemError('EACCES'), { port: 80, host: '0.0.0.0' });
    expect(isAppError(error) && error.code).toBe('ECTUS_PORT_NOT_PERMITTED');
    expect((error as Error).message).toMatch(/^Port 80 on 0\.0\.0\.0 is not permitted for this user .*--port\.$/);
    expect((error as Error).message).not.toContain('\n');
  });

  it("turns an address that is not this machine's, or a name that does not resolve, into ECTUS_HOST_UNAVAILABLE", () => {
    const error = listenError(systemError('EADDRNOTAVAIL'), { port: 3000, host: '192.0.2.1' });
    expect(isAppError(error) && error.code).toBe('ECTUS_HOST_UNAVAILABLE');
    expect(isAppError(error) && error.exitCode).toBe(2);
    expect((error as Error).message).toBe(
      '192.0.2.1 is not an address of this machine; choose one with --host (127.0.0.1 for this machine only, 0.0.0.0 for every interface).',
    );
    const unresolved = listenError(systemError('ENOTFOUND'), { port: 3000, host: 'ectus.invalid' });
    expect(isAppError(unresolved) && unresolved.code).toBe('ECTUS_HOST_UNAVAILABLE');
    expect((unresolved as Error).message).toMatch(/^The host name ectus\.invalid could not be resolved .*--host/);
  });

  it('recognises the error a real listen on an address of another machine gives', async () => {
    const server = net.createServer();
    // 192.0.2.0/24 is reserved for documentation (RFC 5737): no machine holds it.
    const failure = await new Promise<unknown>((resolve) => {
      server.once('error', resolve);
      server.once('listening', () => server.close(() => resolve(null)));
      server.listen(0, '192.0.2.1');
    });
    const error = listenError(failure, { port: 0, host: '192.0.2.1' });
    expect(isAppError(error) && error.code).toBe('ECTUS_HOST_UNAVAILABLE');
  });

  it('leaves any other error as it was', () => {
    const other = systemError('EMFILE');
    expect(listenError(other, { port: 3000, host: '192.0.2.1' })).toBe(other);
    expect(listenError(undefined, { port: 3000, host: '127.0.0.1' })).toBeUndefined();
  });

  it('recognises the error a real listen on a taken port gives', async () => {
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as net.AddressInfo).port;
    const second = net.createServer();
    try {
      const failure = await new Promise<unknown>((resolve) => {
        second.once('error', resolve);
        second.listen(port, '127.0.0.1');
      });
      const error = listenError(failure, { port, host: '127.0.0.1' });
      expect(isAppError(error) && error.code).toBe('ECTUS_PORT_IN_USE');
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });
});
