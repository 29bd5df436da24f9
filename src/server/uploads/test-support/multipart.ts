import { randomBytes } from 'node:crypto';

export interface MultipartPart {
  name: string;
  /** Makes the part a file upload. */
  filename?: string;
  contentType?: string;
  data: string | Buffer;
}

/** A `multipart/form-data` body for `app.inject()`, as browsers and `curl -F` send it. */
export function multipartBody(parts: readonly MultipartPart[]): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----ectus-test-${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const filename = part.filename === undefined ? '' : `; filename="${part.filename}"`;
    const type = part.contentType ?? (part.filename === undefined ? undefined : 'application/octet-stream');
    const head = [`--${boundary}`, `Content-Disposition: form-data; name="${part.name}"${filename}`];
    if (type) head.push(`Content-Type: ${type}`);
    chunks.push(
      Buffer.from(`${head.join('\r\n')}\r\n\r\n`),
      Buffer.isBuffer(part.data) ? part.data : Buffer.from(part.data),
    );
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
