import { Controller, Get, Param } from '@nestjs/common';
import {
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProperty,
  ApiSecurity,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import { Throttle } from '@nestjs/throttler';
import { ProblemException, Public } from '@patuh/core';
import { NoticePdfService } from '@patuh/cases';
import { CASE_STATUSES } from '@patuh/persistence';
import { ProblemView } from '../cases/cases.dto';

export class NoticeVerificationDto {
  @ApiProperty({ enum: [true] }) genuine!: true;
  @ApiProperty({ example: '560/123/SP-I/DTKT-PK/XII/2026' }) letterNumber!: string;
  @ApiProperty({ format: 'date' }) letterDate!: string;
  @ApiProperty({ example: 'PT Sawit Makmur' }) employerName!: string;
  @ApiProperty({ enum: CASE_STATUSES, description: "The case's status now (e.g. resolved once remedied)" })
  caseStatus!: string;
  @ApiProperty({ example: 'ENROLMENT_MISSING', description: 'The rule the letter is about' }) rule!: string;
}

/**
 * CONTRACT §8 /verify/{code}: anyone holding a notice letter (the employer, a bank, a tender committee) checks it
 * is genuine, without signing in. It shows the letter's number and date, the employer's name and the case's status
 * now, and nothing personal. Codes are 80 random bits; the route is rate limited per client on top.
 */
@ApiTags('notices')
@Controller('notices')
export class NoticeVerifyController {
  constructor(private readonly notices: NoticePdfService) {}

  @Public()
  @ApiSecurity({})
  @Throttle({ default: { limit: 20, ttl: 60_000 } })
  @Get('verify/:code')
  @ApiOperation({ summary: 'Whether a notice letter with this verification code was issued (public)' })
  @ApiParam({ name: 'code', description: 'The code printed on the letter (dashes and case do not matter)' })
  @ApiOkResponse({ type: NoticeVerificationDto })
  @ApiNotFoundResponse({ type: ProblemView, description: 'No letter carries this code' })
  @ApiTooManyRequestsResponse({ type: ProblemView })
  async verify(@Param('code') code: string): Promise<NoticeVerificationDto> {
    const row = await this.notices.verify(code);
    if (!row)
      throw new ProblemException(404, 'Not Found', 'No notice letter was issued with this verification code');
    return { genuine: true, ...row };
  }
}
