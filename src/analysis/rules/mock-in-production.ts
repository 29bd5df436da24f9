import type { Class } from 'oxc-parser';
import {
  calleeMethod,
  calleeName,
  functionName,
  isFunctionLike,
  isTestDoublePath,
  nameWords,
  parentOf,
  staticString,
  unwrap,
} from '../ast.js';
import type { AstNode } from '../rule.js';
import { defineRule } from '../rule.js';

const MOCK_NAME = /^(mock|fake|dummy|stub)[A-Z0-9_]/;
const MOCK_CLASS = /^(Mock|Fake|Stub|Dummy)[A-Z0-9_]/;
/** Lodash's constant-returning utilities are real library functions. */
const LODASH_STUBS = /^stub(True|False|Array|Object|String|Zero)$/;
const SIMULATE_NAME = /^simulate[A-Z0-9_]/;
/** What `simulateX` must be about to be a stand-in for real work (physics or traffic simulators are real). */
const SIMULATED_WORK = new Set([
  'deployment',
  'deploy',
  'payment',
  'pay',
  'charge',
  'transaction',
  'api',
  'request',
  'response',
  'call',
  'fetch',
  'upload',
  'download',
  'processing',
  'process',
  'work',
  'job',
  'task',
  'delay',
  'latency',
  'network',
  'server',
  'backend',
  'email',
  'mail',
  'send',
  'sms',
  'notification',
  'login',
  'auth',
  'signup',
  'registration',
  'scan',
  'analysis',
  'analyze',
  'build',
  'training',
  'train',
  'progress',
  'data',
  'result',
  'results',
  'metrics',
  'stats',
  'database',
  'db',
  'query',
  'save',
  'sync',
  'generation',
  'generate',
  'ai',
  'llm',
  'completion',
  'order',
  'checkout',
  'webhook',
  'loading',
  'install',
  'migration',
  'backup',
]);
/** Receivers that are test libraries: their mock helpers are expected wherever they are used. */
const TEST_LIBRARIES = new Set([
  'jest',
  'vi',
  'vitest',
  'sinon',
  'sandbox',
  'td',
  'chai',
  'nock',
  'fetchMock',
  'faker',
  'cy',
  'Cypress',
]);
/** Jest/Vitest mock-function API: `fn.mockResolvedValue(...)`. */
const MOCK_FUNCTION_API =
  /^mock(ReturnValue|ReturnValueOnce|ResolvedValue|ResolvedValueOnce|RejectedValue|RejectedValueOnce|Implementation|ImplementationOnce|Clear|Reset|Restore|Name|ReturnThis)$/;
const LOCAL_MODULE = /^(\.{1,2}\/|\/|@\/|~\/|#|src\/)/;
const MOCK_DIRECTORY = /^(__mocks__|mocks?|fakes?|stubs?|dummy|mock-?data|fake-?data|dummy-?data)$/i;
const MOCK_WORDS = new Set(['mock', 'mocks', 'fake', 'fakes', 'stub', 'stubs', 'dummy']);
/** What a mock file stands in for: `mock-data`, `fakeUsers`, `stub-api`. Other words (`mock-in-production`) are prose. */
const MOCK_SUBJECTS = new Set([
  'data',
  'api',
  'apis',
  'db',
  'database',
  'server',
  'service',
  'services',
  'client',
  'store',
  'response',
  'responses',
  'users',
  'user',
  'products',
  'orders',
  'items',
  'handlers',
  'backend',
  'payment',
  'payments',
  'auth',
  'adapter',
  'provider',
  'repository',
  'repo',
  'fetch',
  'http',
  'requests',
  'results',
  'metrics',
  'stats',
  'events',
  'posts',
  'customers',
  'gateway',
  'mailer',
  'email',
  'storage',
  'llm',
  'ai',
]);
/** Mock Service Worker wiring (`mocks/browser`, `mocks/node`) is a dev setup, started conditionally. */
const MSW_ENTRY = /^(browser|node|server|handlers|worker)$/;

function isDoubleName(name: string): boolean {
  if (LODASH_STUBS.test(name)) return false;
  if (MOCK_NAME.test(name)) return true;
  if (!SIMULATE_NAME.test(name)) return false;
  return nameWords(name)
    .slice(1)
    .some((w) => SIMULATED_WORK.has(w));
}

/** The module a local import points at is a mock: a `mocks/` folder or a `mockUsers` file. */
function isMockModule(specifier: string): boolean {
  if (!LOCAL_MODULE.test(specifier)) return false;
  const segments = specifier.split('/').filter((s) => s !== '' && s !== '.' && s !== '..');
  const file = (segments.pop() ?? '').replace(/\.[cm]?[jt]sx?$|\.json$/, '');
  const inMockFolder = segments.some((s) => MOCK_DIRECTORY.test(s));
  if (inMockFolder && MSW_ENTRY.test(file)) return false;
  if (LODASH_STUBS.test(file)) return false;
  return inMockFolder || MOCK_DIRECTORY.test(file) || isMockFileName(file);
}

/** `mocks`, `mockData`, `fake-users`, `users.mock`, `apiStubs`; not `mock-in-production` or `mockup`. */
function isMockFileName(file: string): boolean {
  const words = nameWords(file);
  const first = words[0];
  const last = words[words.length - 1];
  if (first === undefined || last === undefined) return false;
  if (words.length === 1) return MOCK_WORDS.has(first);
  return (MOCK_WORDS.has(first) && MOCK_SUBJECTS.has(words[1] ?? '')) || MOCK_WORDS.has(last);
}

export default defineRule({
  id: 'mock-in-production',
  meta: {
    description:
      'Production code that calls mock, fake, stub or simulate* functions or imports from mock modules: users get canned behaviour instead of the real thing.',
    category: 'reality',
    severity: 'medium',
    cwe: [489],
    messages: {
      mockCall:
        '`{{name}}` stands in for real behaviour in production code. Use the real implementation, or move the double to tests.',
      mockImport:
        "Production code imports the mock module '{{source}}': what it serves is canned. Import the real module, or load the mock only in tests or behind a development switch.",
    },
  },
  create(context) {
    if (context.settings.isTestFile || isTestDoublePath(context.filename)) return {};
    // The double itself (`mockPayment.ts`, `fake-mailer.ts`): its internals are not the problem; importing it is.
    const base = context.filename.slice(context.filename.lastIndexOf('/') + 1).replace(/\.[cm]?[jt]sx?$/, '');
    if (isMockFileName(base) || MOCK_DIRECTORY.test(base) || /(^|[-_.])mocker([-_.]|$)/i.test(base)) return {};

    const localClasses = new Set<string>();
    const pendingNews: { node: AstNode; name: string }[] = [];

    /** Inside a double's own body, its helpers are part of the double; the call to it is what gets reported. */
    const insideDouble = (node: AstNode): boolean => {
      for (let current = parentOf(node); current; current = parentOf(current)) {
        if (isFunctionLike(current)) {
          const name = functionName(current);
          if (name !== null && isDoubleName(name.slice(name.lastIndexOf('.') + 1))) return true;
        } else if (current.type === 'ClassDeclaration' || current.type === 'ClassExpression') {
          const id = (current as unknown as Class).id;
          if (id && MOCK_CLASS.test(id.name)) return true;
        }
      }
      return false;
    };

    /** `require('./mocks/x')` at module level; a conditional or lazy require is a development switch. */
    const isTopLevelRequire = (node: AstNode): boolean => {
      for (let current = parentOf(node); current; current = parentOf(current)) {
        if (current.type === 'Program') return true;
        if (
          current.type !== 'VariableDeclarator' &&
          current.type !== 'VariableDeclaration' &&
          current.type !== 'ExpressionStatement' &&
          current.type !== 'MemberExpression' &&
          current.type !== 'AssignmentExpression'
        )
          return false;
      }
      return false;
    };

    return {
      ImportDeclaration(node) {
        if (node.importKind === 'type') return;
        const source = node.source.value;
        if (isMockModule(source)) context.report({ node: node.source, messageId: 'mockImport', data: { source } });
      },
      ClassDeclaration(node) {
        const id = (node as unknown as Class).id;
        if (id) localClasses.add(id.name);
      },
      NewExpression(node) {
        const name = calleeName(node);
        if (name === null) return;
        const last = name.slice(name.lastIndexOf('.') + 1);
        if (!MOCK_CLASS.test(last) || TEST_LIBRARIES.has(name.split('.')[0] ?? '') || insideDouble(node)) return;
        pendingNews.push({ node, name });
      },
      'Program:exit'() {
        // A `FakeWorker` class written in this very file is a local fallback implementation, not a test double.
        for (const { node, name } of pendingNews)
          if (!localClasses.has(name)) context.report({ node, messageId: 'mockCall', data: { name: `new ${name}` } });
      },
      CallExpression(node) {
        // `calleeName` is 'require' exactly for a plain `require(...)`; the dotted name of the
        // other calls is built only for those named like a test double.
        const callee = unwrap(node.callee as AstNode);
        if (callee.type === 'Identifier' && callee.name === 'require') {
          const source = staticString(node.arguments[0] as AstNode);
          if (source !== null && isMockModule(source) && isTopLevelRequire(node))
            context.report({ node, messageId: 'mockImport', data: { source } });
          return;
        }
        const method = calleeMethod(node);
        if (method === null || !isDoubleName(method) || MOCK_FUNCTION_API.test(method)) return;
        const name = calleeName(node);
        const root = name?.split('.')[0];
        if (root !== undefined && TEST_LIBRARIES.has(root)) return;
        if (insideDouble(node)) return;
        context.report({ node, messageId: 'mockCall', data: { name: `${name ?? method}()` } });
      },
    };
  },
});
