import { readSync } from 'node:fs';

/**
 * Reads `length` bytes at `position` of an open file, looping over short reads. Returns fewer
 * bytes only when the file ends first; callers that need them all check the length.
 */
export function readAt(fd: number, position: number, length: number): Buffer {
  const buffer = Buffer.alloc(length);
  let done = 0;
  while (done < length) {
    const n = readSync(fd, buffer, done, length - done, position + done);
    if (n === 0) break;
    done += n;
  }
  return done === length ? buffer : buffer.subarray(0, done);
}
