import { describe, expect, it } from 'vitest';
import { compareGoStrings, goStringSlice, runeCount } from '../../src/kube/go-text.js';
import { formatTabbed } from '../../src/kube/tabwriter.js';

describe('formatTabbed (Go text/tabwriter, kubectl settings)', () => {
  it('pads each column to max(cell) + 3, at least 6, and never pads the last cell', () => {
    expect(formatTabbed('Resources\tVerbs\nx\t[get]\n')).toBe('Resources   Verbs\nx           [get]\n');
    expect(formatTabbed('a\tb\n')).toBe('a     b\n');
    expect(formatTabbed('abc\t\n')).toBe('abc   \n'); // a terminated empty last column is still padded
  });

  it('computes widths per block of consecutive lines sharing a column', () => {
    expect(formatTabbed('a\tb\tc\naaaa\tb\n\nx\ty\n')).toBe('a      b     c\naaaa   b\n\nx     y\n');
  });

  it('keeps text without a final newline as is', () => {
    expect(formatTabbed('a\tb')).toBe('a     b');
    expect(formatTabbed('')).toBe('');
  });
});

describe('Go text helpers', () => {
  it('renders []string like %v', () => {
    expect(goStringSlice([])).toBe('[]');
    expect(goStringSlice(['get', 'list'])).toBe('[get list]');
    expect(goStringSlice([''])).toBe('[]');
  });

  it('compares in UTF-8 byte order', () => {
    expect(compareGoStrings('[get list]', '[get]')).toBeLessThan(0); // space < ]
    expect(compareGoStrings('[*]', '[create]')).toBeLessThan(0);
    expect(compareGoStrings('a', 'ab')).toBeLessThan(0);
    expect(compareGoStrings('same', 'same')).toBe(0);
    // U+FF21 (3 UTF-8 bytes, EF BC A1) sorts before U+1F600 (F0 ...), unlike UTF-16 order.
    expect(compareGoStrings('\uff21', '\u{1f600}')).toBeLessThan(0);
    expect('\uff21' < '\u{1f600}').toBe(false);
  });

  it('counts runes', () => {
    expect(runeCount('héllo')).toBe(5);
    expect(runeCount('\u{1f600}')).toBe(1);
  });
});
