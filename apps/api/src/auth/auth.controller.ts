import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Throttle } from '@nestjs/throttler';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@patuh/config';
import { ProblemException, Public, verifyPassword } from '@patuh/core';
import { UserEntity } from '@patuh/persistence';
import { toUserView } from '../users/users.service';
import { LoginDto } from './auth.dto';
import { JwtClaims } from './auth.guard';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly jwt: JwtService,
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Public()
  @Throttle({ default: { limit: 10, ttl: 60_000 } })
  @Post('login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in; returns a bearer access token' })
  async login(@Body() dto: LoginDto) {
    const user = await this.users.findOne({ where: { email: dto.email.toLowerCase() } });
    // Verify even when the user is unknown, so timing does not reveal which emails exist.
    const ok = await verifyPassword(
      dto.password,
      user?.passwordHash ?? 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAA',
    );
    if (!user || !ok || !user.active)
      throw new ProblemException(401, 'Unauthorized', 'Wrong email or password');
    const claims: JwtClaims = { sub: user.id, role: user.role, email: user.email };
    const accessToken = await this.jwt.signAsync(claims);
    return {
      accessToken,
      tokenType: 'Bearer',
      expiresIn: this.config.env.JWT_TTL_SECONDS,
      user: toUserView(user),
    };
  }
}
