import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsString, MaxLength, MinLength } from 'class-validator';

export class LoginDto {
  @ApiProperty({ example: 'admin@patuh.local' })
  @IsEmail()
  email!: string;

  @ApiProperty({ example: 'change-me-please' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  password!: string;
}
