import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsEmail, IsIn, IsString, MaxLength, MinLength } from 'class-validator';
import { Role, ROLES } from '@patuh/persistence';
import { CurrentPrincipal, Principal, RequireRole } from '../auth/principal';
import { UsersService } from './users.service';

export class CreateUserDto {
  @ApiProperty() @IsEmail() email!: string;
  @ApiProperty({ minLength: 8 }) @IsString() @MinLength(8) @MaxLength(200) password!: string;
  @ApiProperty({ enum: ROLES }) @IsIn(ROLES) role!: Role;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200) name!: string;
}

@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @RequireRole('admin')
  create(@Body() dto: CreateUserDto) {
    return this.users.create(dto);
  }

  @Get()
  @RequireRole('admin')
  list() {
    return this.users.list();
  }

  @Get('me')
  me(@CurrentPrincipal() p: Principal) {
    return p;
  }
}
