import { alwaysExits, calleeMethod, calleeName, isFunctionLike, probablyExits, staticKeyName } from '../ast.js';
import type { AstNode, NodeOfType } from '../rule.js';
import { defineRule } from '../rule.js';
import { forEachDescendant } from '../traverse.js';

const TYPESCRIPT_FILE = /\.[cm]?tsx?$/;
const DEFINE_PROPERTY = new Set(['Object.defineProperty', 'Reflect.defineProperty']);
const DEFINE_PROPERTIES = new Set(['Object.defineProperties', 'Object.create']);
/** The last segments of those names. */
const DEFINING_METHODS = new Set([...DEFINE_PROPERTY, ...DEFINE_PROPERTIES].map((n) => n.slice(n.indexOf('.') + 1)));

type ObjectLiteral = NodeOfType<'ObjectExpression'>;

/** The `get` function of a property descriptor literal: `{ get() {} }` or `{ get: function () {} }`. */
function descriptorGetter(descriptor: AstNode | undefined): { fn: AstNode; key: AstNode } | null {
  if (descriptor?.type !== 'ObjectExpression') return null;
  for (const property of (descriptor as ObjectLiteral).properties) {
    if (property.type !== 'Property' || property.kind !== 'init' || staticKeyName(property) !== 'get') continue;
    const value = property.value as AstNode;
    if (isFunctionLike(value)) return { fn: value, key: property.key as AstNode };
  }
  return null;
}

export default defineRule({
  id: 'getter-return',
  meta: {
    description: 'A getter that can finish without returning a value yields undefined, which is rarely intended.',
    category: 'correctness',
    severity: 'medium',
    messages: {
      missingReturn: 'Getter `{{name}}` can finish without returning a value.',
      emptyReturn: 'Getter `{{name}}` returns nothing here; return a value.',
    },
  },
  create(context) {
    const isTypeScript = TYPESCRIPT_FILE.test(context.filename);
    const check = (fn: AstNode, key: AstNode): void => {
      if (!isFunctionLike(fn)) return;
      const body = fn.body as AstNode | null;
      if (body?.type !== 'BlockStatement') return;
      const name =
        key.type === 'Identifier' || key.type === 'PrivateIdentifier' ? key.name : context.source.getText(key);
      forEachDescendant(body, (node) => {
        if (isFunctionLike(node) || node.type === 'ClassBody') return false;
        if (node.type === 'ReturnStatement' && node.argument === null)
          context.report({ node, messageId: 'emptyReturn', data: { name } });
        return true;
      });
      // TypeScript checks exhaustive switches and `never`-returning helpers itself, so there the
      // lenient analysis applies; in JavaScript a switch without default can really fall off the end.
      if (isTypeScript ? probablyExits(body) : alwaysExits(body)) return;
      context.report({ node: key, messageId: 'missingReturn', data: { name } });
    };
    return {
      MethodDefinition(node) {
        // The node type is shared with abstract methods, which the visitor's type narrows to never.
        const method = node as unknown as AstNode;
        if (method.type === 'MethodDefinition' && method.kind === 'get') check(method.value, method.key as AstNode);
      },
      Property(node) {
        if (node.kind === 'get') check(node.value as AstNode, node.key as AstNode);
      },
      CallExpression(node) {
        // The method name first: building the dotted name of every call costs.
        const method = calleeMethod(node);
        if (method === null || !DEFINING_METHODS.has(method)) return;
        const name = calleeName(node);
        if (name === null) return;
        if (DEFINE_PROPERTY.has(name)) {
          const getter = descriptorGetter(node.arguments[2] as AstNode | undefined);
          if (getter) check(getter.fn, getter.key);
        } else if (DEFINE_PROPERTIES.has(name)) {
          const map = node.arguments[1] as AstNode | undefined;
          if (map?.type !== 'ObjectExpression') return;
          for (const property of map.properties) {
            if (property.type !== 'Property') continue;
            const getter = descriptorGetter(property.value as AstNode);
            if (getter) check(getter.fn, property.key as AstNode);
          }
        }
      },
    };
  },
});
