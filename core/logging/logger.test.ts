import { describe, expect, it } from 'vitest';
import { createLogger, memorySink, redact } from './logger';

describe('redact', () => {
  it('shortens Session IDs and hides long hex and base64 runs', () => {
    const sessionId = '05d2ad010eeb72d72e561d9de7bd7b6989af77dcabffa03a5111a6c859ae5c3a72';
    expect(redact(`sent to ${sessionId}`)).toBe('sent to 05d2ad…3a72');
    expect(redact(`key ${'ab'.repeat(32)} end`)).toBe('key [redacted] end');
    expect(redact('blob UvceA9LvNfOSWTPfVDXvgKluJEy4He5qwdvfcM+N3coycXtZhZND4DAv6xdTmx5rF3p67meXzRE=')).toBe(
      'blob [redacted]',
    );
    expect(redact('port 22021 and hash 4sMy')).toBe('port 22021 and hash 4sMy');
  });
});

describe('createLogger', () => {
  it('filters by level, names the scope and redacts every line', () => {
    const sink = memorySink();
    const logger = createLogger({ sink, level: 'info', scope: 'engine' }).child('network');
    logger.debug('hidden');
    logger.warn(`path to 05${'cd'.repeat(32)} failed`);
    expect(sink.records).toHaveLength(1);
    expect(sink.records[0]).toMatchObject({
      level: 'warn',
      scope: 'engine:network',
      message: 'path to 05cdcd…cdcd failed',
    });
  });
});
