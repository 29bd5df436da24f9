import { createHash } from 'node:crypto';

/** The content hash of a file's text: the scan cache's key and `FileResult.hash`. */
export function hashContent(content: string | Uint8Array): string {
  return createHash('sha1').update(content).digest('hex');
}
