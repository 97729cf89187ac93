import 'reflect-metadata';
import { join } from 'node:path';
import { type INestApplication, ValidationPipe } from '@nestjs/common';
import express, { type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { Logger } from 'pino';
import { AppModule } from './app.module.js';
import type { AppConfig } from '@cje/runtime';
import { ProblemDetailsFilter, toProblem } from './http/problem-details.filter.js';
import { BODY_VALIDATION } from './http/validation-options.js';
import { JsonLogger } from './logging/json-logger.js';
import { WebErrorPages } from './web/web-error-pages.js';
import { WEB_PATHS } from './web/web-paths.js';
import { requestLogging } from './logging/request-logging.middleware.js';

/** Static files the web interface may load: nothing else under those folders (templates, Sass sources) is served. */
const ASSET_FILE = /\.(css|js|mjs|svg|png|ico|woff2?|json)$/;

function staticAssets(...roots: string[]): express.RequestHandler[] {
  const notFound: express.RequestHandler = (_req, res) => void res.status(404).type('text/plain').send('Not found');
  const onlyAssets: express.RequestHandler = (req, res, next) => (ASSET_FILE.test(req.path) ? next() : notFound(req, res, next));
  return [onlyAssets, ...roots.map((root) => express.static(root, { index: false, redirect: false, maxAge: '1h', dotfiles: 'ignore' })), notFound];
}

/**
 * For the web interface this API hosts: scripts, styles, fonts and images from this origin only (no inline script, no
 * CDN), requests back to this origin only, never framed, no plugins.
 */
const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  scriptSrcAttr: ["'none'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/** Builds the Nest application (without listening) so tests and main share one set-up. */
export async function createApp(config: AppConfig, logger: Logger): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    logger: new JsonLogger(logger.child({ component: 'nest' })),
    bodyParser: false,
    abortOnError: false,
  });
  app.disable('x-powered-by');
  app.use(requestLogging(logger.child({ component: 'http' })));
  app.use(helmet({ contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY } }));
  // Swagger UI writes a few inline styles; its scripts stay self-hosted like everything else.
  app.use('/api/docs', helmet.contentSecurityPolicy({ useDefaults: false, directives: { ...CONTENT_SECURITY_POLICY, styleSrc: ["'self'", "'unsafe-inline'"] } }));
  // Styles, scripts, fonts and images of the web interface hold no records: cacheable, unlike everything below.
  app.use('/assets/govuk', staticAssets(join(WEB_PATHS.govukDist, 'govuk')));
  app.use('/assets/app', staticAssets(WEB_PATHS.styles, WEB_PATHS.public));
  app.use('/', (req: Request, res: Response, next: NextFunction) => (req.method === 'GET' && req.path === '/' ? res.redirect(303, '/app') : next()));
  // Children's records must not linger in browser or proxy caches.
  app.use((_req: Request, res: Response, next: NextFunction) => {
    res.setHeader('cache-control', 'no-store');
    next();
  });
  app.useBodyParser('json', { limit: '100kb' });
  app.useBodyParser('urlencoded', { limit: '100kb', extended: false });
  // Body-parser failures (malformed JSON, too large) happen before Nest's router: answer them as problems too.
  app.use((err: unknown, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(err);
    const problem = toProblem(err);
    res.status(problem.status).type('application/problem+json').json({ ...problem, instance: req.originalUrl.split('?')[0] });
  });
  app.useGlobalFilters(new ProblemDetailsFilter(logger.child({ component: 'errors' }), app.get(WebErrorPages)));
  app.useGlobalPipes(new ValidationPipe(BODY_VALIDATION));
  const openApi = new DocumentBuilder()
    .setTitle('Child journey engine')
    .setDescription("Commands and queries for children's social care: the statutory journey, timescales, caseloads, audit.")
    .setVersion('0.1.0')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, openApi));
  return app;
}
