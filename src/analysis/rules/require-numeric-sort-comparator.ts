import {
  calleeMethod,
  calleeName,
  dottedName,
  enclosingFunction,
  type FunctionLike,
  isFunctionLike,
  parentOf,
  propertyName,
  unwrap,
} from '../ast.js';
import type { AstNode, NodeOfType } from '../rule.js';
import { defineRule } from '../rule.js';
import { forEachDescendant } from '../traverse.js';

const NUMBER_FUNCTIONS = new Set(['Number', 'parseInt', 'parseFloat', 'Number.parseInt', 'Number.parseFloat']);
const MATH_FUNCTIONS = new Set(['abs', 'round', 'floor', 'ceil', 'trunc', 'sqrt', 'min', 'max', 'pow', 'log', 'sign']);
const NUMERIC_OPERATORS = new Set(['-', '*', '/', '%', '**', '|', '&', '^', '<<', '>>', '>>>']);
// Array methods whose result holds (some of) the receiver's elements.
const KEEPS_ELEMENTS = new Set(['filter', 'slice', 'reverse', 'toReversed', 'concat']);
const TYPED_ARRAY = /^(Int8|Uint8|Uint8Clamped|Int16|Uint16|Int32|Uint32|Float32|Float64|BigInt64|BigUint64)Array$/;

/** A TS type `number[]`, `Array<number>`, `readonly number[]`. */
function isNumberArrayType(type: AstNode | null | undefined): boolean {
  if (!type) return false;
  if (type.type === 'TSTypeAnnotation') return isNumberArrayType(type.typeAnnotation as AstNode);
  if (type.type === 'TSTypeOperator') return isNumberArrayType(type.typeAnnotation as AstNode | null);
  if (type.type === 'TSArrayType') return type.elementType.type === 'TSNumberKeyword';
  if (type.type === 'TSTypeReference' && type.typeName.type === 'Identifier' && type.typeName.name === 'Array') {
    const param = type.typeArguments?.params[0];
    return param?.type === 'TSNumberKeyword';
  }
  return false;
}

function annotationOf(node: AstNode): AstNode | null {
  const target = node.type === 'AssignmentPattern' ? (node.left as AstNode) : node;
  return target.type === 'Identifier' ? ((target.typeAnnotation as AstNode | null) ?? null) : null;
}

function isNumberLiteral(node: AstNode): boolean {
  const target = unwrap(node);
  if (target.type === 'Literal') return typeof target.value === 'number';
  return target.type === 'UnaryExpression' && target.operator === '-' && isNumberLiteral(target.argument as AstNode);
}

/** An expression that always gives a number. */
function isNumeric(node: AstNode): boolean {
  const target = unwrap(node);
  switch (target.type) {
    case 'Literal':
      return typeof target.value === 'number';
    case 'UnaryExpression':
      return target.operator === '-' || target.operator === '+' || target.operator === '~';
    case 'BinaryExpression':
      if (NUMERIC_OPERATORS.has(target.operator)) return true;
      return target.operator === '+' && isNumeric(target.left as AstNode) && isNumeric(target.right as AstNode);
    case 'ConditionalExpression':
      return isNumeric(target.consequent as AstNode) && isNumeric(target.alternate as AstNode);
    case 'MemberExpression':
      return !target.computed && propertyName(target) === 'length';
    case 'CallExpression': {
      const name = calleeName(target);
      if (name === null) return false;
      if (NUMBER_FUNCTIONS.has(name) || name === 'Date.now') return true;
      if (name.startsWith('Math.')) return MATH_FUNCTIONS.has(name.slice(5));
      return calleeMethod(target) === 'getTime';
    }
    case 'TSAsExpression':
      return target.typeAnnotation.type === 'TSNumberKeyword';
    default:
      return false;
  }
}

/** A `map` callback that returns a number: `Number`, `parseFloat`, `Math.round`, `(s) => s.length`. */
function isNumericMapper(node: AstNode | undefined): boolean {
  if (!node) return false;
  const target = unwrap(node);
  const name = dottedName(target);
  if (name !== null) {
    if (NUMBER_FUNCTIONS.has(name)) return true;
    return name.startsWith('Math.') && MATH_FUNCTIONS.has(name.slice(5));
  }
  if (!isFunctionLike(target)) return false;
  const body = target.body as AstNode;
  if (body.type !== 'BlockStatement') return isNumeric(body);
  let returns = 0;
  let numeric = true;
  forEachDescendant(body, (child) => {
    if (isFunctionLike(child)) return false;
    if (child.type === 'ReturnStatement') {
      returns++;
      if (!child.argument || !isNumeric(child.argument as AstNode)) numeric = false;
    }
    return undefined;
  });
  return numeric && returns > 0;
}

/** `xs as number[]`, `xs satisfies number[]`. */
function isAssertedNumberArray(expression: AstNode): boolean {
  if (expression.type !== 'TSAsExpression' && expression.type !== 'TSSatisfiesExpression') return false;
  return isNumberArrayType(expression.typeAnnotation as AstNode);
}

/** Typed arrays sort numerically by themselves, and their map() gives a typed array. */
function isTypedArray(receiver: AstNode): boolean {
  if (receiver.type === 'NewExpression') return TYPED_ARRAY.test(calleeName(receiver) ?? '');
  if (receiver.type === 'CallExpression') return TYPED_ARRAY.test((calleeName(receiver) ?? '').split('.')[0] ?? '');
  return false;
}

export default defineRule({
  id: 'require-numeric-sort-comparator',
  meta: {
    description:
      'sort() without a comparator orders numbers as strings: [10, 9, 1].sort() gives [1, 10, 9]. Numeric arrays need `(a, b) => a - b`.',
    category: 'logic',
    severity: 'medium',
    cwe: [697],
    messages: {
      numericSort:
        '`{{call}}` sorts these numbers as strings (10 before 9); pass a comparator such as `(a, b) => a - b`.',
    },
  },
  create(context) {
    // Declarators by name, judged only when a `name.sort()` needs them (sorts are rare).
    const declarations = new Map<string, NodeOfType<'VariableDeclarator'>[]>();
    const judged = new Map<AstNode, { scope: FunctionLike | null; numeric: boolean }>();
    const judge = (declarator: NodeOfType<'VariableDeclarator'>) => {
      const known = judged.get(declarator);
      if (known) return known;
      // Provisional "not numeric" first: `let xs = xs.filter(...)` must not recurse forever.
      const verdict = { scope: enclosingFunction(declarator), numeric: false };
      judged.set(declarator, verdict);
      const id = declarator.id as AstNode;
      const annotation = id.type === 'Identifier' ? (id.typeAnnotation as AstNode | null) : null;
      verdict.numeric =
        isNumberArrayType(annotation) ||
        (declarator.init !== null && isNumericArray(declarator.init as AstNode, declarator));
      return verdict;
    };
    // `this.<name>` class fields annotated `number[]`, per class body.
    const numericFields = new Map<AstNode, Set<string>>();

    /** `xs.map(Number)`, `xs.filter(...)`, `Array.from(xs, Number)`: a call that gives numbers. */
    const isNumericArrayCall = (call: NodeOfType<'CallExpression'>, at: AstNode): boolean => {
      if (calleeName(call) === 'Array.from') return isNumericMapper(call.arguments[1] as AstNode | undefined);
      const callee = unwrap(call.callee as AstNode);
      if (callee.type !== 'MemberExpression') return false;
      if (isTypedArray(unwrap(callee.object as AstNode))) return false;
      const method = propertyName(callee);
      if (method === 'map') return isNumericMapper(call.arguments[0] as AstNode | undefined);
      if (method !== null && KEEPS_ELEMENTS.has(method)) return isNumericArray(callee.object as AstNode, at);
      return false;
    };

    /** `this.samples`, where the class declares `samples: number[]`. */
    const isNumericField = (member: NodeOfType<'MemberExpression'>, at: AstNode): boolean => {
      if (unwrap(member.object as AstNode).type !== 'ThisExpression' || member.computed) return false;
      const name = propertyName(member);
      for (let up = parentOf(at); up; up = parentOf(up)) {
        if (up.type === 'ClassBody') return name !== null && (numericFields.get(up)?.has(name) ?? false);
      }
      return false;
    };

    const isNumericArray = (expression: AstNode, at: AstNode): boolean => {
      if (isAssertedNumberArray(expression)) return true;
      const node = unwrap(expression);
      switch (node.type) {
        case 'ArrayExpression':
          return node.elements.length >= 2 && node.elements.every((e) => e !== null && isNumberLiteral(e as AstNode));
        case 'CallExpression':
          return isNumericArrayCall(node, at);
        case 'Identifier':
          return isNumericVariable(node.name, at);
        case 'MemberExpression':
          return isNumericField(node, at);
        default:
          return false;
      }
    };

    const isNumericVariable = (name: string, at: AstNode): boolean => {
      const known = (declarations.get(name) ?? []).map(judge);
      for (let scope = enclosingFunction(at); ; scope = scope ? enclosingFunction(scope) : null) {
        if (scope) {
          const param = scope.params.find((p) => annotationOf(p as AstNode) && paramName(p as AstNode) === name);
          if (param) return isNumberArrayType(annotationOf(param as AstNode));
          if (scope.params.some((p) => paramName(p as AstNode) === name)) return false;
        }
        const here = known.filter((d) => d.scope === scope);
        if (here.length > 0) return here.every((d) => d.numeric);
        if (!scope) return false;
      }
    };

    return {
      VariableDeclarator(node) {
        const id = node.id as AstNode;
        if (id.type !== 'Identifier') return;
        const list = declarations.get(id.name);
        if (list) list.push(node);
        else declarations.set(id.name, [node]);
      },
      PropertyDefinition(node) {
        const field = node as AstNode;
        const name = propertyName(field);
        const body = parentOf(field);
        const type = (field as { typeAnnotation?: AstNode | null }).typeAnnotation;
        if (name === null || !body || !isNumberArrayType(type)) return;
        const fields = numericFields.get(body) ?? new Set<string>();
        fields.add(name);
        numericFields.set(body, fields);
      },
      CallExpression(node) {
        const method = calleeMethod(node);
        if ((method !== 'sort' && method !== 'toSorted') || node.arguments.length > 0) return;
        const callee = unwrap(node.callee as AstNode);
        if (callee.type !== 'MemberExpression') return;
        if (!isNumericArray(callee.object as AstNode, node)) return;
        const text = context.source.getText(node);
        context.report({
          node,
          messageId: 'numericSort',
          data: { call: text.length > 50 ? `...${text.slice(-47)}` : text },
        });
      },
    };
  },
});

function paramName(param: AstNode): string | null {
  const target = param.type === 'AssignmentPattern' ? (param.left as AstNode) : param;
  return target.type === 'Identifier' ? target.name : null;
}
