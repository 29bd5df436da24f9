import { testRule } from '../test-support/rule-tester.js';
import rule from './placeholder-implementation.js';

testRule(rule, {
  valid: [
    {
      name: 'real implementation',
      code: `
export async function sendInvoice(invoice: Invoice) {
  const pdf = await renderPdf(invoice);
  return mailer.send({ to: invoice.email, attachments: [pdf] });
}`,
    },
    {
      name: 'abstract method and overloads are declarations',
      code: `
export abstract class Storage {
  abstract put(key: string, data: Buffer): Promise<void>;
  get(key: string): Promise<Buffer>;
  get(key: string, encoding: 'utf8'): Promise<string>;
  get(key: string, encoding?: string) { return this.read(key, encoding); }
}`,
    },
    {
      name: 'base class method that subclasses override',
      code: `
export class Provider {
  generate(prompt) { throw new Error('Not implemented'); }
}
export class OpenAIProvider extends Provider {
  generate(prompt) { return this.client.chat(prompt); }
}`,
    },
    {
      name: 'message says the subclass must implement it',
      code: `
export class Exporter {
  export(spans) { throw new Error('export() must be implemented by a subclass'); }
}`,
    },
    {
      name: 'plain JS class with a throwing hook is likely an abstract base',
      code: `
module.exports = class Cursor {
  getAllTokens() {
    const tokens = [];
    while (this.moveNext()) tokens.push(this.current);
    return tokens;
  }
  moveNext() {
    throw new Error('Not implemented.');
  }
};`,
    },
    {
      name: 'documented abstract member',
      code: `
export class Exporter implements Shutdown {
  /** @abstract */
  send(batch) {
    throw new Error('not implemented');
  }
}`,
    },
    {
      name: 'browser shim for a Node API',
      code: `export function readFileSync() { throw new Error('fs.readFileSync is not implemented in the browser'); }`,
    },
    {
      name: 'a helper whose job is to throw',
      code: `export function notImplemented(feature: string): never { throw new Error(feature + ' is not implemented'); }`,
    },
    {
      name: 'empty no-op without a TODO',
      code: `
export class MemoryCache {
  async close() {}
}`,
    },
    {
      name: 'empty value without any TODO',
      code: `export function parseTags(input?: string): string[] { return []; }`,
    },
    {
      name: 'not exported',
      code: `
function later() {
  throw new Error('TODO');
}`,
    },
    {
      name: 'TODO about something else above a real function',
      code: `
// TODO: rename once the v2 API ships
export function listUsers(db) {
  return db.select().from(users);
}`,
    },
    {
      name: 'declaration file',
      filename: 'src/types/vendor.d.ts',
      code: `export function connect(): void;`,
    },
    {
      name: 'test file',
      filename: 'src/payments/__tests__/fakes.ts',
      code: `export function charge() { throw new Error('not implemented'); }`,
    },
  ],
  invalid: [
    {
      name: 'CommonJS: declared, then exported by name in an object',
      filename: 'src/services/forecast.js',
      code: "function buildForecast(history) {\n  throw new Error('not implemented');\n}\n\nmodule.exports = { buildForecast };\n",
      errors: [{ messageId: 'placeholder', line: 1 }],
    },
    {
      name: 'ESM: declared, then exported in a list',
      code: "const syncInventory = async () => {\n  throw new Error('TODO');\n};\nexport { syncInventory };\n",
      errors: [{ messageId: 'placeholder', line: 1 }],
    },
    {
      name: 'throws not implemented',
      code: `
export async function refundPayment(paymentId: string, amount: number): Promise<Refund> {
  throw new Error('Not implemented');
}`,
      errors: [{ messageId: 'placeholder', line: 2 }],
    },
    {
      name: 'generated interface method stub in an exported class, called from the same file',
      code: `
export class StripeGateway implements PaymentGateway {
  async charge(amount: number, token: string): Promise<ChargeResult> {
    throw new Error('Method not implemented.');
  }
  async checkout(cart: Cart) {
    return this.charge(cart.total, cart.token);
  }
}`,
      errors: [{ messageId: 'placeholderCalled', line: 3 }],
    },
    {
      name: 'TODO with an empty result, wired into a route',
      code: `
export const listOrders = async (req, res) => {
  // TODO: query the orders table
  return [];
};
router.get('/orders', listOrders);`,
      errors: [{ messageId: 'placeholderCalled', line: 2 }],
    },
    {
      name: 'empty body with a FIXME',
      code: `
export function sendPasswordResetEmail(user, token) {
  // FIXME: hook up the mailer
}`,
      errors: [{ messageId: 'placeholder', line: 2 }],
    },
    {
      name: 'hard-coded value marked as placeholder',
      code: `
export function getExchangeRate(from: string, to: string): number {
  return 1.08; // placeholder until the rates API is wired
}`,
      errors: [{ messageId: 'placeholder', line: 2 }],
    },
    {
      name: 'logs and returns null',
      code: `
module.exports.findCustomer = function (id) {
  console.warn('findCustomer not implemented yet');
  return null;
};`,
      errors: [{ messageId: 'placeholder', line: 2 }],
    },
    {
      name: 'custom NotImplementedError in an exported service object',
      code: `
export const billing = {
  createSubscription(customerId, plan) {
    throw new NotImplementedError();
  },
};
export async function upgrade(customerId) {
  return billing.createSubscription(customerId, 'pro');
}`,
      errors: [{ messageId: 'placeholderCalled', line: 3 }],
    },
  ],
});
