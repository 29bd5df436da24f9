import { dottedName, isTestDoublePath, unwrap } from '../ast.js';
import { type ConstantValue, constantValue } from '../crypto-values.js';
import { isJwtModule, type JwtCall, jwtCall, secretOptions } from '../jwt-calls.js';
import { calleeNameFilter, matchingCalls } from '../module-bindings.js';
import type { AstNode, NodeOfType, RuleContext } from '../rule.js';
import { defineRule } from '../rule.js';
import { holdsProviderSecret } from '../secrets/find-secrets.js';
import hardcodedCredentials from './hardcoded-credentials.js';

type Call = NodeOfType<'CallExpression'> | NodeOfType<'NewExpression'>;

const CANDIDATES = new Set([
  'sign',
  'verify',
  'encode',
  'decode',
  'jwtVerify',
  'jwtDecrypt',
  'compactVerify',
  'encrypt',
  'register',
  'registerAsync',
  'JwtService',
]);
/** A public key or certificate verifies tokens but signs none: it is meant to be published. */
const PUBLIC_PEM = /-----BEGIN (RSA )?(PUBLIC KEY|CERTIFICATE)-----/;

/**
 * Whether the hardcoded-credentials rule already reports one of `holders` (the call, or a
 * declaration or property the secret is read through): that rule owns literal keys passed to
 * `jwt.sign` and secrets stored under secret-like names, and a value gets one finding, not two.
 */
function credentialsProbe(context: RuleContext<string>): (holders: readonly AstNode[]) => boolean {
  let reports = 0;
  const visitors = hardcodedCredentials.create({
    filename: context.filename,
    source: context.source,
    options: hardcodedCredentials.meta.defaultOptions ?? {},
    settings: context.settings,
    report: () => {
      reports += 1;
    },
    fileMetrics: () => context.fileMetrics(),
  }) as Record<string, ((node: AstNode) => void) | undefined>;
  return (holders) =>
    holders.some((holder) => {
      const before = reports;
      visitors[holder.type]?.(holder);
      return reports > before;
    });
}

/** Where a secret came from, for the message: the constant's name or "a string literal". */
function origin(expression: AstNode, value: ConstantValue): string {
  const target = unwrap(expression);
  if (target.type === 'Identifier' || target.type === 'MemberExpression')
    return `\`${dottedName(target) ?? 'a constant'}\``;
  return value.holders.length > 0 ? 'a constant' : 'a string literal';
}

function operationText(call: JwtCall): string {
  if (call.operation === 'verify') return 'tokens verified with it';
  if (call.operation === 'sign') return 'tokens signed with it';
  return 'the tokens this middleware accepts';
}

export default defineRule({
  id: 'hardcoded-jwt-secret',
  meta: {
    description:
      'A JWT signing or verification secret written in the source (jwt.sign, jwt.verify, jose SignJWT, express-jwt, passport-jwt, @nestjs/jwt, @fastify/jwt): anyone with the code can forge tokens.',
    category: 'secrets',
    severity: 'high',
    cwe: [798, 321],
    messages: {
      hardcoded:
        'The JWT secret comes from {{origin}}, written in the source ({{length}} characters, not shown): anyone who reads the code can forge {{operation}}. Load it from the environment or a secret store, fail at start-up when it is missing, and rotate it.',
    },
  },
  create(context) {
    if (context.settings.isTestFile || isTestDoublePath(context.filename)) return {};
    const filter = calleeNameFilter((name) => CANDIDATES.has(name), isJwtModule);
    let probe: ((holders: readonly AstNode[]) => boolean) | null = null;

    const check = (call: Call, jwt: JwtCall, secret: AstNode, property: AstNode | null): void => {
      const value = constantValue(secret);
      if (!value || value.literals.length === 0 || value.text === '' || PUBLIC_PEM.test(value.text ?? '')) return;
      // A provider key or private key block is exposed-secret's finding: one finding per secret.
      if (value.literals.some((literal) => holdsProviderSecret(context.source.text, literal))) return;
      probe ??= credentialsProbe(context as RuleContext<string>);
      const holders = [call, ...(property ? [property] : []), ...value.holders];
      if (probe(holders)) return;
      context.report({
        node: secret,
        messageId: 'hardcoded',
        data: { origin: origin(secret, value), length: value.text?.length ?? '?', operation: operationText(jwt) },
        redact: value.literals,
      });
    };

    return matchingCalls(
      filter,
      (call) => {
        const jwt = jwtCall(call);
        if (!jwt || jwt.operation === 'decode') return;
        if (jwt.key) check(call, jwt, jwt.key, null);
        for (const property of secretOptions(jwt.options)) check(call, jwt, property.value as AstNode, property);
      },
      { constructors: true },
    );
  },
});
