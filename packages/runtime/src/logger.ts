import { pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino';

export type { Logger } from 'pino';

/** Paths whose values never reach a log line, wherever they appear. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  '*.password',
  '*.token',
  '*.secret',
  'config.databaseUrl',
  // A lead's data key (`lead_keys.key`), wherever a write or a row holding one is logged.
  'leadKey',
  '*.leadKey',
  'writes[*].key',
  '*.writes[*].key',
];

/**
 * The one way a dealflow process makes its logger: structured JSON (pino), secrets redacted,
 * the service name on every line.
 *
 * @example const log = createLogger({ name: 'command', level: 'info' });
 */
export function createLogger(opts: {
  name: string;
  level?: string;
  destination?: LoggerOptions['transport'];
  /** Where the lines go instead of stdout (tests read them back). */
  stream?: DestinationStream;
}): Logger {
  const options: LoggerOptions = {
    name: opts.name,
    level: opts.level ?? 'info',
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
    ...(opts.destination ? { transport: opts.destination } : {}),
  };
  return opts.stream ? pino(options, opts.stream) : pino(options);
}
