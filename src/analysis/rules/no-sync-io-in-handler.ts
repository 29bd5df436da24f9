import {
  bindingNames,
  calleeName,
  enclosingFunction,
  type FunctionLike,
  isRequestHandler,
  propertyName,
  staticString,
  unwrap,
} from '../ast.js';
import type { AstNode } from '../rule.js';
import { defineRule } from '../rule.js';

// Modules whose `*Sync` functions block the event loop on disk, a child process or heavy CPU work.
const BLOCKING_MODULES = new Set([
  'fs',
  'fs-extra',
  'graceful-fs',
  'child_process',
  'zlib',
  'crypto',
  'bcrypt',
  'bcryptjs',
]);
// Names these modules are conventionally bound to, for files that get them from elsewhere.
const CONVENTIONAL_NAMES = ['fs', 'fse', 'zlib', 'crypto', 'childProcess', 'child_process', 'cp', 'bcrypt'];
// Cheap enough to be harmless: filling a few random bytes.
const CHEAP = new Set(['randomFillSync']);

function moduleName(source: string | null): string | null {
  if (source === null) return null;
  const name = source.startsWith('node:') ? source.slice(5) : source;
  return BLOCKING_MODULES.has(name) ? name : null;
}

/** `require('fs')`, or null. */
function requiredModule(node: AstNode | null | undefined): string | null {
  if (!node) return null;
  const target = unwrap(node);
  if (target.type !== 'CallExpression' || calleeName(target) !== 'require') return null;
  return moduleName(staticString(target.arguments[0] as AstNode | undefined));
}

export default defineRule({
  id: 'no-sync-io-in-handler',
  meta: {
    description:
      'Synchronous file, process, compression or crypto calls inside an HTTP request handler block the event loop for every client.',
    category: 'resources',
    severity: 'medium',
    cwe: [400],
    messages: {
      syncInHandler:
        '`{{name}}` blocks the event loop inside a request handler, so every other request waits; use the asynchronous version.',
    },
  },
  create(context) {
    if (context.settings.isTestFile) return {};
    // Local names bound to a blocking module (`fs`) and to its sync functions (`readFileSync`).
    const modules = new Set(CONVENTIONAL_NAMES);
    const functions = new Set<string>();
    const handlerCache = new Map<FunctionLike, boolean>();

    const insideHandler = (node: AstNode): boolean => {
      for (let fn = enclosingFunction(node); fn; fn = enclosingFunction(fn)) {
        let known = handlerCache.get(fn);
        if (known === undefined) {
          known = isRequestHandler(fn);
          handlerCache.set(fn, known);
        }
        if (known) return true;
      }
      return false;
    };

    return {
      ImportDeclaration(node) {
        if (moduleName(node.source.value) === null) return;
        for (const specifier of node.specifiers) {
          if (specifier.type === 'ImportSpecifier') {
            const imported = specifier.imported;
            const name = imported.type === 'Identifier' ? imported.name : String(imported.value);
            if (name.endsWith('Sync')) functions.add(specifier.local.name);
          } else {
            modules.add(specifier.local.name);
          }
        }
      },
      VariableDeclarator(node) {
        if (requiredModule(node.init as AstNode | null) === null) return;
        const id = node.id as AstNode;
        if (id.type === 'Identifier') {
          modules.add(id.name);
          return;
        }
        if (id.type !== 'ObjectPattern') return;
        for (const property of id.properties) {
          if (property.type !== 'Property' || !(propertyName(property) ?? '').endsWith('Sync')) continue;
          for (const local of bindingNames(property.value as AstNode)) functions.add(local);
        }
      },
      CallExpression(node) {
        const callee = unwrap(node.callee as AstNode);
        let name: string | null = null;
        if (callee.type === 'Identifier') {
          if (functions.has(callee.name) && !CHEAP.has(callee.name)) name = callee.name;
        } else if (callee.type === 'MemberExpression') {
          const method = propertyName(callee);
          if (method === null || !method.endsWith('Sync') || CHEAP.has(method)) return;
          const object = unwrap(callee.object as AstNode);
          const owner = object.type === 'Identifier' ? object.name : null;
          if ((owner !== null && modules.has(owner)) || requiredModule(object) !== null) name = method;
          if (owner !== null && name !== null) name = `${owner}.${method}`;
        }
        if (name === null || !insideHandler(node)) return;
        context.report({ node, messageId: 'syncInHandler', data: { name } });
      },
    };
  },
});
