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
}

export class ChangeEmailDto {
  @IsEmail()
  @MaxLength(254)
  email: string;
}

export class NewVersionDto {
  /** The corrected protocol (structured protocols); when absent the stored one is re-rendered. */
  @IsOptional()
  @IsObject()
  protocol?: Record<string, unknown>;

  /** Why (shown to the signers in the mail). */
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;
}
