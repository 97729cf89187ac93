import { DEMO_USERS } from './auth/demo-users.js';
import { createApp } from './bootstrap.js';
import { ConfigError, loadConfig } from '@cje/runtime';
import { createRootLogger } from './logging/json-logger.js';

let rootLogger: ReturnType<typeof createRootLogger> | undefined;

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\nThe API did not start. Fix the settings above and start it again.\n`);
      process.exit(78); // EX_CONFIG
    }
    throw e;
  }
  const logger = createRootLogger(config.LOG_LEVEL);
  rootLogger = logger;
  let app;
  try {
    app = await createApp(config, logger);
  } catch (e) {
    // A setting that names a file (local standards, indicator targets) is read while the modules start.
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\nThe API did not start. Fix the settings above and start it again.\n`);
      process.exit(78); // EX_CONFIG
    }
    throw e;
  }
  await app.listen(config.PORT, config.HOST);
  const url = await app.getUrl();
  logger.info({ url, web: `${url}/app`, store: config.EVENT_STORE, env: config.NODE_ENV }, 'child journey engine listening');
  if (config.NODE_ENV !== 'production') {
    logger.info(
      {
        web: `${url}/app`,
        openApi: `${url}/api/docs`,
        devLogin: `POST ${url}/auth/dev-login {"userId": "…"}`,
        demoUsers: DEMO_USERS.map((u) => `${u.userId} (${u.role}, ${u.team})`),
      },
      `open ${url}/app in a browser and sign in as a demo user`,
    );
  }

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing requests in flight');
    const force = setTimeout(() => {
      logger.error({ timeoutMs: config.SHUTDOWN_TIMEOUT_MS }, 'shutdown timed out; exiting');
      logger.flush(() => process.exit(1));
    }, config.SHUTDOWN_TIMEOUT_MS);
    force.unref();
    app
      .close()
      .then(() => {
        logger.info('stopped cleanly');
        logger.flush(() => process.exit(0));
      })
      .catch((err: unknown) => {
        logger.error({ err: err instanceof Error ? err.message : String(err) }, 'error while shutting down');
        logger.flush(() => process.exit(1));
      });
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

main().catch((err: unknown) => {
  process.stderr.write(`The API failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  if (rootLogger) rootLogger.flush(() => process.exit(1));
  else process.exit(1);
});
