import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import type { Board } from '@justera/anslag';
import { TAKE_DOWN_POLICIES } from '@justera/legal-dates';

export class CreateBoardDto {
  @ApiProperty({ description: 'Shown in the posting log, e.g. "Orsa kommuns anslagstavla"' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @ApiProperty({ enum: ['justera', 'external'], description: "justera: Justera's public board; external: another municipality's board (gemensam nämnd), posting dates recorded by hand" })
  @IsIn(['justera', 'external'])
  kind: 'justera' | 'external';

  @ApiPropertyOptional({ description: 'Where an external board is' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  url?: string;

  @ApiPropertyOptional({ enum: ['immediate', 'nextWorkingDayAt'], description: 'When Justera posts (justera boards)' })
  @IsOptional()
  @IsIn(['immediate', 'nextWorkingDayAt'])
  postingMode?: 'immediate' | 'nextWorkingDayAt';

  @ApiPropertyOptional({ description: 'Hour 0-23, Swedish time, for nextWorkingDayAt' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(23)
  postingHour?: number;

  @ApiPropertyOptional({ enum: TAKE_DOWN_POLICIES })
  @IsOptional()
  @IsIn([...TAKE_DOWN_POLICIES])
  takeDownPolicy?: string;

  @ApiPropertyOptional({ description: 'Publish the signed protocol PDF with the notice' })
  @IsOptional()
  @IsBoolean()
  publishPdf?: boolean;

  @ApiPropertyOptional({ description: 'Contact shown on the notice (e-mail or phone)' })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  contact?: string;
}

export class UpdateBoardDto {
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;

  @IsOptional()
  @IsString()
  @MaxLength(500)
  url?: string;

  @IsOptional()
  @IsIn(['immediate', 'nextWorkingDayAt'])
  postingMode?: 'immediate' | 'nextWorkingDayAt';

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(23)
  postingHour?: number;

  @IsOptional()
  @IsIn([...TAKE_DOWN_POLICIES])
  takeDownPolicy?: string;

  @IsOptional()
  @IsBoolean()
  publishPdf?: boolean;

  @IsOptional()
  @IsString()
  @MaxLength(300)
  contact?: string;

  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class RecordPostingDto {
  @ApiProperty({ description: 'The external board' })
  @IsUUID()
  boardId: string;

  @ApiProperty({ description: 'The day the notice went up there, YYYY-MM-DD' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'postedDate must be YYYY-MM-DD' })
  postedDate: string;
}

export class ListNoticesQuery {
  @IsOptional()
  @IsUUID()
  protocolId?: string;
}

/** A board as the JSON API answers it. */
export function boardView(b: Board) {
  return {
    id: b.id,
    organId: b.organId,
    name: b.name,
    kind: b.kind,
    url: b.url,
    postingPolicy: b.postingMode === 'nextWorkingDayAt' ? { mode: b.postingMode, hour: b.postingHour } : { mode: 'immediate' },
    takeDownPolicy: b.takeDownPolicy,
    publishPdf: b.publishPdf,
    contact: b.contact,
    active: b.active,
  };
}
