import { describe, expect, it } from 'vitest';
import { linkConfirmation, splitLinks } from './links';

function links(text: string): { text: string; href: string }[] {
  return splitLinks(text).flatMap((piece) =>
    piece.kind === 'link' ? [{ text: piece.text, href: piece.href }] : [],
  );
}

describe('links in a message', () => {
  it('makes http(s) addresses and www. names links, the rest of the text as written', () => {
    expect(splitLinks('see https://example.com/a?b=1#c and www.example.org.')).toEqual([
      { kind: 'text', text: 'see ' },
      { kind: 'link', text: 'https://example.com/a?b=1#c', href: 'https://example.com/a?b=1#c' },
      { kind: 'text', text: ' and ' },
      { kind: 'link', text: 'www.example.org', href: 'https://www.example.org/' },
      { kind: 'text', text: '.' },
    ]);
  });

  it('never makes a link of another scheme, a bare domain or a host without a dot', () => {
    for (const text of [
      'javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'file:///etc/passwd',
      'ftp://example.com',
      'smb://server/share',
      'example.com',
      'node.js',
      'https://intranet',
      'user@www.example.com',
      'https://',
    ]) {
      expect(links(text), text).toEqual([]);
    }
  });

  it('leaves out closing punctuation and brackets the address did not open', () => {
    expect(links('(see https://example.com/page), ok?')).toEqual([
      { text: 'https://example.com/page', href: 'https://example.com/page' },
    ]);
    expect(links('https://en.wikipedia.org/wiki/Bird_(band)!')[0]!.href).toBe(
      'https://en.wikipedia.org/wiki/Bird_(band)',
    );
  });

  it('shows a lookalike host as punycode, in the message and in the question', () => {
    // "аpple.com" with a Cyrillic "а".
    const [link] = links('log in at https://\u0430pple.com/login');
    expect(link).toEqual({ text: 'https://xn--pple-43d.com/login', href: 'https://xn--pple-43d.com/login' });
    const question = linkConfirmation(link!.href)!;
    expect(question.host).toBe('xn--pple-43d.com');
    expect(question.warnings.join(' ')).toMatch(/punycode/u);
  });

  it('says where a link with a name before "@" really goes', () => {
    const question = linkConfirmation('https://bank.example@evil.example/')!;
    expect(question.host).toBe('evil.example');
    expect(question.warnings.join(' ')).toContain('goes to evil.example');
  });

  it('refuses to confirm anything but a web address', () => {
    expect(linkConfirmation('javascript:alert(1)')).toBeNull();
    expect(linkConfirmation('file:///etc/passwd')).toBeNull();
    expect(linkConfirmation('https://example.com/')).toMatchObject({
      question: 'Open this link in your browser?',
      host: 'example.com',
      warnings: [],
    });
  });
});
