import { describe, expect, it } from 'vitest';
import { TextSyntaxError } from './syntax-error.js';
import { child, childText, parseXml } from './xml.js';

describe('parseXml', () => {
  it('reads elements, text with entities and CDATA, attributes and lines, skipping comments', () => {
    const root = parseXml(`<?xml version="1.0"?>
<!-- a comment with <tags> -->
<m:project xmlns:m="urn:x" kind='app'>
  <name>Orders &amp; Billing &#x2713;</name>
  <notes><![CDATA[<raw> & text]]></notes>
  <empty/>
</m:project>`);
    expect(root.name).toBe('project');
    expect(root.attributes.kind).toBe('app');
    expect(childText(root, 'name')).toBe('Orders & Billing ✓');
    expect(childText(root, 'notes')).toBe('<raw> & text');
    expect(child(root, 'empty')?.line).toBe(6);
  });

  it('handles deep nesting without recursion', () => {
    const depth = 20_000;
    const root = parseXml(`${'<a>'.repeat(depth)}x${'</a>'.repeat(depth)}`);
    expect(root.name).toBe('a');
  });

  it.each([
    ['<a><b></a>', 'Unexpected </a>'],
    ['<a>', 'is not closed'],
    ['<a/><b/>', 'More than one root'],
    ['<a><!-- open', 'Unterminated'],
    ['just text', 'No root element'],
    ['<a <b>', 'Malformed tag'],
  ])('rejects %j', (text, message) => {
    expect(() => parseXml(text)).toThrow(TextSyntaxError);
    expect(() => parseXml(text)).toThrow(message);
  });
});
