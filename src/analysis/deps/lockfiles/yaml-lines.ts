import { isMap, isScalar, LineCounter, parseDocument } from 'yaml';
import { invalidLockfile } from './lockfile-error.js';

/** A YAML lockfile as plain data, plus the line of each key of a top-level mapping. */
export interface ParsedYaml {
  data: Record<string, unknown>;
  /** 1-based lines of the keys of the mapping at `section` (e.g. `packages`), or of the top level. */
  keyLines(section?: string): Map<string, number>;
}

/**
 * Parses a YAML lockfile (pnpm-lock.yaml, yarn berry's yarn.lock). Aliases are capped by the
 * library's default `maxAliasCount`, so an alias bomb fails instead of expanding; custom tags are
 * never resolved to anything but plain data.
 */
export function readYamlLockfile(text: string, file: string): ParsedYaml {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: false, prettyErrors: false });
  const error = doc.errors[0];
  if (error) {
    const line = error.linePos?.[0]?.line;
    throw invalidLockfile(
      file,
      `not valid YAML: ${error.message.split('\n')[0]}${line ? ` (line ${line})` : ''}`,
      error,
    );
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (cause) {
    throw invalidLockfile(file, `cannot read the YAML document: ${String((cause as Error)?.message ?? cause)}`, cause);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw invalidLockfile(file, 'expected a mapping at the top level');
  }
  return {
    data: data as Record<string, unknown>,
    keyLines(section) {
      const lines = new Map<string, number>();
      const node = section === undefined ? doc.contents : doc.get(section, true);
      if (!isMap(node)) return lines;
      for (const pair of node.items) {
        const key = pair.key;
        if (isScalar(key) && key.range) lines.set(String(key.value), lineCounter.linePos(key.range[0]).line);
      }
      return lines;
    },
  };
}

/** A nested mapping read from plain YAML data, or undefined. */
export function mappingAt(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}
