import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsObject, IsOptional, IsString, IsUUID, Length, Matches, Max, MaxLength, Min } from 'class-validator';

export class CreateProtocolDto {
  @ApiProperty({ description: 'The organ (nämnd, styrelse) the protocol belongs to' })
  @IsUUID()
  organId: string;

  @ApiProperty({ description: 'The protocol, see /api/schemas/protocol.json', type: 'object', additionalProperties: true })
  @IsObject()
  protocol: unknown;
}

export class UpdateProtocolDto {
  @ApiProperty({ type: 'object', additionalProperties: true })
  @IsObject()
  protocol: unknown;

  @ApiPropertyOptional({ description: 'rowVersion as read; the update fails with 409 when someone saved in between' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  rowVersion?: number;
}

export class ListProtocolsQuery {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  offset?: number;
}

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** The metadata a notice needs for a PDF made elsewhere (multipart fields beside the file). */
export class UploadProtocolDto {
  @ApiProperty()
  @IsUUID()
  organId: string;

  @ApiProperty({ example: 'Protokoll kommunstyrelsen 2025-03-05' })
  @IsString()
  @Length(1, 400)
  title: string;

  @ApiProperty({ example: '2025-03-05' })
  @Matches(DATE, { message: 'meetingDate must be a date YYYY-MM-DD' })
  meetingDate: string;

  @ApiPropertyOptional({ example: '§§ 17-28' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  paragraphs?: string;

  @ApiProperty({ example: 'Kommunkansliet, Stadshuset' })
  @IsString()
  @Length(1, 200)
  storagePlace: string;

  @ApiPropertyOptional({ description: 'JSON array of {role, name, email}: sekreterare, ordforande, justerare' })
  @IsOptional()
  @IsString()
  @MaxLength(10_000)
  signatories?: string;

  @ApiPropertyOptional({ enum: ['sv'] })
  @IsOptional()
  @IsIn(['sv'])
  language?: 'sv';
}
