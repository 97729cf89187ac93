import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsNumber, IsOptional, Max, Min } from 'class-validator';
import { PLACEMENT_PROVIDERS, PLACEMENT_TYPES, type PlacementDetails, type PlacementProvider, type PlacementType } from '@cje/journey';
import { CodeField } from './fields.js';
import { FormField } from './form-schema.js';

/** An SSDA903 placement: distance and location stand in for postcodes (the journey keeps no addresses). */
export class PlacementDto implements PlacementDetails {
  @CodeField(PLACEMENT_TYPES, { description: 'SSDA903 PLACE, valid for the collection year', example: 'U6', label: 'Placement type', hint: 'Valid for the collection year of the placement' })
  place!: PlacementType;

  @CodeField(PLACEMENT_PROVIDERS, { description: 'SSDA903 PLACE_PROVIDER', example: 'PR1', label: 'Placement provider', hint: false })
  provider!: PlacementProvider;

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 0, description: 'SSDA903 PL_DISTANCE: miles from home, when known', example: 4.2 })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(10_000)
  @FormField({ kind: 'number', optional: true, nullable: true, label: 'Distance from home (miles)', hint: 'If known' })
  distanceFromHomeMiles: number | null = null;

  @ApiPropertyOptional({ type: Boolean, nullable: true, description: 'SSDA903 PL_LOCATION: inside the authority’s own area, when known' })
  @IsOptional()
  @IsBoolean()
  @FormField({ kind: 'boolean', optional: true, nullable: true, label: 'Is the placement inside the authority’s own area?', hint: 'If known' })
  insideLocalAuthority: boolean | null = null;
}
