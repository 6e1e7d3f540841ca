import { ValidationPipe } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError, type ValidatorOptions } from 'class-validator';
import { DomainError } from '@justera/application';

/** A field-level problem, as the error body's `details` carries it (the workspace shows it beside the field). */
export interface FieldIssue {
  path: string;
  message: string;
}

/** How every request DTO is checked: unknown properties are refused, not silently dropped. */
const OPTIONS: ValidatorOptions = { whitelist: true, forbidNonWhitelisted: true };

/** class-validator's errors as field issues (one per failed constraint). */
export function fieldIssues(errors: ValidationError[]): FieldIssue[] {
  return errors.flatMap((e) => Object.values(e.constraints ?? { invalid: `${e.property} is invalid` }).map((message) => ({ path: e.property, message })));
}

/** The global pipe: a DTO that fails becomes `invalid_request` with every field issue in `details`. */
export function validationPipe(): ValidationPipe {
  return new ValidationPipe({
    ...OPTIONS,
    transform: true,
    exceptionFactory: (errors) => {
      const details = fieldIssues(errors);
      return new DomainError('invalid_request', details.map((d) => d.message).join('; '), details);
    },
  });
}

/**
 * The same check as the global pipe, returning the issues instead of throwing: for a request whose
 * other parts (an uploaded file, JSON-encoded lists) are checked by the use case, so that one answer
 * names every mistake of the form at once. The route's @Body() is then untyped (the pipe skips it).
 */
export function readDto<T extends object>(cls: new () => T, raw: unknown): { dto: T; issues: FieldIssue[] } {
  const dto = plainToInstance(cls, raw && typeof raw === 'object' ? raw : {});
  return { dto, issues: fieldIssues(validateSync(dto, OPTIONS)) };
}
