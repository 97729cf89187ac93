import 'reflect-metadata';
import { type INestApplication, ValidationPipe } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { Logger } from 'pino';
import { AppModule } from './app.module.js';
import type { AppConfig } from '@cje/runtime';
import { ProblemDetailsFilter, toProblem } from './http/problem-details.filter.js';
import { JsonLogger } from './logging/json-logger.js';
import { requestLogging } from './logging/request-logging.middleware.js';

/** Builds the Nest application (without listening) so tests and main share one set-up. */
export async function createApp(config: AppConfig, logger: Logger): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    logger: new JsonLogger(logger.child({ component: 'nest' })),
    bodyParser: false,
    abortOnError: false,
  });
  app.disable('x-powered-by');
  app.use(requestLogging(logger.child({ component: 'http' })));
  app.use(helmet());
  app.useBodyParser('json', { limit: '100kb' });
  app.useBodyParser('urlencoded', { limit: '100kb', extended: false });
  // Body-parser failures (malformed JSON, too large) happen before Nest's router: answer them as problems too.
  app.use((err: unknown, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(err);
    const problem = toProblem(err);
    res.status(problem.status).type('application/problem+json').json({ ...problem, instance: req.originalUrl.split('?')[0] });
  });
  app.useGlobalFilters(new ProblemDetailsFilter(logger.child({ component: 'errors' })));
  app.useGlobalPipes(
    new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true, stopAtFirstError: false, validationError: { target: false, value: false } }),
  );
  const openApi = new DocumentBuilder()
    .setTitle('Child journey engine')
    .setDescription("Commands and queries for children's social care: the statutory journey, timescales, caseloads, audit.")
    .setVersion('0.1.0')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, openApi));
  return app;
}
