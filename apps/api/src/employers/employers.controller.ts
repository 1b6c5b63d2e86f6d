import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseIntPipe,
  Patch,
  Post,
  Query,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { ProblemView } from '../cases/cases.dto';
import { ProblemException } from '@patuh/core';
import { CurrentPrincipal, EmployerAccess, Principal, RequireRole, userIdOf } from '../auth/principal';
import {
  ApiKeyView,
  CreateApiKeyDto,
  CreateEmployerDto,
  EmployerDetailView,
  EmployerPage,
  EmployerViewDto,
  IssuedKeyView,
  ListEmployersQuery,
  UpdateEmployerDto,
} from './employers.dto';
import { EmployersService, toEmployerView } from '@patuh/accounts';

const scopeOf = (p: Principal) => (p.kind === 'employer' ? p.employerId : undefined);

/** An employer's own user reaching for another employer's keys: 404, exactly as if it did not exist. */
const ownKeysOnly = (p: Principal, employerId: number) => {
  if (p.kind === 'employer' && p.employerId !== employerId)
    throw new ProblemException(404, 'Not Found', 'Employer not found');
};

@ApiTags('employers')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ProblemView, description: 'No or bad credentials' })
@Controller('employers')
export class EmployersController {
  constructor(private readonly employers: EmployersService) {}

  @Post()
  @RequireRole('admin')
  @ApiOperation({ summary: 'Register an employer (admin)' })
  @ApiCreatedResponse({ type: EmployerViewDto })
  @ApiBadRequestResponse({ type: ProblemView })
  @ApiForbiddenResponse({ type: ProblemView })
  @ApiConflictResponse({ type: ProblemView, description: 'The NIB is taken' })
  create(@Body() dto: CreateEmployerDto) {
    return this.employers.create(dto);
  }

  @Get()
  @EmployerAccess()
  @ApiOperation({ summary: 'List employers (an employer key sees only itself)' })
  @ApiOkResponse({ type: EmployerPage })
  @ApiBadRequestResponse({ type: ProblemView })
  @ApiForbiddenResponse({ type: ProblemView, description: 'sort=risk with an employer key' })
  list(@Query() q: ListEmployersQuery, @CurrentPrincipal() p: Principal) {
    if (q.sort === 'risk') {
      if (p.kind === 'employer')
        throw new ProblemException(403, 'Forbidden', 'The risk ranking is for labour inspectors');
      return this.employers.listByRisk(q);
    }
    return this.employers.list(q, scopeOf(p));
  }

  @Get(':id')
  @EmployerAccess()
  @ApiOperation({
    summary:
      'One employer with its compliance profile: workers, active workers, enrolled share, open cases by rule and severity, ' +
      'contract-type mix, latest self-reports, and (users only) the risk score with its reasons',
  })
  @ApiParam({ name: 'id', type: Number })
  @ApiOkResponse({ type: EmployerDetailView })
  @ApiNotFoundResponse({
    type: ProblemView,
    description: 'No such employer (or another employer, for an employer key)',
  })
  async get(@Param('id', ParseIntPipe) id: number, @CurrentPrincipal() p: Principal) {
    const employer = await this.employers.get(id, scopeOf(p));
    return { ...toEmployerView(employer), compliance: await this.employers.profile(id, p.kind === 'user') };
  }

  @Patch(':id')
  @RequireRole('admin')
  @ApiOperation({ summary: 'Change an employer (admin)' })
  @ApiParam({ name: 'id', type: Number })
  @ApiOkResponse({ type: EmployerViewDto })
  @ApiBadRequestResponse({ type: ProblemView })
  @ApiForbiddenResponse({ type: ProblemView })
  @ApiNotFoundResponse({ type: ProblemView })
  @ApiConflictResponse({ type: ProblemView })
  update(@Param('id', ParseIntPipe) id: number, @Body() dto: UpdateEmployerDto) {
    return this.employers.update(id, dto);
  }

  @Post(':id/api-keys')
  @RequireRole('admin', { employerUsers: true })
  @ApiOperation({
    summary:
      "Issue an API key for the employer (admin, or the employer's own user for its integrations); the key is shown only in this response",
  })
  @ApiParam({ name: 'id', type: Number })
  @ApiCreatedResponse({ type: IssuedKeyView })
  @ApiForbiddenResponse({ type: ProblemView })
  @ApiNotFoundResponse({ type: ProblemView })
  issueKey(
    @Param('id', ParseIntPipe) id: number,
    @Body() dto: CreateApiKeyDto,
    @CurrentPrincipal() p: Principal,
  ) {
    ownKeysOnly(p, id);
    return this.employers.issueKey(id, dto.label, userIdOf(p) ?? 0);
  }

  @Get(':id/api-keys')
  @RequireRole('admin', { employerUsers: true })
  @ApiOperation({ summary: "The employer's API keys (prefixes only; admin, or the employer's own user)" })
  @ApiParam({ name: 'id', type: Number })
  @ApiOkResponse({ type: [ApiKeyView] })
  @ApiForbiddenResponse({ type: ProblemView })
  @ApiNotFoundResponse({ type: ProblemView })
  listKeys(@Param('id', ParseIntPipe) id: number, @CurrentPrincipal() p: Principal) {
    ownKeysOnly(p, id);
    return this.employers.listKeys(id);
  }

  @Delete(':id/api-keys/:keyId')
  @RequireRole('admin', { employerUsers: true })
  @HttpCode(204)
  @ApiOperation({
    summary: "Revoke an API key (admin, or the employer's own user); it stops working at once",
  })
  @ApiParam({ name: 'id', type: Number })
  @ApiParam({ name: 'keyId', type: Number })
  @ApiNoContentResponse({ description: 'Revoked' })
  @ApiForbiddenResponse({ type: ProblemView })
  @ApiNotFoundResponse({ type: ProblemView })
  async revokeKey(
    @Param('id', ParseIntPipe) id: number,
    @Param('keyId', ParseIntPipe) keyId: number,
    @CurrentPrincipal() p: Principal,
  ) {
    ownKeysOnly(p, id);
    await this.employers.revokeKey(id, keyId);
  }
}
