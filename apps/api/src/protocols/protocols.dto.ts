import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsObject, IsOptional, IsString, IsUUID, Length, Matches, Max, MaxLength, Min } from 'class-validator';

const DRAFT_DESCRIPTION =
  "true: save a draft that is not complete yet (the editor's autosave). Missing fields, blank texts and the rules of the format are answered in `errors`/`warnings` instead of refusing; a wrong shape (unknown field, wrong type, too long) is still refused with 400. A draft must be complete before a justering starts.";

export class CreateProtocolDto {
  @ApiProperty({ description: 'The organ (nämnd, styrelse) the protocol belongs to' })
  @IsUUID()
  organId: string;

  @ApiProperty({ description: 'The protocol, see /api/schemas/protocol.json', type: 'object', additionalProperties: true })
  @IsObject()
  protocol: unknown;

  @ApiPropertyOptional({ description: DRAFT_DESCRIPTION })
  @IsOptional()
  @IsBoolean({ message: 'draft är true eller false.' })
  draft?: boolean;
}

export class UpdateProtocolDto {
  @ApiProperty({ type: 'object', additionalProperties: true })
  @IsObject()
  protocol: unknown;

  @ApiPropertyOptional({ description: DRAFT_DESCRIPTION })
  @IsOptional()
  @IsBoolean({ message: 'draft är true eller false.' })
  draft?: boolean;

  @ApiPropertyOptional({ description: 'rowVersion as read; the update fails with 409 when someone saved in between' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  rowVersion?: number;
}

export class ListProtocolsQuery {
  @ApiPropertyOptional({ description: 'Only the protocols of this organ (latest meeting first)' })
  @IsOptional()
  @IsUUID('all', { message: 'Välj organ.' })
  organId?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @ApiPropertyOptional({ minimum: 0, default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  offset?: number;
}

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/** An optional text field of at most `max` characters (one Swedish message for both checks). */
const OptionalText = (max: number, message: string) => applyDecorators(IsOptional(), IsString({ message }), MaxLength(max, { message }));
/** An optional date (ÅÅÅÅ-MM-DD) or time (TT:MM) field. */
const OptionalMatch = (pattern: RegExp, message: string) => applyDecorators(IsOptional(), Matches(pattern, { message }));

/**
 * The metadata of a PDF made elsewhere (multipart fields beside the file, or the JSON body of
 * PUT /api/protocols/:id/metadata). Messages are Swedish: the workspace shows them beside the field.
 */
export class UploadMetadataDto {
  @ApiProperty({ example: 'Protokoll kommunstyrelsen 2025-03-05' })
  @IsString({ message: 'Ange en titel.' })
  @Length(1, 400, { message: 'Titeln ska vara 1–400 tecken.' })
  title: string;

  @ApiProperty({ example: '2025-03-05' })
  @Matches(DATE, { message: 'Ange sammanträdesdatum som ÅÅÅÅ-MM-DD.' })
  meetingDate: string;

  @ApiPropertyOptional({ example: '13:00' })
  @OptionalMatch(TIME, 'Ange tiden som TT:MM, t.ex. 13:00.')
  meetingTime?: string;

  @ApiPropertyOptional({ example: '§§ 17-28' })
  @OptionalText(200, 'Paragraferna får vara högst 200 tecken.')
  paragraphs?: string;

  @ApiProperty({ example: 'Kommunkansliet, Stadshuset' })
  @IsString({ message: 'Ange förvaringsplats.' })
  @Length(1, 200, { message: 'Ange förvaringsplats (högst 200 tecken).' })
  storagePlace: string;

  @ApiPropertyOptional({ example: 'Kommunkansliet' })
  @OptionalText(200, 'Justeringsplatsen får vara högst 200 tecken.')
  justeringPlace?: string;

  @ApiPropertyOptional({ example: '2025-03-10' })
  @OptionalMatch(DATE, 'Ange justeringsdatum som ÅÅÅÅ-MM-DD.')
  justeringDate?: string;

  @ApiPropertyOptional({ example: '10:00' })
  @OptionalMatch(TIME, 'Ange tiden som TT:MM, t.ex. 10:00.')
  justeringTime?: string;

  @ApiPropertyOptional({ description: 'JSON array of {role, name, email}: sekreterare, ordforande, justerare' })
  @OptionalText(10_000, 'Undertecknarna får vara högst 10 000 tecken.')
  signatories?: string;

  @ApiPropertyOptional({ description: 'JSON array of {name, email}: ersättare who may replace a signatory during the round' })
  @OptionalText(10_000, 'Ersättarna får vara högst 10 000 tecken.')
  substitutes?: string;

  @ApiPropertyOptional({ enum: ['sequential', 'parallel'], description: 'Signing order used when the round starts (default sequential)' })
  @IsOptional()
  @IsIn(['sequential', 'parallel'], { message: 'Ordningen är sequential eller parallel.' })
  order?: 'sequential' | 'parallel';

  @ApiPropertyOptional({ enum: ['sv'] })
  @IsOptional()
  @IsIn(['sv'])
  language?: 'sv';
}

export class UploadProtocolDto extends UploadMetadataDto {
  @ApiProperty()
  @IsUUID('all', { message: 'Välj organ.' })
  organId: string;

  @ApiProperty({ type: 'string', format: 'binary', description: 'The PDF' })
  @IsOptional()
  file?: unknown;
}

export class UpdateMetadataDto extends UploadMetadataDto {
  @ApiPropertyOptional({ description: 'rowVersion as read; the update fails with 409 when someone saved in between' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  rowVersion?: number;
}

/**
 * POST /api/protocols/import: a Word document (.docx) and the organ it is for; the optional fields
 * are used only where the document does not say (docs/import.md). Nothing is saved.
 */
export class ImportDocxDto {
  @ApiProperty({ description: 'The organ the protocol will belong to (authorised like creating a protocol)' })
  @IsUUID('all', { message: 'Välj organ.' })
  organId: string;

  @ApiPropertyOptional({ description: 'Organisation, when the document does not name it (default: the organisation of the account)' })
  @OptionalText(500, 'Organisationen får vara högst 500 tecken.')
  organisation?: string;

  @ApiPropertyOptional({ description: 'Organ as printed, when the document does not name it (default: the organ chosen)' })
  @OptionalText(500, 'Organet får vara högst 500 tecken.')
  organ?: string;

  @ApiPropertyOptional({ example: '2025-03-05' })
  @OptionalMatch(DATE, 'Ange sammanträdesdatum som ÅÅÅÅ-MM-DD.')
  meetingDate?: string;

  @ApiPropertyOptional({ example: 'Stadshuset' })
  @OptionalText(500, 'Platsen får vara högst 500 tecken.')
  meetingPlace?: string;

  @ApiPropertyOptional({ example: 'Kommunkansliet' })
  @OptionalText(500, 'Förvaringsplatsen får vara högst 500 tecken.')
  storagePlace?: string;

  @ApiProperty({ type: 'string', format: 'binary', description: 'The Word document (.docx)' })
  @IsOptional()
  file?: unknown;
}

/** One line of the import report (Swedish `message`). */
export class ImportNoteDto {
  @ApiProperty({ example: 'paragraph' })
  code: string;

  @ApiProperty({ example: '§ 43 ”Ledningens information”: Beslut, Bakgrund.' })
  message: string;

  @ApiPropertyOptional({ example: 43 })
  paragraph?: number;
}

export class ImportReportDto {
  @ApiProperty({ type: [ImportNoteDto], description: 'What was recognised and where it went' })
  recognised: ImportNoteDto[];

  @ApiProperty({ type: [ImportNoteDto], description: 'What was removed (page furniture, contents, ANSLAG/BEVIS) or kept as § text' })
  setAside: ImportNoteDto[];

  @ApiProperty({ type: [ImportNoteDto], description: 'Required fields the document does not give' })
  missing: ImportNoteDto[];
}

export class ProtocolIssueDto {
  @ApiProperty({ example: 'meeting.date' })
  path: string;

  @ApiProperty({ example: 'required' })
  code: string;

  @ApiProperty()
  message: string;

  @ApiProperty({ description: 'Swedish, for the secretary' })
  messageSv: string;
}

export class DocxImportResponse {
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'The draft (the protocol format; may lack required fields, see report.missing and errors)',
  })
  protocol: Record<string, unknown>;

  @ApiProperty({ description: 'Whether the draft is a valid protocol as it is' })
  valid: boolean;

  @ApiProperty({ type: ImportReportDto })
  report: ImportReportDto;

  @ApiProperty({ type: [ProtocolIssueDto] })
  errors: ProtocolIssueDto[];

  @ApiProperty({ type: [ProtocolIssueDto] })
  warnings: ProtocolIssueDto[];
}
