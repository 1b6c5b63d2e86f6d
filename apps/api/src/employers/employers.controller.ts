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
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { ProblemException } from '@patuh/core';
import { CurrentPrincipal, EmployerAccess, Principal, RequireRole } from '../auth/principal';
import { CreateApiKeyDto, CreateEmployerDto, ListEmployersQuery, UpdateEmployerDto } from './employers.dto';
import { EmployersService, toEmployerView } from './employers.service';

const scopeOf = (p: Principal) => (p.kind === 'employer' ? p.employerId : undefined);

@ApiTags('employers')
@ApiBearerAuth()
@Controller('employers')
export class EmployersController {
  constructor(private readonly employers: EmployersService) {}

  @Post()
  @RequireRole('admin')
  @ApiOperation({ summary: 'Register an employer (admin)' })
  create(@Body() dto: CreateEmployerDto) {
    return this.employers.create(dto);
  }

  @Get()
  @EmployerAccess()
  @ApiOperation({ summary: 'List employers (an employer key sees only itself)' })
  @ApiForbiddenResponse({ description: 'sort=risk with an employer key' })
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
  @ApiNotFoundResponse({ description: 'No such employer (or another employer, for an employer key)' })
  async get(@Param('id', ParseIntPipe) id: number, @CurrentPrincipal() p: Principal) {
    const employer = await this.employers.get(id, scopeOf(p));
    return { ...toEmployerView(employer), compliance: await this.employers.profile(id, p.kind === 'user') };
  }

  @Patch(':id')
  @RequireRole('admin')
  update(@Param('id', ParseIntPipe) id: number, @Body() dto: UpdateEmployerDto) {
    return this.employers.update(id, dto);
  }

  @Post(':id/api-keys')
  @RequireRole('admin')
  @ApiOperation({ summary: 'Issue an API key for the employer; the key is shown only in this response' })
  issueKey(
    @Param('id', ParseIntPipe) id: number,
    @Body() dto: CreateApiKeyDto,
    @CurrentPrincipal() p: Principal,
  ) {
    return this.employers.issueKey(id, dto.label, p.kind === 'user' ? p.userId : 0);
  }

  @Get(':id/api-keys')
  @RequireRole('admin')
  listKeys(@Param('id', ParseIntPipe) id: number) {
    return this.employers.listKeys(id);
  }

  @Delete(':id/api-keys/:keyId')
  @RequireRole('admin')
  @HttpCode(204)
  async revokeKey(@Param('id', ParseIntPipe) id: number, @Param('keyId', ParseIntPipe) keyId: number) {
    await this.employers.revokeKey(id, keyId);
  }
}
