import type { LockfileResult } from '../model.js';
import { type DirectEdge, lockfileResult, type PackageNode } from './graph.js';
import { normalizePythonName } from './python-names.js';
import { keysByName } from './toml-lockfile.js';

/** `name[extras] <specifiers> ; markers`, after per-requirement options and comments are removed. */
const REQUIREMENT = /^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?\s*([^;]*?)\s*(;.*)?$/;
const PINNED = /^===?\s*([A-Za-z0-9][A-Za-z0-9.+!_-]*)$/;
/** File names that say the requirements are for development: requirements-dev.txt, requirements/test.txt. */
const DEV_FILE = /(^|[-_./])(dev|develop|development|test|tests|testing|lint|docs?|ci)([-_./]|$)/i;

interface LogicalLine {
  text: string;
  line: number;
}

interface Pin {
  name: string;
  version: string;
  line: number;
  /** pip-compile's `# via` annotations: the packages (or `-r file`) that asked for it. */
  via: string[];
}

/**
 * Parses a pip requirements file. Only exact pins (`name==1.2.3`, `name===1.2.3`) can be matched to
 * advisories; ranges, bare names, URLs, local paths and editable installs become warnings. When the
 * file was written by pip-compile, its `# via` annotations give the dependency graph (`-r file`
 * marks the direct ones); otherwise every pin counts as direct. A file whose name says it is for
 * development or tests (`requirements-dev.txt`, `requirements/test.txt`) holds development packages.
 *
 * @example
 * const result = parseRequirements('requests==2.25.1\nflask>=2\n', 'requirements.txt');
 * result.dependencies.length; // 1, with a warning for flask
 */
export function parseRequirements(text: string, file: string): LockfileResult {
  const warnings: string[] = [];
  const pins: Pin[] = [];
  let last: Pin | undefined;
  let inVia = false;
  for (const { text: raw, line } of logicalLines(text)) {
    const trimmed = raw.trim();
    const via = /^#\s*via\b(.*)$/.exec(trimmed);
    if (via && last) {
      inVia = true;
      last.via.push(...splitVia(via[1] as string));
      continue;
    }
    if (inVia && last && /^#\s{2,}\S/.test(trimmed)) {
      last.via.push(...splitVia(trimmed.slice(1)));
      continue;
    }
    inVia = false;
    const content = stripComment(raw).trim();
    if (content.length === 0) continue;
    const pin = readRequirement(content, line, warnings);
    last = pin;
    if (pin) pins.push(pin);
  }
  const dev = DEV_FILE.test(file.replace(/requirements/gi, ''));
  return lockfileResult({ file, ecosystem: 'PyPI', format: 'requirements', warnings, ...graphOf(pins, dev) });
}

/** Joins lines continued with a trailing backslash, remembering where each logical line starts. */
function logicalLines(text: string): LogicalLine[] {
  const out: LogicalLine[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const start = i + 1;
    let joined = lines[i] as string;
    while (joined.endsWith('\\') && i + 1 < lines.length) joined = joined.slice(0, -1) + (lines[++i] as string);
    out.push({ text: joined, line: start });
  }
  return out;
}

/** A `#` at the start or after whitespace starts a comment (a URL fragment `#egg=` does not). */
function stripComment(line: string): string {
  const match = /(^|\s)#/.exec(line);
  return match ? line.slice(0, match.index) : line;
}

function splitVia(text: string): string[] {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
}

function readRequirement(content: string, line: number, warnings: string[]): Pin | undefined {
  if (content.startsWith('-')) {
    if (/^(-e|--editable)\b/.test(content)) warnings.push(`line ${line}: editable install "${content}"; not checked.`);
    // -r/-c includes are read as files of their own; index and hash options say nothing about versions.
    return undefined;
  }
  // Per-requirement options (--hash=..., --config-settings) follow the requirement.
  const requirement = content.replace(/\s--?[a-z][a-z-]*(=\S*|\s+\S+)?/g, '').trim();
  const match = REQUIREMENT.exec(requirement);
  if (!match || /:\/\/|^[./]|\s@\s/.test(requirement)) {
    warnings.push(`line ${line}: "${content}" is a URL, path or unreadable requirement; not checked.`);
    return undefined;
  }
  const name = normalizePythonName(match[1] as string);
  const specifier = (match[3] as string).replace(/\s+/g, '');
  const pinned = PINNED.exec(specifier);
  if (!pinned || specifier.includes('*')) {
    const shown = specifier ? `${name}${specifier}` : name;
    warnings.push(`line ${line}: ${shown} is not pinned to one version (use ==); not checked.`);
    return undefined;
  }
  return { name, version: pinned[1] as string, line, via: [] };
}

/** The graph pip-compile's annotations describe, or none: then every pin is direct. */
function graphOf(pins: readonly Pin[], dev: boolean): { nodes: PackageNode[]; direct: DirectEdge[] | undefined } {
  const keyed = pins.map((pin) => ({ ...pin, key: `${pin.name}@${pin.version}` }));
  const byName = keysByName(keyed);
  const annotated = keyed.some((pin) => pin.via.length > 0);
  const needs = new Map<string, string[]>();
  const direct: DirectEdge[] = [];
  for (const pin of keyed) {
    for (const source of pin.via) {
      if (/^-r\b/.test(source)) direct.push({ key: pin.key, dev });
      for (const parent of byName.get(normalizePythonName(source)) ?? []) {
        const list = needs.get(parent);
        if (list) list.push(pin.key);
        else needs.set(parent, [pin.key]);
      }
    }
  }
  const nodes = keyed.map((pin) => ({
    key: pin.key,
    name: pin.name,
    version: pin.version,
    line: pin.line,
    deps: needs.get(pin.key) ?? [],
    devHint: dev,
  }));
  return { nodes, direct: annotated ? direct : undefined };
}
