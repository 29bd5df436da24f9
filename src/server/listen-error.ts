import { AppError } from '../errors.js';

/**
 * Why the server could not bind its address, said the way a person fixes it. `listen()` fails with
 * a bare system error (`listen EADDRINUSE: address already in use 127.0.0.1:3000`); those that
 * come from the configuration (a taken or forbidden port, a host that is not this machine's) become
 * `AppError`s with a stable code, and any other error is returned unchanged.
 *
 * @example
 * try {
 *   await app.listen({ port, host });
 * } catch (error) {
 *   throw listenError(error, { port, host });
 * }
 */
export function listenError(error: unknown, address: { port: number; host: string }): unknown {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  const where = `Port ${address.port} on ${address.host}`;
  if (code === 'EADDRINUSE') {
    return new AppError('ECTUS_PORT_IN_USE', `${where} is already in use; choose another with --port.`, {
      cause: error,
      details: address,
    });
  }
  if (code === 'EACCES') {
    return new AppError(
      'ECTUS_PORT_NOT_PERMITTED',
      `${where} is not permitted for this user (ports below 1024 usually need privileges); choose another with --port.`,
      { cause: error, details: address },
    );
  }
  if (code === 'EADDRNOTAVAIL') {
    return new AppError(
      'ECTUS_HOST_UNAVAILABLE',
      `${address.host} is not an address of this machine; choose one with --host (127.0.0.1 for this machine only, 0.0.0.0 for every interface).`,
      { cause: error, details: address },
    );
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new AppError(
      'ECTUS_HOST_UNAVAILABLE',
      `The host name ${address.host} could not be resolved to an address; choose an address with --host (127.0.0.1 for this machine only, 0.0.0.0 for every interface).`,
      { cause: error, details: address },
    );
  }
  return error;
}
