/**
 * Estimates the deepest bracket nesting of JavaScript/TypeScript text without parsing it.
 *
 * Why: the native parser overflows its stack (and takes the whole process down, beyond any
 * try/catch) on nesting in the thousands. Files deeper than the limit are reported and skipped
 * before parsing. Two estimates are taken and the larger wins, so that brackets hidden in strings,
 * comments or regexes cannot make a deep file look shallow: a naive count of every bracket, and a
 * count that skips strings, comments and regex literals.
 */
export function maxNestingDepth(text: string): number {
  let naive = 0;
  let naiveMax = 0;
  let lexed = 0;
  let lexedMax = 0;
  // Template literal nesting: each entry is the lexed depth at which a `${` opened.
  const templateStack: number[] = [];
  let prevSignificant = '';
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text[i] as string;
    if (c === '(' || c === '[' || c === '{') {
      naive++;
      if (naive > naiveMax) naiveMax = naive;
      lexed++;
      if (lexed > lexedMax) lexedMax = lexed;
      prevSignificant = c;
      i++;
      continue;
    }
    if (c === ')' || c === ']' || c === '}') {
      naive--;
      if (c === '}' && templateStack.length > 0 && templateStack[templateStack.length - 1] === lexed) {
        templateStack.pop();
        lexed--;
        i = skipTemplate(text, i + 1, templateStack, () => {
          lexed++;
          if (lexed > lexedMax) lexedMax = lexed;
          return lexed;
        });
        prevSignificant = '`';
        continue;
      }
      lexed--;
      prevSignificant = c;
      i++;
      continue;
    }
    if (c === '"' || c === "'") {
      i = skipQuoted(text, i + 1, c, (ch) => {
        if (ch === '(' || ch === '[' || ch === '{') {
          naive++;
          if (naive > naiveMax) naiveMax = naive;
        } else if (ch === ')' || ch === ']' || ch === '}') naive--;
      });
      prevSignificant = c;
      continue;
    }
    if (c === '`') {
      i = skipTemplate(text, i + 1, templateStack, () => {
        lexed++;
        if (lexed > lexedMax) lexedMax = lexed;
        return lexed;
      });
      prevSignificant = '`';
      continue;
    }
    if (c === '/') {
      const next = text[i + 1];
      if (next === '/') {
        const end = text.indexOf('\n', i);
        i = end === -1 ? n : end;
        continue;
      }
      if (next === '*') {
        const end = text.indexOf('*/', i + 2);
        i = end === -1 ? n : end + 2;
        continue;
      }
      if (prevSignificant === '' || '(,=:[!&|?{};+-*%<>~^'.includes(prevSignificant)) {
        i = skipRegex(text, i + 1);
        prevSignificant = '/';
        continue;
      }
    }
    if (c !== ' ' && c !== '\n' && c !== '\t' && c !== '\r') prevSignificant = c;
    i++;
  }
  return Math.max(naiveMax, lexedMax);
}

function skipQuoted(text: string, start: number, quote: string, onChar: (ch: string) => void): number {
  let i = start;
  while (i < text.length) {
    const ch = text[i] as string;
    if (ch === '\\') {
      i += 2;
      continue;
    }
    if (ch === quote || ch === '\n') return i + 1;
    onChar(ch);
    i++;
  }
  return i;
}

/** Skips a template literal body; `${` enters an expression whose closing `}` resumes the template. */
function skipTemplate(text: string, start: number, templateStack: number[], open: () => number): number {
  let i = start;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '\\') {
      i += 2;
      continue;
    }
    if (ch === '`') return i + 1;
    if (ch === '$' && text[i + 1] === '{') {
      templateStack.push(open());
      return i + 2;
    }
    i++;
  }
  return i;
}

function skipRegex(text: string, start: number): number {
  let i = start;
  let inClass = false;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '\\') {
      i += 2;
      continue;
    }
    if (ch === '\n') return i;
    if (inClass) {
      if (ch === ']') inClass = false;
    } else if (ch === '[') inClass = true;
    else if (ch === '/') return i + 1;
    i++;
  }
  return i;
}
