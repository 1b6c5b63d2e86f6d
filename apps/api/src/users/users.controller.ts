import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Patch, Post } from '@nestjs/common';
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
import { CurrentPrincipal, Principal, RequireRole, SignedInAccess } from '../auth/principal';
import { ProblemView } from '../cases/cases.dto';
import {
  AssignableUserDto,
  CreateUserDto,
  MeDto,
  SetPasswordDto,
  UpdateUserDto,
  UserViewDto,
} from './users.dto';
import { UsersService } from '@patuh/accounts';

const userIdOf = (p: Principal): number => p.userId ?? -1;

@ApiTags('users')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ProblemView, description: 'No or bad credentials' })
@ApiForbiddenResponse({ type: ProblemView, description: 'The principal may not do this' })
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @RequireRole('admin')
  @ApiOperation({ summary: 'Make a user (admin)' })
  @ApiCreatedResponse({ type: UserViewDto })
  @ApiBadRequestResponse({ type: ProblemView, description: 'A field is wrong (e.g. an unknown district)' })
  @ApiConflictResponse({ type: ProblemView, description: 'The email is taken' })
  create(@Body() dto: CreateUserDto) {
    return this.users.create(dto);
  }

  @Get()
  @RequireRole('supervisor')
  @ApiOperation({ summary: 'Every user, active or not (admin, supervisor)' })
  @ApiOkResponse({ type: [UserViewDto] })
  list() {
    return this.users.list();
  }

  @Get('assignable')
  @RequireRole('inspector')
  @ApiOperation({ summary: 'The active users a case can be assigned to (inspectors and above), by name' })
  @ApiOkResponse({ type: [AssignableUserDto] })
  assignable() {
    return this.users.assignable();
  }

  @Get('me')
  @SignedInAccess()
  @ApiOperation({
    summary: 'The signed-in user: id, name, email, role, districts, and for an employer user its employer',
  })
  @ApiOkResponse({ type: MeDto })
  async me(@CurrentPrincipal() p: Principal): Promise<MeDto> {
    const u = await this.users.view(userIdOf(p));
    return {
      id: u.id,
      name: u.name,
      email: u.email,
      role: u.role,
      districts: u.districts,
      ...(u.employerId !== null ? { employerId: u.employerId } : {}),
    };
  }

  @Patch(':id')
  @RequireRole('admin')
  @ApiOperation({
    summary:
      "Change a user's role, name, districts or active flag (admin); deactivation or a role change ends their sessions at once",
  })
  @ApiParam({ name: 'id', type: Number })
  @ApiOkResponse({ type: UserViewDto })
  @ApiBadRequestResponse({ type: ProblemView })
  @ApiNotFoundResponse({ type: ProblemView })
  @ApiConflictResponse({ type: ProblemView, description: 'An admin deactivating or demoting themself' })
  update(
    @Param('id', ParseIntPipe) id: number,
    @Body() dto: UpdateUserDto,
    @CurrentPrincipal() p: Principal,
  ) {
    return this.users.update(id, dto, userIdOf(p));
  }

  @Post(':id/password')
  @RequireRole('admin')
  @HttpCode(204)
  @ApiOperation({ summary: "Set a user's password (admin); their current sessions end" })
  @ApiParam({ name: 'id', type: Number })
  @ApiNoContentResponse({ description: 'Set' })
  @ApiBadRequestResponse({ type: ProblemView })
  @ApiNotFoundResponse({ type: ProblemView })
  async setPassword(@Param('id', ParseIntPipe) id: number, @Body() dto: SetPasswordDto): Promise<void> {
    await this.users.setPassword(id, dto.password);
  }
}
