import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiSecurity,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { Throttle } from '@nestjs/throttler';
import { APP_CONFIG, AppConfig } from '@patuh/config';
import { ProblemException, Public, verifyPassword } from '@patuh/core';
import type { UserEntity } from '@patuh/persistence';
import { toUserView, UsersService } from '@patuh/accounts';
import { ProblemView } from '../cases/cases.dto';
import { CurrentPrincipal, Principal, SignedInAccess, userIdOf } from './principal';
import { ChangePasswordDto, LoginDto, LoginResponseDto } from './auth.dto';
import { JwtClaims } from './auth.guard';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly accounts: UsersService,
  ) {}

  private async session(user: UserEntity): Promise<LoginResponseDto> {
    const claims: JwtClaims = { sub: user.id, role: user.role, email: user.email, tv: user.tokenVersion };
    const accessToken = await this.jwt.signAsync(claims);
    return {
      accessToken,
      tokenType: 'Bearer',
      expiresIn: this.config.env.JWT_TTL_SECONDS,
      user: toUserView(user),
    };
  }

  @Public()
  @ApiSecurity({})
  @Throttle({ default: { limit: 10, ttl: 60_000 } })
  @Post('login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in; returns a bearer access token' })
  @ApiOkResponse({ type: LoginResponseDto })
  @ApiBadRequestResponse({ type: ProblemView })
  @ApiUnauthorizedResponse({ type: ProblemView, description: 'Wrong email or password, or deactivated' })
  @ApiTooManyRequestsResponse({ type: ProblemView })
  async login(@Body() dto: LoginDto): Promise<LoginResponseDto> {
    const user = await this.accounts.findByEmail(dto.email);
    // Verify even when the user is unknown, so timing does not reveal which emails exist.
    const ok = await verifyPassword(
      dto.password,
      user?.passwordHash ?? 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAA',
    );
    if (!user || !ok || !user.active)
      throw new ProblemException(401, 'Unauthorized', 'Wrong email or password');
    return this.session(user);
  }

  @Post('password')
  @SignedInAccess()
  @HttpCode(200)
  @Throttle({ default: { limit: 10, ttl: 60_000 } })
  @ApiBearerAuth()
  @ApiOperation({
    summary:
      'Change your own password; your other sessions end, and the answer carries a new token for this one',
  })
  @ApiOkResponse({ type: LoginResponseDto })
  @ApiBadRequestResponse({
    type: ProblemView,
    description: 'The current password is wrong, or the new one too short',
  })
  @ApiUnauthorizedResponse({ type: ProblemView })
  async changePassword(
    @Body() dto: ChangePasswordDto,
    @CurrentPrincipal() p: Principal,
  ): Promise<LoginResponseDto> {
    const id = userIdOf(p) ?? -1;
    return this.session(await this.accounts.changeOwnPassword(id, dto.currentPassword, dto.newPassword));
  }
}
