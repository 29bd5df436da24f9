import type { LockfileResult } from '../model.js';
import { type DirectEdge, lockfileResult, type PackageNode } from './graph.js';

interface Requirement {
  path: string;
  version: string;
  line: number;
  indirect: boolean;
}

interface Replacement {
  /** Applies to every version when undefined. */
  version?: string;
  /** A local folder: the module is the project's own code, with nothing to match. */
  local: boolean;
  path: string;
  newVersion?: string;
}

const GO_VERSION = /^v(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;

/**
 * Orders Go module versions (semantic versions with a `v`; pseudo-versions are prereleases and
 * sort by their timestamp). Used only to pick the newest of several go.sum entries.
 */
export function compareGoVersions(a: string, b: string): number {
  const x = GO_VERSION.exec(a);
  const y = GO_VERSION.exec(b);
  if (!x || !y) return a < b ? -1 : a > b ? 1 : 0;
  for (let i = 1; i <= 3; i++) {
    const diff = Number(x[i]) - Number(y[i]);
    if (diff !== 0) return diff;
  }
  const [pa, pb] = [x[4], y[4]];
  if (pa === pb) return 0;
  if (pa === undefined) return 1;
  if (pb === undefined) return -1;
  return pa < pb ? -1 : 1;
}

function unquote(token: string): string {
  return token.startsWith('"') && token.endsWith('"') ? token.slice(1, -1) : token;
}

/** Splits go.mod into directive lines, with blocks (`require ( ... )`) expanded to one line each. */
function directives(text: string): { verb: string; args: string[]; comment: string; line: number }[] {
  const out: { verb: string; args: string[]; comment: string; line: number }[] = [];
  let block: string | undefined;
  text.split(/\r?\n/).forEach((raw, index) => {
    const cut = raw.indexOf('//');
    const code = (cut === -1 ? raw : raw.slice(0, cut)).trim();
    const comment = cut === -1 ? '' : raw.slice(cut + 2).trim();
    if (code === ')') {
      block = undefined;
      return;
    }
    const tokens = code.split(/\s+/).filter(Boolean);
    if (tokens.length === 0) return;
    if (block === undefined && tokens[1] === '(' && tokens.length === 2) {
      block = tokens[0];
      return;
    }
    const [verb, args] = block === undefined ? [tokens[0] as string, tokens.slice(1)] : [block, tokens];
    out.push({ verb, args: args.map(unquote), comment, line: index + 1 });
  });
  return out;
}

function replacementOf(args: string[]): [string, Replacement] | undefined {
  const arrow = args.indexOf('=>');
  if (arrow < 1) return undefined;
  const [oldPath, oldVersion] = args.slice(0, arrow) as [string, string | undefined];
  const [newPath, newVersion] = args.slice(arrow + 1) as [string | undefined, string | undefined];
  if (!newPath) return undefined;
  const local = newVersion === undefined || /^(\.{1,2}\/|\/)/.test(newPath);
  return [
    oldPath,
    {
      ...(oldVersion ? { version: oldVersion } : {}),
      local,
      path: newPath,
      ...(newVersion ? { newVersion } : {}),
    },
  ];
}

/** Modules go.sum has the code of (not only the go.mod) at their newest version: the ones in the build. */
function goSumModules(goSum: string): Map<string, string> {
  const newest = new Map<string, string>();
  for (const line of goSum.split(/\r?\n/)) {
    const [path, version] = line.trim().split(/\s+/);
    if (!path || !version || version.endsWith('/go.mod')) continue;
    const current = newest.get(path);
    if (current === undefined || compareGoVersions(version, current) > 0) newest.set(path, version);
  }
  return newest;
}

/**
 * Parses go.mod (and go.sum when given). Every `require` is a dependency; `// indirect` marks the
 * transitive ones (go 1.17 and later list them all). `replace` directives are applied: a module
 * replaced by another version or fork is reported as the replacement, one replaced by a local
 * folder is the project's own code and is left out. Modules whose code go.sum holds but go.mod does
 * not require (go.mod files before go 1.17) are added as transitive at their newest version. Go has
 * no development-only dependencies, and go.mod records no graph, so transitive modules have no path.
 *
 * @example
 * const result = parseGoMod(goModText, 'go.mod', goSumText);
 * result.format; // 'go-mod'
 */
export function parseGoMod(text: string, file: string, goSum?: string): LockfileResult {
  const requirements: Requirement[] = [];
  const replacements = new Map<string, Replacement[]>();
  const warnings: string[] = [];
  for (const { verb, args, comment, line } of directives(text)) {
    if (verb === 'require') {
      const [path, version] = args;
      if (path && version) requirements.push({ path, version, line, indirect: /^indirect\b/.test(comment) });
      else warnings.push(`line ${line}: require without a version; not checked.`);
    } else if (verb === 'replace') {
      const replacement = replacementOf(args);
      if (!replacement) continue;
      const list = replacements.get(replacement[0]) ?? [];
      list.push(replacement[1]);
      replacements.set(replacement[0], list);
    }
  }
  const required = new Set(requirements.map((r) => r.path));
  for (const [path, version] of goSum ? goSumModules(goSum) : []) {
    if (!required.has(path)) requirements.push({ path, version, line: 0, indirect: true });
  }
  const nodes: PackageNode[] = [];
  const direct: DirectEdge[] = [];
  for (const requirement of requirements) {
    const replacement = replacements
      .get(requirement.path)
      ?.find((r) => !r.version || r.version === requirement.version);
    if (replacement?.local) continue;
    const name = replacement?.path ?? requirement.path;
    const version = replacement?.newVersion ?? requirement.version;
    const key = `${name}@${version}`;
    nodes.push({ key, name, version, deps: [], ...(requirement.line > 0 ? { line: requirement.line } : {}) });
    if (!requirement.indirect) direct.push({ key, dev: false });
  }
  return lockfileResult({
    file,
    ecosystem: 'Go',
    format: goSum === undefined ? 'go-mod' : 'go-mod+go-sum',
    warnings,
    nodes,
    direct,
  });
}
