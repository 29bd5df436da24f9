import { describe, expect, it } from 'vitest';
import { withParentSlot } from './parent-slot.js';

describe('withParentSlot', () => {
  it('adds the slot as the last property of node literals, keeping their indentation', () => {
    const source = [
      'function deserializeCallExpression(pos) {',
      '  let node = {',
      '    type: "CallExpression",',
      '    callee: null,',
      '    start: deserializeI32(pos),',
      '    end: deserializeI32(pos + 4),',
      '  };',
      '  return node;',
      '}',
      'function deserializeFunction(pos) {',
      '  let node = {',
      '      type: deserializeFunctionType(pos + 88),',
      '      start,',
      '      end,',
      '    },',
      '    params = null;',
      '}',
    ].join('\n');
    const { code, patched } = withParentSlot(source);
    expect(patched).toBe(2);
    expect(code).toContain('    end: deserializeI32(pos + 4),\n    parent: null,\n  };');
    expect(code).toContain('      end,\n      parent: null,\n    },');
  });

  it('leaves other literals alone: comments, spans, the hashbang, literals with nested objects', () => {
    const source = [
      '  return {',
      '    type,',
      '    value,',
      '    start,',
      '    end,',
      '  };',
      '  return { start, end };',
      '  return {',
      '    type: "Hashbang",',
      '    value,',
      '    start,',
      '    end,',
      '  };',
      '  let node = {',
      '    type: "TSModuleDeclaration",',
      '    ...(body !== null && { body }),',
      '    start,',
      '    end,',
      '  };',
    ].join('\n');
    expect(withParentSlot(source)).toEqual({ code: source, patched: 0 });
  });
});
