import kafkajs, { type logCreator } from 'kafkajs';
import type { Level, Logger } from 'pino';

const { logLevel } = kafkajs;

/** The kafkajs log level that lets through what the pino logger would print. */
export function kafkajsLevelOf(logger: Logger): kafkajs.logLevel {
  if (!logger.isLevelEnabled('error')) return logLevel.NOTHING;
  if (logger.isLevelEnabled('debug')) return logLevel.DEBUG;
  if (logger.isLevelEnabled('info')) return logLevel.INFO;
  if (logger.isLevelEnabled('warn')) return logLevel.WARN;
  return logLevel.ERROR;
}

/**
 * Routes kafkajs' logs to pino: level mapped, kafkajs' namespace (`Consumer`, `Producer`, …) and
 * extra fields kept as structured fields, the message as pino's message.
 */
export function pinoLogCreator(logger: Logger): logCreator {
  return () =>
    ({ namespace, level, log }) => {
      // kafkajs adds its own timestamp and `logger: 'kafkajs'`; pino has both already.
      const { message, timestamp: _timestamp, logger: _logger, ...fields } = log;
      const pinoLevel = pinoLevelOf(level);
      if (pinoLevel !== undefined) logger[pinoLevel]({ ...fields, namespace }, message);
    };
}

function pinoLevelOf(level: kafkajs.logLevel): Level | undefined {
  switch (level) {
    case logLevel.ERROR:
      return 'error';
    case logLevel.WARN:
      return 'warn';
    case logLevel.INFO:
      return 'info';
    case logLevel.DEBUG:
      return 'debug';
    case logLevel.NOTHING:
      return undefined;
  }
}
