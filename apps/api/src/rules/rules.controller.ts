import { Controller, Get } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { ProblemView } from '../cases/cases.dto';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { RulesetService } from '@patuh/engine';
import { describeRulebook, RULE_CODES, SEVERITIES } from '@patuh/rules';
import { RequireRole } from '../auth/principal';

/** CONTRACT §5 GET /api/v1/rules: the rulebook in force, for the console and a lawyer to read what is judged. */
export const RULEBOOK_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['version', 'rules'],
  properties: {
    version: { type: 'string', example: '2.1.0' },
    rules: {
      type: 'array',
      items: {
        type: 'object',
        required: [
          'code',
          'nameId',
          'nameEn',
          'defaultSeverity',
          'parameters',
          'legalBasis',
          'descriptionId',
          'descriptionEn',
        ],
        properties: {
          code: { type: 'string', enum: [...RULE_CODES] },
          nameId: { type: 'string', example: 'Upah di bawah upah minimum' },
          nameEn: { type: 'string', example: 'Wage below the minimum wage (UMK or UMSK)' },
          defaultSeverity: { type: 'string', enum: [...SEVERITIES] },
          parameters: {
            type: 'object',
            additionalProperties: true,
            description:
              'the values in force (configuration and reference data) of the parameters the rule reads',
            example: { compensationDueDays: 7, pkwtChainGapDays: 30 },
          },
          legalBasis: {
            type: 'string',
            example: 'UU 13/2003 Art 61A as amended by UU 6/2023; PP 35/2021 Arts 15-17',
          },
          descriptionId: { type: 'string' },
          descriptionEn: { type: 'string' },
          level: { type: 'string', enum: ['worker', 'chain', 'employer', 'principal'] },
          severityLadder: { type: 'string' },
        },
      },
    },
  },
};

@ApiTags('rules')
@ApiBearerAuth()
@Controller('rules')
@ApiUnauthorizedResponse({ type: ProblemView, description: 'No or bad credentials' })
@ApiForbiddenResponse({ type: ProblemView, description: 'An employer key' })
export class RulesController {
  constructor(private readonly ruleset: RulesetService) {}

  @Get()
  @RequireRole('inspector')
  @ApiOperation({
    summary:
      'The rulebook in force: each rule with its names, description, legal basis and parameters (any user)',
  })
  @ApiOkResponse({ schema: RULEBOOK_SCHEMA })
  rules() {
    return describeRulebook(this.ruleset.params);
  }
}
