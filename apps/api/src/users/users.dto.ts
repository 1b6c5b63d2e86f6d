import { ApiProperty, ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { Role, ROLES } from '@patuh/persistence';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

const DISTRICTS_DOC: ApiPropertyOptions = {
  type: [String],
  nullable: true,
  description:
    'Kecamatan of Kutai Timur (reference data) this user works; their queue starts filtered to them. Empty or null: all. An unknown one → 400',
  example: ['Sangatta Utara'],
};

export class CreateUserDto {
  @ApiProperty() @IsEmail() @MaxLength(254) email!: string;
  @ApiProperty({ minLength: 8, maxLength: 200 }) @IsString() @MinLength(8) @MaxLength(200) password!: string;
  @ApiProperty({ enum: ROLES }) @IsIn(ROLES) role!: Role;
  @ApiProperty({ minLength: 1, maxLength: 200 })
  @IsString()
  @Transform(trim)
  @MinLength(1)
  @MaxLength(200)
  name!: string;
  @ApiPropertyOptional(DISTRICTS_DOC)
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(18)
  @IsString({ each: true })
  districts?: string[] | null;
  @ApiPropertyOptional({
    description:
      'The employer an `employer` user belongs to: required for, and only for, role `employer` (another role with it → 400)',
    example: 12,
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  employerId?: number;
}

export class UpdateUserDto {
  @ApiPropertyOptional({ enum: ROLES, description: "A change ends the user's current sessions" })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;
  @ApiPropertyOptional({ minLength: 1, maxLength: 200 })
  @IsOptional()
  @IsString()
  @Transform(trim)
  @MinLength(1)
  @MaxLength(200)
  name?: string;
  @ApiPropertyOptional(DISTRICTS_DOC)
  @ValidateIf((_, v) => v !== null && v !== undefined)
  @IsArray()
  @ArrayMaxSize(18)
  @IsString({ each: true })
  districts?: string[] | null;
  @ApiPropertyOptional({
    description: 'false deactivates: sign-in refused and every token stops working at once',
  })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class SetPasswordDto {
  @ApiProperty({ minLength: 8, maxLength: 200 }) @IsString() @MinLength(8) @MaxLength(200) password!: string;
}

export class UserViewDto {
  @ApiProperty() id!: number;
  @ApiProperty({ format: 'email' }) email!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ROLES }) role!: Role;
  @ApiProperty({ type: [String], description: 'Empty: all districts' }) districts!: string[];
  @ApiProperty({ type: Number, nullable: true, description: 'The employer of an `employer` user; else null' })
  employerId!: number | null;
  @ApiProperty() active!: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class AssignableUserDto {
  @ApiProperty() id!: number;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ROLES }) role!: Role;
  @ApiProperty({ type: [String], description: 'Empty: all districts' }) districts!: string[];
}

export class MeDto {
  @ApiProperty() id!: number;
  @ApiProperty() name!: string;
  @ApiProperty({ format: 'email' }) email!: string;
  @ApiProperty({ enum: ROLES }) role!: Role;
  @ApiProperty({ type: [String], description: 'Empty: all districts' }) districts!: string[];
  @ApiPropertyOptional({ description: 'The employer of an `employer` user; absent for the office' })
  employerId?: number;
}
