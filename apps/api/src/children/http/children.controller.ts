import { Body, Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { RecordAccess } from '../../audit/access-log/record-access.interceptor.js';
import { CurrentUser, Requires } from '../../auth/auth.decorators.js';
import type { Principal } from '../../auth/principal.js';
import type { CommandOutcome } from '../command/command-outcome.js';
import { RecordNewChildContact } from '../command/record-new-child-contact.js';
import { ChildView } from '../dto/child-view.dto.js';
import { CommandResultView, ProblemView } from '../dto/command-result.dto.js';
import { NewChildContactDto, newChildContactRequest } from '../dto/front-door.dto.js';
import { GetChild } from '../query/get-child.query.js';
import { ChildIdPipe } from './child-id.pipe.js';
import { etagOf } from './if-match.js';
import { CommandProblemResponses } from './problem-responses.js';
import { RequestId } from './request-id.decorator.js';

@ApiTags('children')
@ApiBearerAuth()
@Controller('children')
export class ChildrenController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly queryBus: QueryBus,
  ) {}

  @Post()
  @Requires('case.write')
  @HttpCode(201)
  @ApiOperation({
    operationId: 'recordContactForNewChild',
    summary: 'Record a contact about a child with no record yet (person matching first)',
    description:
      'Opens the child’s record with the contact. Before that, records of the same child are looked for (same normalised surname, date of birth or expected date of birth, and first initial): a possible match answers 409 POSSIBLE_DUPLICATE_CHILD with the ids of the matching records you may see, unless confirmNewChild is true. Names are used for matching only and never stored.',
  })
  @ApiBody({ type: NewChildContactDto })
  @ApiCreatedResponse({ type: CommandResultView, description: 'The record was opened; Location names it' })
  @ApiOkResponse({ type: CommandResultView, description: 'replayed: true, the command id was recorded before' })
  @ApiResponse({ status: 409, type: ProblemView, description: 'POSSIBLE_DUPLICATE_CHILD (with matchingChildIds), CHILD_ID_IN_USE, or a journey conflict' })
  @CommandProblemResponses()
  async recordContactForNewChild(
    @Body() body: NewChildContactDto,
    @CurrentUser() user: Principal,
    @RequestId() requestId: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandOutcome> {
    const outcome = await this.commandBus.execute(new RecordNewChildContact(newChildContactRequest(body, user, requestId)));
    res.status(outcome.replayed ? 200 : 201);
    res.setHeader('location', `/children/${outcome.childId}`);
    res.setHeader('etag', etagOf(outcome.revision));
    return outcome;
  }

  @Get(':childId')
  @RecordAccess('record')
  @ApiOperation({
    operationId: 'getChild',
    summary: 'Where the child’s journey stands: stage, open tracks, key dates, open deadlines, and the commands you may give now',
  })
  @ApiParam({ name: 'childId' })
  @ApiOkResponse({ type: ChildView, headers: { ETag: { description: 'The revision, for If-Match', schema: { type: 'string' } } } })
  @ApiResponse({ status: 404, type: ProblemView, description: 'CHILD_NOT_FOUND: no such child, or not open to you' })
  @ApiResponse({ status: 503, type: ProblemView, description: 'ACCESS_LOG_UNAVAILABLE: the read could not be logged, so nothing was shown' })
  async getChild(@Param('childId', ChildIdPipe) childId: string, @CurrentUser() user: Principal, @Res({ passthrough: true }) res: Response): Promise<ChildView> {
    const view = await this.queryBus.execute(new GetChild(childId, user));
    res.setHeader('etag', etagOf(view.revision));
    return view;
  }
}
