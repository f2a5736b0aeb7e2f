import { describe, expect, it } from 'vitest';
import {
  isPublicInbox,
  isPublicOutbox,
  isValidNamespace,
  namespaces,
  namespaceText,
  retrieveNeedsAuthentication,
  storeNeedsAuthentication,
} from './namespaces';

// protocol-network.md §4.2 and §4.3.
describe('namespace rules', () => {
  it('are 16-bit integers', () => {
    expect(isValidNamespace(-32768)).toBe(true);
    expect(isValidNamespace(32767)).toBe(true);
    expect(isValidNamespace(32768)).toBe(false);
    expect(isValidNamespace(1.5)).toBe(false);
    expect(isValidNamespace(Number.NaN)).toBe(false);
  });

  it('let anyone store in a public inbox (ns % 10 == 0) only', () => {
    for (const namespace of [0, -10, 10, 20, -30]) {
      expect(isPublicInbox(namespace)).toBe(true);
      expect(storeNeedsAuthentication(namespace)).toBe(false);
    }
    for (const namespace of [2, 3, 4, 5, 11, 12, 13, 14, -11, -1]) {
      expect(isPublicInbox(namespace)).toBe(false);
      expect(storeNeedsAuthentication(namespace)).toBe(true);
    }
  });

  it('recognise public outboxes −(20n+1)', () => {
    expect([-1, -21, -41].every(isPublicOutbox)).toBe(true);
    expect([1, 21, -11, -20, -22, 0].some(isPublicOutbox)).toBe(false);
  });

  it('require authentication to read except in −10 and public outboxes', () => {
    expect(retrieveNeedsAuthentication(namespaces.legacyClosedGroup)).toBe(false);
    expect(retrieveNeedsAuthentication(-1)).toBe(false);
    expect(retrieveNeedsAuthentication(-21)).toBe(false);
    for (const namespace of [0, 2, 3, 4, 5, 10, 11, 12, 13, 14, -11, -20]) {
      expect(retrieveNeedsAuthentication(namespace)).toBe(true);
    }
  });

  it('spell the namespace of signed strings as "" for 0, else decimal, or all', () => {
    expect(namespaceText(0)).toBe('');
    expect(namespaceText(-11)).toBe('-11');
    expect(namespaceText(12)).toBe('12');
    expect(namespaceText('all')).toBe('all');
    expect(() => namespaceText(1.5)).toThrow(RangeError);
  });
});
