import { replacesMember, staticKeyName } from '../ast.js';
import type { AstNode } from '../rule.js';
import { defineRule } from '../rule.js';

type Kind = 'value' | 'get' | 'set';

/** The kind of runtime member a class element defines, or null when it defines none (types, overloads). */
function memberKind(member: AstNode): Kind | null {
  switch (member.type) {
    case 'MethodDefinition':
      // A TypeScript overload signature has no body; only the implementation defines the method.
      if (member.value.type === 'TSEmptyBodyFunctionExpression' || member.value.body === null) return null;
      return member.kind === 'get' || member.kind === 'set' ? member.kind : 'value';
    case 'PropertyDefinition':
      return member.declare ? null : 'value';
    case 'AccessorProperty':
      return 'value';
    default:
      return null;
  }
}

export default defineRule({
  id: 'no-dupe-class-members',
  meta: {
    description: 'A class that declares the same member twice keeps only the last one; the first is dead code.',
    category: 'correctness',
    severity: 'medium',
    cwe: [561],
    messages: {
      duplicateMember: 'Duplicate class member `{{name}}`: it replaces the one declared on line {{line}}.',
    },
  },
  create(context) {
    return {
      ClassBody(node) {
        if (node.body.length < 2) return;
        const seen = new Map<string, { kinds: Set<Kind>; start: number }>();
        for (const member of node.body as AstNode[]) {
          const kind = memberKind(member);
          if (kind === null) continue;
          const element = member as AstNode & { key: AstNode; computed: boolean; static: boolean };
          const name = staticKeyName(element);
          if (name === null) continue;
          const id = `${element.static ? 'static' : 'instance'} ${name}`;
          const entry = seen.get(id);
          if (!entry) {
            seen.set(id, { kinds: new Set([kind]), start: member.start });
            continue;
          }
          if (replacesMember(entry.kinds, kind)) {
            context.report({
              node: element.key,
              messageId: 'duplicateMember',
              data: { name, line: context.source.position(entry.start).line },
            });
          }
          entry.kinds.add(kind);
        }
      },
    };
  },
});
