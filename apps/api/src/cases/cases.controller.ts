import { Controller, Get, Param, ParseIntPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { CasesService } from '@patuh/cases';
import { CommaList } from '@patuh/core';
import { CASE_STATUSES, SEVERITIES } from '@patuh/persistence';
import { RULE_CODES } from '@patuh/rules';
import { CurrentPrincipal, EmployerAccess, Principal } from '../auth/principal';

export class ListCasesQuery {
  @ApiPropertyOptional({ description: 'One or more, comma-separated', enum: CASE_STATUSES })
  @IsOptional()
  @CommaList()
  @IsIn(CASE_STATUSES, { each: true })
  status?: string[];

  @ApiPropertyOptional({ description: 'Rule code(s), comma-separated' })
  @IsOptional()
  @CommaList()
  @IsIn(RULE_CODES as string[], { each: true })
  rule?: string[];

  @ApiPropertyOptional({ enum: SEVERITIES })
  @IsOptional()
  @CommaList()
  @IsIn(SEVERITIES, { each: true })
  severity?: string[];

  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) employerId?: number;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(40) district?: string;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) assigneeId?: number;
  @ApiPropertyOptional()
  @IsOptional()
  @Matches(/^\d{16}$/, { message: 'nik must be 16 digits' })
  nik?: string;
  @ApiPropertyOptional({ default: 50, maximum: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(300) cursor?: string;
}

@ApiTags('cases')
@ApiBearerAuth()
@Controller()
export class CasesController {
  constructor(private readonly cases: CasesService) {}

  @Get('cases')
  @ApiOperation({ summary: 'The case queue: most severe first, then oldest; keyset pagination' })
  list(@Query() q: ListCasesQuery) {
    return this.cases.list(q);
  }

  @Get('cases/:id')
  @ApiOperation({
    summary: "A case, its history, and the worker's contracts and enrolments with that employer",
  })
  get(@Param('id', ParseIntPipe) id: number) {
    return this.cases.detail(id);
  }

  @Get('employer/cases')
  @EmployerAccess({ users: false })
  @ApiOperation({ summary: "An employer's own cases (employer API key)" })
  own(@Query() q: ListCasesQuery, @CurrentPrincipal() p: Principal) {
    return this.cases.list({ ...q, employerId: p.kind === 'employer' ? p.employerId : -1 });
  }

  @Get('employer/cases/:id')
  @EmployerAccess({ users: false })
  ownOne(@Param('id', ParseIntPipe) id: number, @CurrentPrincipal() p: Principal) {
    return this.cases.detail(id, p.kind === 'employer' ? p.employerId : -1);
  }
}
