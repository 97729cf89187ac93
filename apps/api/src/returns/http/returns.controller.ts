import { Controller, Get, Query, Res, StreamableFile } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '../../auth/auth.decorators.js';
import { ProblemView } from '../../children/dto/command-result.dto.js';
import { GetReturnChecks } from '../query/get-return-checks.query.js';
import { GetAnnexAWorkbook, GetCinCensusFile, GetSsda903Files, type ReturnFile } from '../query/get-return-files.query.js';
import { ReturnChecksView } from '../query/return-checks.view.js';
import { AnnexAQueryDto, CinCensusQueryDto, ReturnChecksQueryDto, ReturnYearQueryDto } from './returns-queries.dto.js';

const BINARY = { schema: { type: 'string', format: 'binary' } };

/**
 * The statutory returns and their pre-submission checks, for the managers who submit them. A return covers the whole
 * authority (the Department asks for every child, whichever team holds the case), so team managers and the head of
 * service see it all; social workers, auditors and administrators are refused (403).
 */
@ApiTags('returns')
@ApiBearerAuth()
@Roles('team_manager', 'head_of_service')
@ApiResponse({ status: 400, type: ProblemView, description: 'VALIDATION_FAILED: year (or another parameter) is missing or out of range' })
@ApiResponse({ status: 401, type: ProblemView, description: 'UNAUTHENTICATED: no valid bearer token' })
@ApiResponse({ status: 403, type: ProblemView, description: 'FORBIDDEN: returns are for team managers and the head of service' })
@Controller('returns')
export class ReturnsController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get('checks')
  @ApiOperation({
    operationId: 'getReturnChecks',
    summary: 'Pre-submission checks for the CIN census and SSDA903: findings per child with rule, field, message and fix',
    description: 'DfE CIN and 903 validation rules, the journey’s cross-field rules and the engine’s notices. Children with findings are paged by child id; summary counts every finding by rule.',
  })
  @ApiOkResponse({ type: ReturnChecksView })
  checks(@Query() query: ReturnChecksQueryDto): Promise<ReturnChecksView> {
    return this.queryBus.execute(new GetReturnChecks(Number(query.year), query.page ?? 1, query.pageSize ?? 50));
  }

  @Get('cin')
  @ApiOperation({ operationId: 'getCinCensus', summary: 'The children in need census for a collection year (XML, 2025-26 structure)' })
  @ApiProduces('application/xml')
  @ApiOkResponse({ description: 'The census XML, as an attachment', content: { 'application/xml': BINARY } })
  async cin(@Query() query: CinCensusQueryDto, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    return download(res, await this.queryBus.execute(new GetCinCensusFile(Number(query.year), query.lea ?? '000')));
  }

  @Get('ssda903')
  @ApiOperation({ operationId: 'getSsda903', summary: 'The SSDA903 return for a collection year: the eleven CSV files in one ZIP' })
  @ApiProduces('application/zip')
  @ApiOkResponse({ description: 'header, episodes, reviews, uasc, oc2, oc3, ad1, placed_for_adoption, previous_permanence, missing, social_worker', content: { 'application/zip': BINARY } })
  async ssda903(@Query() query: ReturnYearQueryDto, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    return download(res, await this.queryBus.execute(new GetSsda903Files(Number(query.year))));
  }

  @Get('annex-a')
  @ApiOperation({ operationId: 'getAnnexA', summary: 'Ofsted ILACS Annex A lists 1–11 as one workbook (.xlsx)' })
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOkResponse({ description: 'One sheet per list', content: { 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': BINARY } })
  async annexA(@Query() query: AnnexAQueryDto, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    return download(res, await this.queryBus.execute(new GetAnnexAWorkbook(query.asOf, query.months ?? 6)));
  }
}

function download(res: Response, file: ReturnFile): StreamableFile {
  res.setHeader('content-type', file.contentType);
  res.setHeader('content-disposition', `attachment; filename="${file.fileName}"`);
  return new StreamableFile(file.body);
}
