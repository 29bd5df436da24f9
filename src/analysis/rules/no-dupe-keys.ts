import { replacesMember, staticKeyName } from '../ast.js';
import { defineRule } from '../rule.js';

type Kind = 'value' | 'get' | 'set';

export default defineRule({
  id: 'no-dupe-keys',
  meta: {
    description: 'An object literal that defines the same key twice silently keeps only the last value.',
    category: 'correctness',
    severity: 'medium',
    cwe: [561],
    messages: { duplicateKey: 'Duplicate key `{{name}}`: the earlier value on line {{line}} is overwritten.' },
  },
  create(context) {
    return {
      ObjectExpression(node) {
        if (node.properties.length < 2) return;
        const seen = new Map<string, { kinds: Set<Kind>; start: number }>();
        for (const property of node.properties) {
          if (property.type !== 'Property') continue;
          // `__proto__: x` sets the prototype instead of defining a key; two of them do not parse.
          if (
            !property.computed &&
            !property.shorthand &&
            property.key.type === 'Identifier' &&
            property.key.name === '__proto__'
          )
            continue;
          const name = staticKeyName(property);
          if (name === null) continue;
          const kind: Kind = property.kind === 'init' ? 'value' : property.kind;
          const entry = seen.get(name);
          if (!entry) {
            seen.set(name, { kinds: new Set([kind]), start: property.start });
            continue;
          }
          if (replacesMember(entry.kinds, kind)) {
            context.report({
              node: property.key,
              messageId: 'duplicateKey',
              data: { name, line: context.source.position(entry.start).line },
            });
          }
          entry.kinds.add(kind);
        }
      },
    };
  },
});
