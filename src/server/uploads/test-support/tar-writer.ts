/**
 * Writes tar archives byte by byte for tests of the reader, including entries no honest tool
 * writes (`../` paths, devices, damaged sizes). Realistic archives come from the system `tar`.
 */

export interface TarInput {
  name: string;
  data?: string | Buffer;
  /** The type flag (default '0', a regular file). */
  type?: string;
  linkName?: string;
  /** Written as a pax extended header (`x`) before the entry. */
  pax?: Record<string, string>;
  /** Written as a GNU long-name header (`L`) before the entry. */
  gnuLongName?: string;
  /** Overrides the size field (to write damaged archives). */
  sizeField?: Buffer;
}

const BLOCK = 512;

function octal(value: number, length: number): string {
  return `${value.toString(8).padStart(length - 1, '0')}\0`;
}

function header(name: string, size: number, type: string, options: { linkName?: string; sizeField?: Buffer }) {
  const block = Buffer.alloc(BLOCK);
  block.write(name.slice(0, 100), 0, 'utf8');
  block.write(octal(0o644, 8), 100, 'latin1');
  block.write(octal(1000, 8), 108, 'latin1');
  block.write(octal(1000, 8), 116, 'latin1');
  if (options.sizeField) options.sizeField.copy(block, 124, 0, 12);
  else block.write(octal(size, 12), 124, 'latin1');
  block.write(octal(1_700_000_000, 12), 136, 'latin1');
  block.write(type, 156, 'latin1');
  block.write((options.linkName ?? '').slice(0, 100), 157, 'utf8');
  block.write('ustar\0', 257, 'latin1');
  block.write('00', 263, 'latin1');
  block.fill(0x20, 148, 156);
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
  return block;
}

function padded(data: Buffer): Buffer[] {
  const padding = (BLOCK - (data.length % BLOCK)) % BLOCK;
  return [data, Buffer.alloc(padding)];
}

/** A pax record: its length counts its own digits. */
function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  let length = Buffer.byteLength(body) + 1;
  while (String(length).length + Buffer.byteLength(body) !== length) length += 1;
  return `${length}${body}`;
}

export function writeTar(inputs: readonly TarInput[], options: { end?: boolean } = {}): Buffer {
  const parts: Buffer[] = [];
  for (const input of inputs) {
    if (input.pax) {
      const body = Buffer.from(
        Object.entries(input.pax)
          .map(([key, value]) => paxRecord(key, value))
          .join(''),
      );
      parts.push(header('PaxHeader', body.length, 'x', {}), ...padded(body));
    }
    if (input.gnuLongName !== undefined) {
      const body = Buffer.from(`${input.gnuLongName}\0`);
      parts.push(header('././@LongLink', body.length, 'L', {}), ...padded(body));
    }
    const data = Buffer.isBuffer(input.data) ? input.data : Buffer.from(input.data ?? '', 'utf8');
    parts.push(header(input.name, data.length, input.type ?? '0', input), ...padded(data));
  }
  if (options.end !== false) parts.push(Buffer.alloc(BLOCK * 2));
  return Buffer.concat(parts);
}
