import 'reflect-metadata';
import { applyDecorators, Body, Controller, Headers, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentUser, Requires } from '../../auth/auth.decorators.js';
import type { Principal } from '../../auth/principal.js';
import type { CommandOutcome } from '../command/command-outcome.js';
import type { CommandBodyDto } from '../dto/command-body.dto.js';
import { CommandResultView } from '../dto/command-result.dto.js';
import { ChildIdPipe } from './child-id.pipe.js';
import { COMMAND_ROUTES, type CommandRoute, journeyCommandOf } from './command-routes.js';
import { etagOf, expectedRevisionFrom } from './if-match.js';
import { CommandProblemResponses } from './problem-responses.js';
import { RequestId } from './request-id.decorator.js';

/**
 * `POST /children/:childId/<command>`: one route per journey command, each with its own validated body class.
 * The routes are made from COMMAND_ROUTES below (one entry per command type, checked by the compiler) by applying
 * Nest's and Swagger's decorators explicitly, so no command can lack a route, a body class or its documentation.
 */
@ApiTags('child commands')
@ApiBearerAuth()
// Roles that never write (auditors, administrators) are refused before the body is even validated.
@Requires('case.write')
@Controller('children')
export class ChildCommandsController {
  constructor(private readonly commandBus: CommandBus) {}

  /** Where every command route ends. */
  async give(
    route: CommandRoute,
    childId: string,
    body: CommandBodyDto,
    user: Principal,
    requestId: string,
    ifMatch: string | undefined,
    res: Response,
  ): Promise<CommandOutcome> {
    const outcome = await this.commandBus.execute(journeyCommandOf(route, childId, body, { user, requestId, expectedRevision: expectedRevisionFrom(ifMatch) }));
    res.setHeader('etag', etagOf(outcome.revision));
    return outcome;
  }
}

type RouteHandler = (
  this: ChildCommandsController,
  childId: string,
  body: CommandBodyDto,
  user: Principal,
  requestId: string,
  ifMatch: string | undefined,
  res: Response,
) => Promise<CommandOutcome>;

function defineCommandRoute(route: CommandRoute): void {
  const prototype = ChildCommandsController.prototype;
  const handler: RouteHandler = function (childId, body, user, requestId, ifMatch, res) {
    return this.give(route, childId, body, user, requestId, ifMatch, res);
  };
  Object.defineProperty(handler, 'name', { value: route.method });
  Object.defineProperty(prototype, route.method, { value: handler, writable: true, configurable: true });
  // What TypeScript would emit for a hand-written method: the ValidationPipe validates the body against route.body.
  Reflect.defineMetadata('design:paramtypes', [String, route.body, Object, String, String, Object], prototype, route.method);
  Reflect.defineMetadata('design:returntype', Promise, prototype, route.method);
  const descriptor = Object.getOwnPropertyDescriptor(prototype, route.method);
  if (!descriptor) throw new Error(`route method ${route.method} was not defined`);
  applyDecorators(
    Post(`:childId/${route.path}`),
    HttpCode(200),
    ApiOperation({ operationId: route.method, summary: route.summary, description: `Journey command ${route.type}.` }),
    ApiParam({ name: 'childId', description: 'The child’s id' }),
    ApiHeader({ name: 'If-Match', required: false, description: 'The revision you acted on, e.g. "12": refused with 409 if the record has moved on since' }),
    ApiBody({ type: route.body }),
    ApiOkResponse({ type: CommandResultView, description: 'Recorded (or, with replayed: true, recorded before under this commandId)', headers: { ETag: { description: 'The child’s revision after the command', schema: { type: 'string' } } } }),
    CommandProblemResponses(),
  )(prototype, route.method, descriptor);
  Param('childId', ChildIdPipe)(prototype, route.method, 0);
  Body()(prototype, route.method, 1);
  CurrentUser()(prototype, route.method, 2);
  RequestId()(prototype, route.method, 3);
  Headers('if-match')(prototype, route.method, 4);
  Res({ passthrough: true })(prototype, route.method, 5);
}

for (const route of COMMAND_ROUTES) defineCommandRoute(route);
