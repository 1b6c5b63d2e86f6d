import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type as ToType } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

/** The base DTO of a keyset-paged list's query: `cursor` (opaque, from nextCursor) and `limit`. */
export interface PageQueryFields {
  cursor?: string;
  limit?: number;
}

/**
 * The one base for list queries: `class ListXQuery extends PageQuery({ defaultLimit: 50, maxLimit: 200 }) { … }`.
 * The service reads the limit with pageLimit(q.limit, defaultLimit, maxLimit) and pages with keysetPage.
 */
export function PageQuery(opts: { defaultLimit: number; maxLimit: number; cursorMaxLength?: number }) {
  class PageQueryBase implements PageQueryFields {
    @ApiPropertyOptional({ description: 'The nextCursor of the previous page' })
    @IsOptional()
    @IsString()
    @MaxLength(opts.cursorMaxLength ?? 300)
    cursor?: string;

    @ApiPropertyOptional({ minimum: 1, maximum: opts.maxLimit, default: opts.defaultLimit })
    @IsOptional()
    @ToType(() => Number)
    @IsInt()
    @Min(1)
    @Max(opts.maxLimit)
    limit?: number;
  }
  return PageQueryBase;
}
