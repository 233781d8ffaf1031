import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { goQuote } from './go-quote.ts';

describe('goQuote', () => {
  const cases: [input: string, quoted: string][] = [
    ['jane', '"jane"'],
    ['', '""'],
    ['say "hi"', '"say \\"hi\\""'],
    ['a\\b', '"a\\\\b"'],
    ['tab\there', '"tab\\there"'],
    ['line\nbreak', '"line\\nbreak"'],
    ['bell\x07', '"bell\\a"'],
    ['nul\x00', '"nul\\x00"'],
    ['del\x7f', '"del\\x7f"'],
    ['héllo 世界', '"héllo 世界"'],
    ['nbsp\u00a0', '"nbsp\\u00a0"'],
    ['zwsp\u200b', '"zwsp\\u200b"'],
    ['<b>&', '"<b>&"'],
  ];
  for (const [input, quoted] of cases) {
    it(`quotes ${JSON.stringify(input)}`, () => {
      assert.equal(goQuote(input), quoted);
    });
  }
});
