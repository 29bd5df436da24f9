import { defineRule } from '../rule.js';

const DECIMAL = /^(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/** A decimal number as significant digits and a power of ten: `120.50` is `1205` x 10^-1. Null digits for zero. */
function decompose(text: string): { digits: string; exponent: number } | null {
  const match = DECIMAL.exec(text);
  if (!match) return null;
  const whole = match[1] ?? '';
  const fraction = match[2] ?? '';
  let digits = whole + fraction;
  let exponent = Number(match[3] ?? '0') - fraction.length;
  digits = digits.replace(/^0+/, '');
  const trimmed = digits.replace(/0+$/, '');
  exponent += digits.length - trimmed.length;
  return { digits: trimmed, exponent };
}

/** Whether a numeric literal's source text names a value a double cannot hold exactly enough to round-trip. */
function losesPrecision(raw: string, value: number): boolean {
  const text = raw.replace(/_/g, '');
  if (!Number.isFinite(value)) return true;
  if (/^0[xXoObB]/.test(text)) {
    return Number.isInteger(value) && value > Number.MAX_SAFE_INTEGER && BigInt(text) !== BigInt(value);
  }
  // Legacy octal (`0777`) and `08`-style literals are left to the parser's own warnings.
  if (/^0\d/.test(text)) return false;
  const written = decompose(text);
  if (!written) return false;
  if (written.digits === '') return false;
  if (value === 0) return true;
  // toPrecision accepts at most 100 digits; longer literals are too unusual to judge.
  if (written.digits.length > 100) return false;
  const stored = decompose(value.toPrecision(written.digits.length).replace('e+', 'e'));
  return stored === null || stored.digits !== written.digits || stored.exponent !== written.exponent;
}

export default defineRule({
  id: 'no-loss-of-precision',
  meta: {
    description: 'A number literal with more precision than a double holds is silently rounded to another value.',
    category: 'correctness',
    severity: 'medium',
    cwe: [1339],
    messages: {
      lossOfPrecision:
        '`{{raw}}` cannot be represented exactly and becomes {{value}} at run time; use a BigInt or a string.',
    },
  },
  create(context) {
    return {
      Literal(node) {
        if (typeof node.value !== 'number' || !node.raw) return;
        if (losesPrecision(node.raw, node.value)) {
          context.report({ node, messageId: 'lossOfPrecision', data: { raw: node.raw, value: String(node.value) } });
        }
      },
    };
  },
});
