import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { Logger } from 'pino';
import { AppModule } from './app.module.js';
import type { AppConfig } from './config/app-config.js';
import { JsonLogger } from './logging/json-logger.js';
import { requestLogging } from './logging/request-logging.middleware.js';

/** Builds the Nest application (without listening) so tests and main share one set-up. */
export async function createApp(config: AppConfig, logger: Logger): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    logger: new JsonLogger(logger.child({ component: 'nest' })),
    bodyParser: false,
  });
  app.disable('x-powered-by');
  app.useBodyParser('json', { limit: '100kb' });
  app.use(requestLogging(logger.child({ component: 'http' })));
  const openApi = new DocumentBuilder()
    .setTitle('Child journey engine')
    .setDescription("Commands and queries for children's social care: the statutory journey, timescales, caseloads, audit.")
    .setVersion('0.1.0')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, openApi));
  return app;
}
