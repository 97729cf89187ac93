import type { LoggerService } from '@nestjs/common';
import { pino, type Logger } from 'pino';
import type { LogLevel } from '@cje/runtime';

/**
 * Structured JSON logs on stdout. Callers log events and ids only: never names, dates of birth, addresses or
 * free text from a child's record. The redact list is a second line of defence for fields that must never appear.
 */
export function createRootLogger(level: LogLevel, destination?: NodeJS.WritableStream): Logger {
  return pino(
    {
      level,
      base: { service: 'child-journey-engine' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: {
        paths: ['req.headers.authorization', 'req.headers.cookie', '*.password', '*.token', '*.name', '*.firstName', '*.lastName', '*.dateOfBirth', '*.address', '*.postcode', '*.concerns', '*.notes'],
        censor: '[redacted]',
      },
    },
    // Asynchronous writes keep logging off the request path; main flushes before the process exits.
    (destination as pino.DestinationStream | undefined) ?? pino.destination({ dest: 1, sync: false }),
  );
}

/** Adapts pino to Nest's LoggerService so framework messages come out as the same JSON lines. */
export class JsonLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, context?: string): void {
    this.write('info', message, context);
  }
  error(message: unknown, traceOrContext?: string, context?: string): void {
    const ctx = context ?? traceOrContext;
    const stack = context ? traceOrContext : undefined;
    this.logger.error({ context: ctx, stack }, stringify(message));
  }
  warn(message: unknown, context?: string): void {
    this.write('warn', message, context);
  }
  debug(message: unknown, context?: string): void {
    this.write('debug', message, context);
  }
  verbose(message: unknown, context?: string): void {
    this.write('trace', message, context);
  }
  fatal(message: unknown, context?: string): void {
    this.write('fatal', message, context);
  }

  private write(level: 'info' | 'warn' | 'debug' | 'trace' | 'fatal', message: unknown, context?: string): void {
    if (message !== null && typeof message === 'object') this.logger[level]({ context, ...(message) });
    else this.logger[level]({ context }, stringify(message));
  }
}

function stringify(message: unknown): string {
  if (message instanceof Error) return message.message;
  return typeof message === 'string' ? message : JSON.stringify(message);
}
