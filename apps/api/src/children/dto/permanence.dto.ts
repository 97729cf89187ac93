import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsNumber, IsOptional, Max, Min } from 'class-validator';
import {
  ADOPTION_CEASED_REASONS,
  ADOPTION_PLACEMENT_TYPES,
  ADOPTION_REVERSAL_REASONS,
  FINAL_ORDERS,
  INTERIM_ORDERS,
  ORDERS_SOUGHT,
  PLACEMENT_PROVIDERS,
  PLACEMENT_TYPES,
  REASONS_EPISODE_CEASED,
  type AdoptionCeasedReason,
  type AdoptionPlacementType,
  type AdoptionReversalReason,
  type FinalOrder,
  type InterimOrder,
  type OrderSought,
  type PlacementProvider,
  type ReasonEpisodeCeased,
} from '@cje/journey';
import { CommandBodyDto, type CommandData } from './command-body.dto.js';
import { BooleanField, CodeField } from './fields.js';
import { FormField } from './form-schema.js';

export class IssueCareProceedingsDto extends CommandBodyDto implements CommandData<'IssueCareProceedings'> {
  @CodeField(ORDERS_SOUGHT)
  orderSought!: OrderSought;
}

export class MakeInterimCareOrderDto extends CommandBodyDto implements CommandData<'MakeInterimCareOrder'> {
  @CodeField(INTERIM_ORDERS)
  order!: InterimOrder;
}

export class MakeFinalOrderDto extends CommandBodyDto implements CommandData<'MakeFinalOrder'> {
  @CodeField(FINAL_ORDERS)
  order!: FinalOrder;
}

export class WithdrawCareProceedingsDto extends CommandBodyDto {}

export class RecordAdoptionDecisionDto extends CommandBodyDto {}

export class GrantPlacementOrderDto extends CommandBodyDto {}

export class MatchWithAdoptersDto extends CommandBodyDto {}

export class PlaceForAdoptionDto extends CommandBodyDto implements CommandData<'PlaceForAdoption'> {
  @CodeField(PLACEMENT_TYPES, { only: ADOPTION_PLACEMENT_TYPES, description: 'A3/A4 with consent, A5/A6 under a placement order', example: 'A6', label: 'Placement type' })
  place!: AdoptionPlacementType;

  @CodeField(PLACEMENT_PROVIDERS, { example: 'PR1', label: 'Placement provider' })
  provider!: PlacementProvider;

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 0, description: 'Miles from home, when known' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(10_000)
  @FormField({ kind: 'number', optional: true, nullable: true, label: 'Distance from home (miles)', hint: 'If known' })
  distanceFromHomeMiles: number | null = null;

  @ApiPropertyOptional({ type: Boolean, nullable: true, description: 'Inside the authority’s own area, when known' })
  @IsOptional()
  @IsBoolean()
  @FormField({ kind: 'boolean', optional: true, nullable: true, label: 'Is the placement inside the authority’s own area?', hint: 'If known' })
  insideLocalAuthority: boolean | null = null;

  @BooleanField({ description: 'The adopters are the current foster carers', label: 'Are the adopters the child’s current foster carers?', hint: false })
  sameCarer!: boolean;
}

export class GrantAdoptionOrderDto extends CommandBodyDto implements CommandData<'GrantAdoptionOrder'> {
  @CodeField(REASONS_EPISODE_CEASED, { only: ADOPTION_CEASED_REASONS, description: 'SSDA903 REC: E11 unopposed, E12 consent dispensed with', label: 'How the adoption order was made', hint: false })
  reasonEpisodeCeased!: AdoptionCeasedReason;
}

export class ReverseAdoptionDecisionDto extends CommandBodyDto implements CommandData<'ReverseAdoptionDecision'> {
  @CodeField(ADOPTION_REVERSAL_REASONS, { label: 'Why was the plan reversed?' })
  reason!: AdoptionReversalReason;
}

/** X1 (one episode follows another the same day) is written by the 903 return, never recorded. */
const CEASING_REASONS = REASONS_EPISODE_CEASED.map((entry) => entry.code).filter((code) => code !== 'X1');

export class CeaseLookedAfterDto extends CommandBodyDto implements CommandData<'CeaseLookedAfter'> {
  @CodeField(REASONS_EPISODE_CEASED, { only: CEASING_REASONS, description: 'SSDA903 REC', example: 'E4A', label: 'Why did the child cease to be looked after?', hint: false })
  reasonEpisodeCeased!: ReasonEpisodeCeased;
}
