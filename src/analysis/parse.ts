import { type Comment, type ParserOptions, type Program, parseSync, rawTransferSupported } from 'oxc-parser';
import { maxNestingDepth } from './nesting-depth.js';
import { createRawParser, type RawParseResult } from './raw-transfer.js';
import type { FileDiagnostic } from './types.js';

/** Deeper nesting than this is skipped: the native parser would overflow its stack. */
export const MAX_NESTING_DEPTH = 1000;

export { SOURCE_EXTENSIONS } from './source-extensions.js';

export type ParseOutcome =
  | { ok: true; program: Program; comments: Comment[] }
  | { ok: false; diagnostic: FileDiagnostic };

// Raw transfer hands the AST over without JSON, roughly halving parse time. ./raw-transfer.ts
// works on Node 20 too and builds nodes with their `parent` slot; oxc-parser's own (Node 22+) is
// the fallback, JSON the last resort.
const rawParse = createRawParser();
const useRawTransfer = rawParse === null && rawTransferSupported();

function parseOnce(filename: string, text: string, options: ParserOptions): RawParseResult {
  if (rawParse) return rawParse(filename, text, options);
  const result = parseSync(filename, text, options);
  return { program: result.program, comments: result.comments, errors: result.errors };
}

function languageOf(filename: string): ParserOptions['lang'] {
  if (/\.d\.[cm]?ts$/.test(filename)) return 'dts';
  if (/\.[cm]?ts$/.test(filename)) return 'ts';
  if (filename.endsWith('.tsx')) return 'tsx';
  // JSX is common in .js files of React projects; the jsx grammar is a superset for parsing.
  return 'jsx';
}

/** Parses one file. Syntax errors and over-deep nesting come back as a diagnostic, never a throw. */
export function parseSource(filename: string, text: string): ParseOutcome {
  const depth = maxNestingDepth(text);
  if (depth > MAX_NESTING_DEPTH) {
    return {
      ok: false,
      diagnostic: {
        code: 'ECTUS_TOO_DEEP',
        message: `Nesting depth ${depth} exceeds ${MAX_NESTING_DEPTH}; file not analysed.`,
      },
    };
  }
  const options: ParserOptions & { experimentalRawTransfer?: boolean } = {
    lang: languageOf(filename),
    sourceType: 'unambiguous',
    preserveParens: false,
  };
  if (useRawTransfer) options.experimentalRawTransfer = true;
  let result: RawParseResult;
  try {
    result = parseOnce(filename, text, options);
  } catch (error) {
    return {
      ok: false,
      diagnostic: { code: 'ECTUS_PARSE_ERROR', message: `Parser failed: ${(error as Error).message}` },
    };
  }
  // CommonJS allows `return` at the top level (Node wraps a module in a function): a script that
  // fails only on that is parsed again as CommonJS.
  if (result.program.sourceType === 'script' && result.errors.some(isTopLevelReturn)) {
    try {
      result = parseOnce(filename, text, { ...options, sourceType: 'commonjs' });
    } catch {
      // Keep the first result and its diagnostic.
    }
  }
  const errors = result.errors.filter((e) => e.severity === 'Error');
  const first = errors[0];
  if (first) {
    const label = first.labels[0];
    const diagnostic: FileDiagnostic = { code: 'ECTUS_PARSE_ERROR', message: first.message };
    if (label) {
      const before = text.slice(0, label.start);
      const lineStart = before.lastIndexOf('\n') + 1;
      diagnostic.line = before.split('\n').length;
      diagnostic.column = label.start - lineStart + 1;
    }
    return { ok: false, diagnostic };
  }
  return { ok: true, program: result.program, comments: result.comments };
}

function isTopLevelReturn(error: { severity: string; message: string }): boolean {
  return error.severity === 'Error' && /'return' statement can only be used within a function body/.test(error.message);
}
