import type { Class } from 'oxc-parser';
import {
  blockBody,
  calleeName,
  type FunctionLike,
  functionName,
  isExported,
  isLoggingCall,
  isTestDoublePath,
  parentOf,
  staticString,
  unwrap,
} from '../ast.js';
import type { AstNode, NodeOfType } from '../rule.js';
import { defineRule } from '../rule.js';

/** Messages of errors thrown as "come back later". */
const NOT_IMPLEMENTED =
  /not\s+(yet\s+)?implemented|unimplemented|^\s*todo\b|\btodo:|implement\s+(me|this|later)|^\s*stub\b|coming\s+soon|^\s*fixme\b/i;
/** Errors that are the design: abstract members and environment shims. */
const BY_DESIGN =
  /subclass|override|abstract|must\s+(be\s+)?implement|should\s+(be\s+)?implement|derived|browser|environment|platform|runtime|in\s+this\s+(build|version)|supported/i;
const NOT_IMPLEMENTED_ERROR = /^(NotImplemented|Unimplemented|Todo)\w*(Error|Exception)$/;
const TODO_NOTE =
  /\b(TODO|FIXME|XXX)\b|not\s+(yet\s+)?implemented|unimplemented|implement\s+(me|this|later)|\bstub(bed)?\b|placeholder/i;
const PLACEHOLDER_NOTE =
  /placeholder|\bstub(bed)?\b|\bdummy\b|\bfake\b|hard-?coded|\bmock(ed)?\b|for\s+now|temporar(y|ily)|\b(TODO|FIXME)\b|not\s+(yet\s+)?implemented/i;
const LEADING_NOTE =
  /\b(TODO|FIXME)\b.*\bimplement|not\s+(yet\s+)?implemented|unimplemented|placeholder|\bstub(bed)?\b/i;
/** Helpers whose job is to throw: `notImplemented()`, `todo()`. */
const THROWING_HELPER = /not.?implemented|unimplemented|^todo$|placeholder|^unreachable$/i;
const BASE_CLASS = /^(Abstract|Base)[A-Z]|Base$/;

type Shape = 'throws' | 'emptyTodo' | 'todoReturn' | 'placeholderReturn';

const DESCRIPTIONS: Record<Shape, string> = {
  throws: "it only throws 'not implemented'",
  emptyTodo: 'its body is empty except for a TODO',
  todoReturn: 'it returns an empty value under a TODO',
  placeholderReturn: 'it returns a hard-coded value marked as a placeholder',
};

interface Candidate {
  name: string;
  /** How a call to it reads in this file: `send`, `this.send`, `mailer.send`. */
  callKey: string;
  node: AstNode;
  shape: Shape;
  className: string | null;
}

/** `null`, `undefined`, `[]`, `{}`, `''`, `0`, `false`, `void 0`, `Promise.resolve()` of those. */
function isEmptyValue(node: AstNode | null | undefined): boolean {
  if (!node) return true;
  const value = unwrap(node);
  switch (value.type) {
    case 'Literal':
      return value.value === null || value.value === '' || value.value === 0 || value.value === false;
    case 'Identifier':
      return value.name === 'undefined';
    case 'ArrayExpression':
      return value.elements.length === 0;
    case 'ObjectExpression':
      return value.properties.length === 0;
    case 'TemplateLiteral':
      return value.expressions.length === 0 && value.quasis.every((q) => q.value.raw === '');
    case 'UnaryExpression':
      return value.operator === 'void';
    case 'CallExpression':
      return (
        calleeName(value) === 'Promise.resolve' &&
        value.arguments.length <= 1 &&
        isEmptyValue(value.arguments[0] as AstNode)
      );
    default:
      return false;
  }
}

/** A value written out in the source: literals, and arrays or objects of them. */
function isLiteralValue(node: AstNode, depth = 0): boolean {
  const value = unwrap(node);
  if (depth > 3) return false;
  switch (value.type) {
    case 'Literal':
      return true;
    case 'TemplateLiteral':
      return value.expressions.length === 0;
    case 'ArrayExpression':
      return value.elements.every(
        (e) => e !== null && e.type !== 'SpreadElement' && isLiteralValue(e as AstNode, depth + 1),
      );
    case 'ObjectExpression':
      return value.properties.every(
        (p) =>
          p.type === 'Property' && !p.computed && p.kind === 'init' && isLiteralValue(p.value as AstNode, depth + 1),
      );
    case 'UnaryExpression':
      return value.operator === '-' && value.argument.type === 'Literal';
    default:
      return false;
  }
}

function thrownMessage(argument: AstNode): { errorName: string | null; message: string | null } {
  const value = unwrap(argument);
  if (value.type !== 'NewExpression' && value.type !== 'CallExpression') return { errorName: null, message: null };
  const errorName = calleeName(value);
  const first = value.arguments[0] as AstNode | undefined;
  return { errorName, message: staticString(first) };
}

/** Where a function is defined: how a call to it reads in this file, and where a finding points. */
interface Place {
  callKey: string;
  node: AstNode;
  className: string | null;
  /** False for a method of a plain class, which may be an abstract base written in JavaScript. */
  concreteClass: boolean;
}

/** The static texts a logging statement prints (`console.warn('TODO: wire up')`), or null when it is not one. */
function loggedTexts(statement: AstNode): string[] | null {
  if (statement.type !== 'ExpressionStatement') return null;
  const expression = statement.expression;
  if (expression.type !== 'CallExpression' || !isLoggingCall(expression)) return null;
  const texts: string[] = [];
  for (const a of expression.arguments) {
    const text = staticString(a as AstNode);
    if (text !== null) texts.push(text);
  }
  return texts;
}

/** The body's statements without empty ones and leading logging calls, whose texts become notes. */
function bodyStatements(body: NodeOfType<'BlockStatement'>): { statements: AstNode[]; logged: string[] } {
  const logged: string[] = [];
  const statements: AstNode[] = [];
  for (const statement of body.body as AstNode[]) {
    if (statement.type === 'EmptyStatement') continue;
    const texts = statements.length === 0 ? loggedTexts(statement) : null;
    if (texts) logged.push(...texts);
    else statements.push(statement);
  }
  return { statements, logged };
}

/** `throw new Error('not implemented')` and `throw new NotImplementedError()`, unless the message says it is by design. */
function throwShape(statement: NodeOfType<'ThrowStatement'>): Shape | null {
  const { errorName, message } = thrownMessage(statement.argument as AstNode);
  if (errorName === null) return null;
  const shortName = errorName.slice(errorName.lastIndexOf('.') + 1);
  if (message !== null && BY_DESIGN.test(message)) return null;
  if (NOT_IMPLEMENTED_ERROR.test(shortName)) return 'throws';
  if (!/(Error|Exception)$/.test(shortName) || message === null) return null;
  return NOT_IMPLEMENTED.test(message) ? 'throws' : null;
}

export default defineRule({
  id: 'placeholder-implementation',
  meta: {
    description:
      "Exported functions that are placeholders: they only throw 'not implemented', or return an empty or hard-coded value under a TODO.",
    category: 'reality',
    severity: 'medium',
    cwe: [684],
    messages: {
      placeholder: '`{{name}}` is exported but is a placeholder: {{what}}. Callers get no real behaviour.',
      placeholderCalled:
        '`{{name}}` is a placeholder ({{what}}) and this file calls it: the feature silently does nothing at runtime.',
    },
  },
  create(context) {
    if (context.settings.isTestFile || isTestDoublePath(context.filename) || /\.d\.[cm]?ts$/.test(context.filename))
      return {};
    const source = context.source;
    const candidates: Candidate[] = [];
    // Calls are named (a dotted string each) only at the end, and only in a file with a candidate.
    const callNodes: NodeOfType<'CallExpression'>[] = [];
    const extendedClasses = new Set<string>();

    /** Comments are in source order: a binary search finds the last one ending before `offset`. */
    const nearestCommentBefore = (offset: number) => {
      const comments = source.comments;
      let lo = 0;
      let hi = comments.length - 1;
      let found = -1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if ((comments[mid]?.end ?? Number.POSITIVE_INFINITY) <= offset) {
          found = mid;
          lo = mid + 1;
        } else hi = mid - 1;
      }
      return found < 0 ? undefined : comments[found];
    };

    const notesOf = (fn: FunctionLike, body: AstNode, logged: string[]): string[] => {
      const notes = source.commentsInside(body).map((c) => c.value);
      notes.push(...logged);
      // A trailing comment on the closing line: `export const f = () => { return []; } // TODO`.
      const endLine = source.position(body.end).line;
      const after = source.lineText(endLine).slice(source.position(body.end).column - 1);
      const trailing = after.match(/\/\/(.*)$/);
      if (trailing?.[1]) notes.push(trailing[1]);
      return notes.concat(leadingNote(fn));
    };

    const leadingNote = (fn: FunctionLike): string[] => {
      const line = source.position(fn.start).line;
      const nearest = nearestCommentBefore(fn.start);
      if (!nearest) return [];
      const endLine = source.position(nearest.end).line;
      return endLine >= line - 1 && LEADING_NOTE.test(nearest.value) ? [nearest.value] : [];
    };

    /** `return []` under a TODO, or a hard-coded value marked as a placeholder. */
    const returnShape = (
      fn: FunctionLike,
      body: AstNode,
      only: NodeOfType<'ReturnStatement'>,
      logged: string[],
    ): Shape | null => {
      const argument = only.argument as AstNode | null;
      const empty = isEmptyValue(argument);
      if (!empty && !(argument && isLiteralValue(argument))) return null;
      const notes = notesOf(fn, body, logged);
      if (empty && notes.some((n) => TODO_NOTE.test(n))) return 'todoReturn';
      return notes.some((n) => PLACEHOLDER_NOTE.test(n)) ? 'placeholderReturn' : null;
    };

    const shapeOf = (fn: FunctionLike): Shape | null => {
      const body = blockBody(fn);
      if (!body) return null;
      const { statements, logged } = bodyStatements(body);
      if (statements.length > 1) return null;
      const only = statements[0];
      if (!only) return notesOf(fn, body, logged).some((n) => TODO_NOTE.test(n)) ? 'emptyTodo' : null;
      if (only.type === 'ThrowStatement') return throwShape(only);
      return only.type === 'ReturnStatement' ? returnShape(fn, body, only, logged) : null;
    };

    const noteSuperClass = (cls: Class): void => {
      if (cls.superClass?.type === 'Identifier') extendedClasses.add(cls.superClass.name);
    };

    /** The editor's "implement interface" quick fix writes exactly this body. */
    const generatedStub = (fn: FunctionLike): boolean =>
      /throw new Error\((['"])Method not implemented\.?\1\)/.test(source.getText(fn.body as AstNode));

    /** A JSDoc `@abstract` tag just above the method. */
    const taggedAbstract = (method: AstNode): boolean => {
      const doc = nearestCommentBefore(method.start);
      if (!doc) return false;
      return source.position(doc.end).line >= source.position(method.start).line - 3 && /@abstract\b/.test(doc.value);
    };

    const methodPlace = (method: NodeOfType<'MethodDefinition'>, name: string): Place | null => {
      const cls = parentOf(parentOf(method) as AstNode) as Class | null;
      if (!cls || cls.abstract) return null;
      const className = cls.id?.name ?? null;
      if (className !== null && BASE_CLASS.test(className)) return null;
      if (taggedAbstract(method)) return null;
      return {
        callKey: method.static && className ? `${className}.${name}` : `this.${name}`,
        node: method.key as AstNode,
        className,
        // A plain JS class that throws in a method may be an abstract base; one that implements an
        // interface or extends a class is concrete, so its throwing member is a stub.
        concreteClass: (cls.implements?.length ?? 0) > 0 || cls.superClass !== null,
      };
    };

    /** Null when the function cannot be a placeholder where it stands (an abstract or base class member). */
    const placeOf = (fn: FunctionLike, fullName: string, name: string): Place | null => {
      const parent = parentOf(fn);
      const plain: Place = { callKey: name, node: fn.id ?? fn, className: null, concreteClass: true };
      if (!parent) return plain;
      switch (parent.type) {
        case 'MethodDefinition':
          return methodPlace(parent, name);
        case 'Property': {
          const object = parentOf(parent);
          const holder = object ? parentOf(object) : null;
          const owner =
            holder?.type === 'VariableDeclarator' && holder.id.type === 'Identifier' ? holder.id.name : null;
          return { ...plain, callKey: owner ? `${owner}.${name}` : name, node: parent.key as AstNode };
        }
        case 'VariableDeclarator':
          return { ...plain, node: parent.id as AstNode };
        case 'AssignmentExpression': {
          const viaExports = fullName.startsWith('module.exports.') || fullName.startsWith('exports.');
          return { ...plain, callKey: viaExports ? name : fullName, node: parent.left as AstNode };
        }
        default:
          return plain;
      }
    };

    const check = (fn: FunctionLike): void => {
      if (fn.body?.type !== 'BlockStatement') return;
      if (!isExported(fn)) return;
      const fullName = functionName(fn);
      if (fullName === null) return;
      const name = fullName.slice(fullName.lastIndexOf('.') + 1);
      if (THROWING_HELPER.test(name)) return;
      const place = placeOf(fn, fullName, name);
      if (!place) return;
      const shape = shapeOf(fn);
      if (shape === null) return;
      if (shape === 'throws' && !place.concreteClass && !generatedStub(fn)) return;
      candidates.push({ name, callKey: place.callKey, node: place.node, shape, className: place.className });
    };

    return {
      FunctionDeclaration: check,
      FunctionExpression: check,
      ArrowFunctionExpression: check,
      CallExpression(node) {
        callNodes.push(node);
      },
      // NodeOfType cannot name class nodes (their `type` is a union), hence the casts.
      ClassDeclaration(node) {
        noteSuperClass(node as unknown as Class);
      },
      ClassExpression(node) {
        noteSuperClass(node as unknown as Class);
      },
      'Program:exit'() {
        if (candidates.length === 0) return;
        const calls = new Set<string>();
        for (const node of callNodes) {
          const name = calleeName(node);
          if (name !== null) calls.add(name);
          // Passing it as a callback wires it in too: `router.post('/invoices', createInvoice)`.
          for (const argument of node.arguments) if (argument.type === 'Identifier') calls.add(argument.name);
        }
        for (const candidate of candidates) {
          // A method that subclasses in this file override is an abstract member in disguise.
          if (candidate.className !== null && extendedClasses.has(candidate.className)) continue;
          const called = calls.has(candidate.callKey);
          context.report({
            node: candidate.node,
            messageId: called ? 'placeholderCalled' : 'placeholder',
            data: { name: candidate.name, what: DESCRIPTIONS[candidate.shape] },
          });
        }
      },
    };
  },
});
