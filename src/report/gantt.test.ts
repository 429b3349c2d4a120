import { describe, expect, it } from 'vitest';
import { mermaidText } from './gantt.ts';

describe('mermaidText', () => {
  it('leaves nothing from data that ends a task, a statement or the block, and no mention', () => {
    const hostile = 'a:b;c#d%%e\nsection x```\r@team "q" <b>';
    const text = mermaidText(hostile, 200);
    expect(text).not.toMatch(/[:;#%\n\r`@"<>]/);
    expect(text).toBe('a b c d e section x at team q b');
  });

  it('cannot be read as a gantt keyword, and is cut to a bar-sized length', () => {
    expect(mermaidText('section@example.com')).toBe('user section at example.com');
    expect(mermaidText('x'.repeat(100))).toHaveLength(40);
    expect(mermaidText('::;;')).toBe('unnamed');
  });
});
