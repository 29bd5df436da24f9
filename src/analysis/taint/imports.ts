import { unwrap } from '../ast.js';
import { classifyContent } from '../content-kind.js';
import type { ProjectFiles } from '../project/project-files.js';
import { resolveModule } from '../project/resolve-module.js';
import type { AstNode } from '../rule.js';
import type { ThreatModel } from '../types.js';
import type { RemoteFunction } from './model.js';
import { type ModuleSummary, summarizeModule } from './module-summary.js';
import { moduleRefOf, type Scope } from './scope.js';

/**
 * Following calls into the project's own modules. A call whose callee is an imported binding of a
 * relative module (`import { f } from './m'`, `import * as m`, `const m = require('./m')`,
 * `const { f } = require('./m')`, `require('./m').f`, `module.exports = fn`) gets that module's
 * summary of the export: the module is read through the scan's project files, analysed with its
 * exported functions as entry points, and the summaries of its exports are kept per content (a
 * bounded memo shared by every file a worker analyses).
 *
 * Bounds: modules are followed at most MAX_DEPTH deep (the module of a callee follows its own
 * imports), at most MAX_MODULES per analysed file, never into a module being analysed (cycles), and
 * not into modules over MAX_MODULE_CHARS or minified or generated ones. A summary computed while
 * one of these bounds cut something depends on the way it was reached, so it is not kept.
 */

/** How many modules deep calls are followed from the file being analysed. */
export const MAX_DEPTH = 3;
/** Distinct modules one file's analysis may ask for (directly or through the modules it follows). */
const MAX_MODULES = 24;
const MAX_MODULE_CHARS = 512 * 1024;
/** Re-exports followed from one module to the next (`index.ts` -> `db/index.ts` -> `db/users.ts`). */
const MAX_FORWARDS = 4;
/** Modules' summaries kept per process (a least-recently-used memo). */
const MEMO_SIZE = 256;

/** An exported function of a module of the project, as a call names it. */
export interface ImportRef {
  /** The module, relative to the scan root. */
  readonly file: string;
  /** The export: `''` for the module's own value, `name`, or `name.method`. */
  readonly name: string;
}

interface MemoEntry {
  readonly exports: ModuleSummary;
  /** Files the summaries used besides the module itself (followed imports), with their hashes. */
  readonly deps: readonly (readonly [string, string])[];
  /** Modules the computation asked for besides this one (read or not). */
  readonly asked: readonly string[];
}

const memo = new Map<string, MemoEntry>();

function remember(key: string, entry: MemoEntry): void {
  if (memo.size >= MEMO_SIZE) {
    const oldest = memo.keys().next();
    if (!oldest.done) memo.delete(oldest.value);
  }
  memo.set(key, entry);
}

/** State shared by the analyses that one file's analysis leads to. */
interface Walk {
  /** Modules being analysed: following a call into one of them would loop. */
  readonly stack: Set<string>;
  /** Modules asked for so far. */
  readonly asked: Set<string>;
  /** How many times a bound cut something; a summary computed while this grew is not kept. */
  cuts: number;
}

/** The imports of one module being analysed: resolves callees and hands out summaries of exports. */
export class ImportedModules {
  private readonly modules = new Map<string, ModuleSummary | null>();
  /** Files read for the summaries handed out (directly or further on), with their hashes. */
  readonly used = new Map<string, string>();

  constructor(
    private readonly project: ProjectFiles,
    private readonly file: string,
    private readonly model: ThreatModel,
    private readonly depth: number = MAX_DEPTH,
    private readonly walk: Walk = { stack: new Set([file]), asked: new Set(), cuts: 0 },
  ) {}

  /** The export of a project module that `callee` denotes; reads nothing. */
  resolve(callee: AstNode, scope: Scope): ImportRef | null {
    const target = unwrap(callee);
    if (target.type !== 'Identifier' && target.type !== 'MemberExpression' && target.type !== 'CallExpression')
      return null;
    const ref = moduleRefOf(target, scope);
    if (!ref || ref.path.length > 2 || !ref.module.startsWith('.')) return null;
    const file = resolveModule(this.file, ref.module, this.project.files);
    if (file === null || file === this.file) return null;
    return { file, name: ref.path.join('.') };
  }

  /** The summary of the function `ref` names; null when it is not a function the module exports, or is out of bounds. */
  summary(ref: ImportRef): RemoteFunction | null {
    return this.find(ref.file, ref.name, 0);
  }

  /** An export of `file`, or of the module it forwards the name to (barrels: `export * from './db'`). */
  private find(file: string, name: string, hops: number): RemoteFunction | null {
    const module = this.exportsOf(file);
    if (!module) return null;
    const own = module.functions.get(name);
    if (own || hops >= MAX_FORWARDS) return own ?? null;
    for (const forward of module.forwards) {
      let inner: string;
      if ('as' in forward) {
        if (forward.as !== name) continue;
        inner = forward.name;
      } else {
        // `export *` forwards named exports, not the module's own value.
        if (name === '' || !name.startsWith(forward.prefix) || name === forward.prefix) continue;
        inner = name.slice(forward.prefix.length);
      }
      const target = resolveModule(file, forward.specifier, this.project.files);
      const found = target === null ? null : this.find(target, inner, hops + 1);
      if (found) return found;
    }
    return null;
  }

  private exportsOf(file: string): ModuleSummary | null {
    let exports = this.modules.get(file);
    if (exports === undefined) {
      exports = this.load(file);
      this.modules.set(file, exports);
    }
    return exports;
  }

  private load(file: string): ModuleSummary | null {
    const { walk } = this;
    if (walk.stack.has(file) || (!walk.asked.has(file) && walk.asked.size >= MAX_MODULES)) {
      walk.cuts++;
      return null;
    }
    walk.asked.add(file);
    const read = this.project.read(file);
    if (!read || read.text.length > MAX_MODULE_CHARS || classifyContent(file, read.text)) return null;
    this.used.set(file, read.hash);
    const key = `${this.model}\0${this.depth}\0${file}\0${read.hash}`;
    const hit = memo.get(key);
    if (hit && this.reusable(hit)) {
      // Most recently used last.
      memo.delete(key);
      memo.set(key, hit);
      for (const [dep, hash] of hit.deps) this.used.set(dep, hash);
      for (const other of hit.asked) walk.asked.add(other);
      return hit.exports;
    }
    const next = this.depth > 1 ? new ImportedModules(this.project, file, this.model, this.depth - 1, walk) : undefined;
    const cuts = walk.cuts;
    const askedBefore = new Set(walk.asked);
    walk.stack.add(file);
    let exports: ModuleSummary;
    try {
      exports = summarizeModule(file, read.text, this.model, next);
    } catch {
      // A module the engine cannot analyse (too deep for the stack) is an unknown callee.
      walk.cuts++;
      return null;
    } finally {
      walk.stack.delete(file);
    }
    const deps = next ? [...next.used] : [];
    for (const [dep, hash] of deps) this.used.set(dep, hash);
    if (walk.cuts === cuts) remember(key, { exports, deps, asked: [...walk.asked].filter((f) => !askedBefore.has(f)) });
    return exports;
  }

  /**
   * Whether a memoised summary is the one computing it now would give: the files it used are
   * unchanged (reading them records them as dependencies), and no bound would cut it here (a
   * module it followed is being analysed, or asking for its modules would pass the limit).
   */
  private reusable(entry: MemoEntry): boolean {
    const { walk } = this;
    let added = 0;
    for (const other of entry.asked) {
      if (walk.stack.has(other)) return false;
      if (!walk.asked.has(other)) added++;
    }
    if (walk.asked.size + added > MAX_MODULES) return false;
    return entry.deps.every(([dep, hash]) => this.project.read(dep)?.hash === hash);
  }
}
