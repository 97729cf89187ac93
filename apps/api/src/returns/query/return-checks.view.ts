import { ApiProperty } from '@nestjs/swagger';

export class CheckFindingView {
  @ApiProperty({ example: '8614', description: 'The DfE rule id, J-… (the journey’s rules) or CJE-… (this engine’s notices)' }) ruleId!: string;
  @ApiProperty({ enum: ['DfE CIN', 'DfE 903', 'journey', 'engine'] }) source!: string;
  @ApiProperty({ enum: ['error', 'query'], description: 'An error blocks submission; a query needs a fix or a reason' }) severity!: string;
  @ApiProperty({ enum: ['CIN', '903', 'both'] }) return!: string;
  @ApiProperty({ example: 'FactorsIdentifiedAtAssessment', description: 'The data item (CIN element or 903 column)' }) field!: string;
  @ApiProperty({ description: 'The Department’s wording of the rule' }) message!: string;
  @ApiProperty({ description: 'How to put it right' }) fix!: string;
  @ApiProperty({ example: 'CINdetails referred 2025-05-01', description: 'Which record (never personal details)' }) where!: string;
}

export class ChildFindingsView {
  @ApiProperty() childId!: string;
  @ApiProperty() errors!: number;
  @ApiProperty() queries!: number;
  @ApiProperty({ type: [CheckFindingView] }) findings!: CheckFindingView[];
}

export class RuleCountView {
  @ApiProperty({ example: 'CJE-01' }) ruleId!: string;
  @ApiProperty({ enum: ['DfE CIN', 'DfE 903', 'journey', 'engine'] }) source!: string;
  @ApiProperty({ enum: ['error', 'query'] }) severity!: string;
  @ApiProperty() field!: string;
  @ApiProperty() message!: string;
  @ApiProperty({ description: 'Findings of this rule across the authority' }) count!: number;
}

export class ReturnChecksView {
  @ApiProperty({ example: '2025-26' }) year!: string;
  @ApiProperty({ description: 'Children in either return' }) childrenChecked!: number;
  @ApiProperty({ description: 'Error findings across the authority' }) errors!: number;
  @ApiProperty({ description: 'Query findings across the authority' }) queries!: number;
  @ApiProperty({ type: [RuleCountView], description: 'Findings counted by rule, most frequent first' }) summary!: RuleCountView[];
  @ApiProperty({ type: [CheckFindingView], description: 'Findings about a return as a whole (e.g. a census with no children)' })
  returnFindings!: CheckFindingView[];
  @ApiProperty({ description: 'Children with at least one finding' }) childrenWithFindings!: number;
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
  @ApiProperty({ type: [ChildFindingsView], description: 'This page of children with findings, by child id' }) children!: ChildFindingsView[];
}
