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
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
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
  list(@Query() q: ListEmployersQuery, @CurrentPrincipal() p: Principal) {
    return this.employers.list(q, scopeOf(p));
  }

  @Get(':id')
  @EmployerAccess()
  @ApiOperation({ summary: 'One employer with its compliance summary' })
  async get(@Param('id', ParseIntPipe) id: number, @CurrentPrincipal() p: Principal) {
    const employer = await this.employers.get(id, scopeOf(p));
    return { ...toEmployerView(employer), compliance: await this.employers.complianceSummary(id) };
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
