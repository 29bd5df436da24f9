import { isFunctionLike, propertyName, unwrap } from '../ast.js';
import type { AstNode, NodeOfType } from '../rule.js';
import type { SinkMatch } from './model.js';
import type { Scope } from './scope.js';

/**
 * MongoDB and Mongoose queries as sinks of NoSQL injection. A filter value taken from a JSON body or
 * a parsed query string may be an object such as `{ "$ne": null }`, which turns an equality test
 * into an operator (logging in without a password, reading every document); a `$where`,
 * `$function` or `mapReduce` string is JavaScript run by the server.
 */

/** Methods whose argument at the index is a filter (or, for `aggregate`, a pipeline). */
const FILTER_ARGUMENT: ReadonlyMap<string, number> = new Map(
  Object.entries({
    find: 0,
    findOne: 0,
    findOneAndUpdate: 0,
    findOneAndDelete: 0,
    findOneAndRemove: 0,
    findOneAndReplace: 0,
    findAndModify: 0,
    updateOne: 0,
    updateMany: 0,
    update: 0,
    replaceOne: 0,
    deleteOne: 0,
    deleteMany: 0,
    remove: 0,
    countDocuments: 0,
    count: 0,
    exists: 0,
    where: 0,
    aggregate: 0,
    distinct: 1,
  }),
);

/** Global constructors and namespaces whose names start with a capital like a Mongoose model's. */
const NOT_MODELS = new Set([
  'Object',
  'Array',
  'Math',
  'JSON',
  'Promise',
  'Reflect',
  'Number',
  'String',
  'Date',
  'Symbol',
  'Map',
  'Set',
  'WeakMap',
  'Buffer',
  'Intl',
  'Atomics',
  'Proxy',
  'Error',
  'URL',
]);
const COLLECTION_NAME = /(?:collection|coll|model)s?$/i;
const COLLECTION_FACTORY = new Set(['collection', 'model']);

/** `db.collection('users')`, `mongoose.model('User')`: a call that returns a collection or a model. */
function isCollectionCall(node: AstNode): boolean {
  if (node.type !== 'CallExpression') return false;
  const callee = unwrap(node.callee as AstNode);
  const name = callee.type === 'MemberExpression' ? propertyName(callee) : null;
  return name !== null && COLLECTION_FACTORY.has(name);
}

/** Whether a method's object is a MongoDB collection or a Mongoose model, by its name or its value. */
function isCollection(object: AstNode, scope: Scope): boolean {
  const target = unwrap(object);
  if (isCollectionCall(target)) return true;
  let name: string | null = null;
  if (target.type === 'Identifier') {
    const binding = scope.lookup(target.name);
    if (binding?.init && binding.path.length === 0 && isCollectionCall(unwrap(binding.init))) return true;
    // A global capitalised name is a builtin; an imported or declared one may be a model.
    if (!binding && NOT_MODELS.has(target.name)) return false;
    name = target.name;
  } else if (target.type === 'MemberExpression') name = propertyName(target);
  if (name === null) return false;
  return (/^[A-Z][A-Za-z0-9]*$/.test(name) && !NOT_MODELS.has(name)) || COLLECTION_NAME.test(name);
}

/** ORMs (Sequelize, TypeORM, Prisma) share the method names but take `{ where: ... }` with typed operators. */
function isOrmOptions(node: AstNode | undefined): boolean {
  const target = node ? unwrap(node) : null;
  if (!target) return false;
  if (isFunctionLike(target)) return true;
  return (
    target.type === 'ObjectExpression' &&
    target.properties.some((p) => p.type === 'Property' && propertyName(p as AstNode) === 'where')
  );
}

export function querySinks(call: NodeOfType<'CallExpression' | 'NewExpression'>, scope: Scope): SinkMatch[] {
  if (call.type !== 'CallExpression') return [];
  const callee = unwrap(call.callee as AstNode);
  if (callee.type !== 'MemberExpression') return [];
  const method = propertyName(callee);
  if (method === null || !isCollection(callee.object as AstNode, scope)) return [];
  if (method === 'mapReduce')
    return [{ kind: 'nosql-code', name: 'mapReduce', args: [0, 1], requires: 0, libraryRequires: 'never' }];
  const index = FILTER_ARGUMENT.get(method);
  if (index === undefined) return [];
  const filter = call.arguments[index] as AstNode | undefined;
  if (!filter || isOrmOptions(filter)) return [];
  return [{ kind: 'nosql', name: method, args: [index], requires: 0, libraryRequires: 'never', query: true }];
}
