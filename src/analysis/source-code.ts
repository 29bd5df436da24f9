import type { Comment } from 'oxc-parser';

export interface Span {
  start: number;
  end: number;
}

/**
 * The text of one file with fast offset -> line/column lookup. Offsets are UTF-16 code units, as
 * oxc-parser reports them; lines and columns are 1-based.
 */
export class SourceCode {
  readonly text: string;
  readonly comments: readonly Comment[];
  readonly lineStarts: readonly number[];

  constructor(text: string, comments: readonly Comment[] = []) {
    this.text = text;
    this.comments = comments;
    this.lineStarts = lineStartsOf(text);
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  /** 1-based line and column of a UTF-16 offset. */
  position(offset: number): { line: number; column: number } {
    const starts = this.lineStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - (starts[lo] ?? 0) + 1 };
  }

  /** UTF-16 offset of a 1-based line and column. */
  offset(line: number, column: number): number {
    return (this.lineStarts[line - 1] ?? this.text.length) + column - 1;
  }

  getText(span: Span): string {
    return this.text.slice(span.start, span.end);
  }

  /** The text of a 1-based line without its line terminator. */
  lineText(line: number): string {
    const start = this.lineStarts[line - 1];
    if (start === undefined) return '';
    const next = this.lineStarts[line];
    const end = next === undefined ? this.text.length : next;
    return this.text.slice(start, end).replace(/\r?\n$|\r$/, '');
  }

  /** Comments entirely inside a span, in source order. */
  commentsInside(span: Span): Comment[] {
    return this.comments.filter((c) => c.start >= span.start && c.end <= span.end);
  }

  /** Comments that end before `offset` on the same or the previous lines, nearest first. */
  commentsBefore(offset: number): Comment[] {
    const result: Comment[] = [];
    for (let i = this.comments.length - 1; i >= 0; i--) {
      const c = this.comments[i];
      if (c && c.end <= offset) result.push(c);
    }
    return result;
  }
}

/** Offsets where lines begin: after `\n`, `\r\n` and a lone `\r`. */
function lineStartsOf(text: string): number[] {
  const starts = [0];
  // Most files have no `\r`: then `indexOf` finds the line feeds far faster than a loop over every character.
  if (text.indexOf('\r') === -1) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    return starts;
  }
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
  return starts;
}
