import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { EmployerScale, SCALES } from '@patuh/persistence';

export class CreateEmployerDto {
  @ApiProperty({ description: 'Nomor Induk Berusaha: 13 digits, unique', example: '9120001234567' })
  @Matches(/^\d{13}$/, { message: 'nib must be exactly 13 digits' })
  nib!: string;

  @ApiProperty({ example: 'PT Contoh Tambang Sangatta' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  @ApiProperty({ enum: SCALES })
  @IsIn(SCALES, { message: `scale must be one of ${SCALES.join(', ')}` })
  scale!: EmployerScale;

  @ApiProperty({
    nullable: true,
    type: String,
    description: 'BPJS Ketenagakerjaan registration (NPP); null = not registered',
  })
  @ValidateIf((_, v) => v !== null && v !== undefined)
  @Matches(/^[A-Za-z0-9.-]{1,32}$/, { message: 'npp must be 1-32 letters, digits, "." or "-", or null' })
  npp!: string | null;

  @ApiPropertyOptional({
    description: "One of Kutai Timur's 18 kecamatan (reference data)",
    example: 'Sangatta Utara',
  })
  @IsOptional()
  @IsString()
  district?: string | null;

  @ApiPropertyOptional({ description: 'KBLI 2020 code (2-5 digits)', example: '05100' })
  @IsOptional()
  @Matches(/^\d{2,5}$/, { message: 'kbli must be 2 to 5 digits' })
  kbli?: string | null;

  @ApiPropertyOptional({ minimum: 1, maximum: 5, description: 'JKK risk group (PP 44/2015)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(5)
  jkkRiskGroup?: number | null;

  @ApiPropertyOptional({ example: 'hrd@contoh.co.id' })
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  contactEmail?: string | null;

  @ApiPropertyOptional({ description: 'The principal company whose site this contractor works at' })
  @IsOptional()
  @IsInt()
  @Min(1)
  principalEmployerId?: number | null;
}

export class UpdateEmployerDto extends PartialType(CreateEmployerDto) {}

export class ListEmployersQuery {
  @ApiPropertyOptional() @IsOptional() @IsString() district?: string;
  @ApiPropertyOptional({ enum: SCALES }) @IsOptional() @IsIn(SCALES) scale?: EmployerScale;
  @ApiPropertyOptional({ description: 'Search in name, NIB or NPP' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) cursor?: string;
  @ApiPropertyOptional({
    enum: ['id', 'risk'],
    default: 'id',
    description:
      'risk: employers with open cases, highest risk score first, each with riskScore and reasons (users only; docs/cases.md)',
  })
  @IsOptional()
  @IsIn(['id', 'risk'])
  sort?: 'id' | 'risk';
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}

export class CreateApiKeyDto {
  @ApiPropertyOptional({ example: 'payroll system' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  label?: string;
}
