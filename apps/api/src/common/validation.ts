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

/**
 * class-validator's default messages are English ("organId must be a UUID", "property x should not
 * exist"): a constraint whose message is a default one (it starts with the property's name) gets a
 * Swedish text naming the field. A DTO's own message (`{ message: 'Ange en titel.' }`) is kept.
 */
const CONSTRAINT_SV: Record<string, (field: string) => string> = {
  whitelistValidation: (f) => `Okänt fält: ${f}.`,
  isUuid: (f) => `${f}: ogiltigt id (ett UUID förväntas).`,
  isString: (f) => `${f}: en text förväntas.`,
  isInt: (f) => `${f}: ett heltal förväntas.`,
  isNumber: (f) => `${f}: ett tal förväntas.`,
  isBoolean: (f) => `${f}: true eller false förväntas.`,
  isEmail: (f) => `${f}: ogiltig e-postadress.`,
  isObject: (f) => `${f}: ett objekt förväntas.`,
  isArray: (f) => `${f}: en lista förväntas.`,
  isIn: (f) => `${f}: inte ett av de tillåtna värdena.`,
  isEnum: (f) => `${f}: inte ett av de tillåtna värdena.`,
  isNotEmpty: (f) => `${f}: får inte vara tomt.`,
  isDefined: (f) => `${f} saknas.`,
  min: (f) => `${f}: värdet är för litet.`,
  max: (f) => `${f}: värdet är för stort.`,
  minLength: (f) => `${f}: texten är för kort.`,
  maxLength: (f) => `${f}: texten är för lång.`,
  length: (f) => `${f}: texten har fel längd.`,
  matches: (f) => `${f}: fel format.`,
  arrayMinSize: (f) => `${f}: listan har för få element.`,
  arrayMaxSize: (f) => `${f}: listan har för många element.`,
};

function swedishConstraint(property: string, key: string, message: string): string {
  const isDefault =
    message.startsWith(`${property} `) || message.startsWith(`property ${property} `) || message.startsWith('each value in ');
  if (!isDefault) return message;
  return CONSTRAINT_SV[key]?.(property) ?? `${property}: ogiltigt värde.`;
}

/** class-validator's errors as field issues (one per failed constraint), in Swedish. */
export function fieldIssues(errors: ValidationError[]): FieldIssue[] {
  return errors.flatMap((e) =>
    Object.entries(e.constraints ?? { invalid: `${e.property} is invalid` }).map(([key, message]) => ({
      path: e.property,
      message: swedishConstraint(e.property, key, message),
    })),
  );
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
