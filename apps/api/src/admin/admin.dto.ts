import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsEmail, IsIn, IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';

export class CreateOrganDto {
  @ApiProperty({ example: 'Kommunstyrelsen' })
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiProperty({ example: 'kommunstyrelsen', description: 'URL name: a–z, 0–9 and "-"' })
  @Matches(/^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/, { message: 'slug may hold only a–z, 0–9 and "-" (1–64 characters)' })
  slug: string;

  @ApiPropertyOptional({ example: 'Kommunkansliet, Stadshuset' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  storagePlace?: string;

  @ApiPropertyOptional({
    enum: ['e-postlank', 'e-legitimation'],
    description: 'How the undertecknare are identified by default (docs/identity.md); default e-postlank',
  })
  @IsOptional()
  @IsIn(['e-postlank', 'e-legitimation'])
  identityLevel?: 'e-postlank' | 'e-legitimation';
}

/** The organ's settings that can change after it is created. */
export class UpdateOrganDto {
  @ApiPropertyOptional({
    enum: ['e-postlank', 'e-legitimation'],
    description: 'How the undertecknare are identified by default; a started justering keeps its own level',
  })
  @IsOptional()
  @IsIn(['e-postlank', 'e-legitimation'])
  identityLevel?: 'e-postlank' | 'e-legitimation';
}

export class CreateUserDto {
  @ApiProperty()
  @IsEmail()
  @MaxLength(254)
  email: string;

  @ApiProperty()
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiProperty({ enum: ['admin', 'sekreterare', 'revisor'] })
  @IsIn(['admin', 'sekreterare', 'revisor'])
  role: 'admin' | 'sekreterare' | 'revisor';

  @ApiProperty({ minLength: 12 })
  @IsString()
  @Length(12, 256)
  password: string;

  @ApiPropertyOptional({ type: [String], description: 'Organs a sekreterare serves' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsString({ each: true })
  organIds?: string[];
}

export class CreateApiKeyDto {
  @ApiProperty({ example: 'Webbplatsens integration' })
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiProperty({ enum: ['admin', 'sekreterare', 'revisor'] })
  @IsIn(['admin', 'sekreterare', 'revisor'])
  role: 'admin' | 'sekreterare' | 'revisor';

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsString({ each: true })
  organIds?: string[];
}

export class TestMailDto {
  @ApiProperty({ description: 'Where to send the test e-mail' })
  @IsEmail()
  @MaxLength(254)
  to: string;
}

export class LoginSettingsDto {
  @ApiProperty({
    description: "Staff may log in with a password; false: only through the organisation's single sign-on (which must be configured)",
  })
  @IsBoolean()
  passwordLogin: boolean;
}
