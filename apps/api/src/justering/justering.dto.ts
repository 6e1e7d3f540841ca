import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsEmail, IsIn, IsInt, IsObject, IsOptional, IsString, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';

export class SignatoryOverrideDto {
  @IsIn(['sekreterare', 'ordforande', 'justerare'])
  role: 'sekreterare' | 'ordforande' | 'justerare';

  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @IsEmail()
  @MaxLength(254)
  email: string;
}

export class StartJusteringDto {
  @ApiPropertyOptional({ enum: ['sequential', 'parallel'] })
  /** sequential (default): sek → ord → jus 1 → jus 2; parallel: ordförande and justerare at once after the sekreterare. */
  @IsOptional()
  @IsIn(['sequential', 'parallel'])
  order?: 'sequential' | 'parallel';

  /** Replaces the protocol's signatories (required for an uploaded PDF without them). */
  @IsOptional()
  @IsArray()
  @ArrayMinSize(3)
  @ArrayMaxSize(4)
  @ValidateNested({ each: true })
  @Type(() => SignatoryOverrideDto)
  signatories?: SignatoryOverrideDto[];

  /** Omedelbar justering: only these §§ (a protokollsutdrag is frozen instead of the whole protocol). */
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @IsInt({ each: true })
  @Min(0, { each: true })
  paragraphs?: number[];

  @ApiPropertyOptional({ enum: ['e-postlank', 'e-legitimation'], description: "How the undertecknare are identified in this round; default: the organ's identity level (docs/identity.md)" })
  /** e-postlank: the mailed link; e-legitimation: the link and an e-legitimation at the configured OpenID provider. */
  @IsOptional()
  @IsIn(['e-postlank', 'e-legitimation'])
  identityLevel?: 'e-postlank' | 'e-legitimation';
}

export class ChangeEmailDto {
  @ApiProperty()
  @IsEmail({}, { message: 'Ange en giltig e-postadress, t.ex. namn@kommun.se.' })
  @MaxLength(254)
  email: string;
}

export class NewVersionDto {
  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  /** The corrected protocol (structured protocols); when absent the stored one is re-rendered. */
  @IsOptional()
  @IsObject()
  protocol?: Record<string, unknown>;

  /** Why (shown to the signers in the mail). */
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;
}

export class CancelJusteringDto {
  /** Why the justering is cancelled (mailed to the signatories who had a link, and audited). */
  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;
}

export class ReplaceSignatoryDto {
  @ApiProperty({ description: 'The substitute (ersättare) who signs instead' })
  @IsString({ message: 'Ange ett namn.' })
  @MinLength(1, { message: 'Ange ett namn.' })
  @MaxLength(200, { message: 'Namnet får vara högst 200 tecken.' })
  name: string;

  @ApiProperty()
  @IsEmail({}, { message: 'Ange en giltig e-postadress, t.ex. namn@kommun.se.' })
  @MaxLength(254)
  email: string;
}

/** Multipart fields beside the corrected PDF of an uploaded protocol. */
export class UploadVersionDto {
  @ApiPropertyOptional({ description: 'Why (shown to the signers in the mail)' })
  @IsOptional()
  @IsString()
  @MaxLength(2000, { message: 'Kommentaren får vara högst 2000 tecken.' })
  reason?: string;

  /** The corrected PDF (multipart field "file"). */
  @ApiProperty({ type: 'string', format: 'binary' })
  @IsOptional()
  file?: unknown;
}
