// The engine's logger. Logs never hold keys, seeds, message bodies or full Session IDs
// (design.md, conventions): every line passes through `redact` before it reaches a sink.
import { abbreviateSessionId } from '../../shared/protocol/identity/sessionId';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

const levelRank: Readonly<Record<LogLevel, number>> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface LogRecord {
  readonly time: Date;
  readonly level: LogLevel;
  readonly scope: string;
  readonly message: string;
}

export type LogSink = (record: LogRecord) => void;

export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  /** A logger for a part of the engine, e.g. `logger.child('identity')`. */
  child(scope: string): Logger;
}

const sessionIdPattern = /\b(?:05|03|15|25)[0-9a-fA-F]{64}\b/gu;
// Any other long hex or base64 run may be key material.
const hexRunPattern = /\b[0-9a-fA-F]{32,}\b/gu;
const base64RunPattern = /[A-Za-z0-9+/]{40,}={0,2}/gu;

export function redact(text: string): string {
  return text
    .replace(sessionIdPattern, (sessionId) => abbreviateSessionId(sessionId.toLowerCase()))
    .replace(hexRunPattern, '[redacted]')
    .replace(base64RunPattern, '[redacted]');
}

export function createLogger(options: { sink: LogSink; level?: LogLevel; scope?: string }): Logger {
  const minimum = levelRank[options.level ?? 'info'];
  const scope = options.scope ?? 'starling';
  const emit = (level: LogLevel, message: string): void => {
    if (levelRank[level] >= minimum) {
      options.sink({ time: new Date(), level, scope, message: redact(message) });
    }
  };
  return {
    debug: (message) => emit('debug', message),
    info: (message) => emit('info', message),
    warn: (message) => emit('warn', message),
    error: (message) => emit('error', message),
    child: (child) => createLogger({ ...options, scope: `${scope}:${child}` }),
  };
}

/** One line per record on a stream, e.g. standard error for the command line. */
export function streamSink(stream: { write(text: string): unknown }): LogSink {
  return (record) => {
    stream.write(
      `${record.time.toISOString()} ${record.level.toUpperCase()} [${record.scope}] ${record.message}\n`,
    );
  };
}

/** Keeps records in memory: for tests and for a "recent logs" view. */
export function memorySink(): LogSink & { readonly records: LogRecord[] } {
  const records: LogRecord[] = [];
  const sink = (record: LogRecord): void => {
    records.push(record);
  };
  return Object.assign(sink, { records });
}
