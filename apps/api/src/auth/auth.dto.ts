import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsString, MaxLength, MinLength } from 'class-validator';
import { UserViewDto } from '../users/users.dto';

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

export class ChangePasswordDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200) currentPassword!: string;
  @ApiProperty({ minLength: 8, maxLength: 200 })
  @IsString()
  @MinLength(8)
  @MaxLength(200)
  newPassword!: string;
}

export class LoginResponseDto {
  @ApiProperty({ description: 'Send as `Authorization: Bearer <accessToken>`' }) accessToken!: string;
  @ApiProperty({ enum: ['Bearer'] }) tokenType!: string;
  @ApiProperty({ description: 'Seconds until the token expires' }) expiresIn!: number;
  @ApiProperty({ type: () => UserViewDto }) user!: UserViewDto;
}
