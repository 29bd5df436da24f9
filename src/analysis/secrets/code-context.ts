import { nameWords, parentOf, propertyName } from '../ast.js';
import type { AstNode } from '../rule.js';

/** Names of properties and attributes whose value is shown to a person, not used. */
const EXAMPLE_WORDS = new Set([
  'placeholder',
  'example',
  'examples',
  'hint',
  'help',
  'description',
  'label',
  'sample',
  'doc',
  'docs',
]);

/**
 * True when a literal is the value of a property or JSX attribute that shows a format to a person
 * (`placeholder: 'postgres://user:password@host/db'`, `<input placeholder="ghp_...">`): it is
 * documentation, not a credential in use.
 */
export function isShownAsExample(node: AstNode): boolean {
  const parent = parentOf(node);
  let name: string | null = null;
  if (parent?.type === 'Property') name = propertyName(parent);
  else if (parent?.type === 'JSXAttribute' && parent.name.type === 'JSXIdentifier') name = parent.name.name;
  return name !== null && nameWords(name).some((w) => EXAMPLE_WORDS.has(w));
}

/** True when an object literal has a property with one of these names. */
export function objectHasKey(object: AstNode | null, keys: readonly string[]): boolean {
  if (object?.type !== 'ObjectExpression') return false;
  return object.properties.some((p) => p.type === 'Property' && keys.includes(propertyName(p) ?? ''));
}

/** Keys of a Firebase web app configuration, which is public by design (its `apiKey` included). */
const FIREBASE_CONFIG_KEYS = ['authDomain', 'projectId', 'messagingSenderId', 'storageBucket', 'appId'];

/** True when a literal is a property value in a Firebase web configuration object. */
export function isInFirebaseWebConfig(node: AstNode): boolean {
  const property = parentOf(node);
  return property?.type === 'Property' && objectHasKey(parentOf(property), FIREBASE_CONFIG_KEYS);
}
