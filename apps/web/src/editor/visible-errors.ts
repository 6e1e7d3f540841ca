/** Which of a form's field messages to show (the editor's; pure, unit-tested in apps/web/test). */

/** The id of a field's control: `f-` and the path with every other character a dash. */
export function fieldId(path: string): string {
  return `f-${path.replace(/[^A-Za-z0-9_-]/g, '-')}`;
}

/**
 * The field messages to show: as mature forms do, a field's message appears once the person has left
 * the field (touched it) or has tried to save; a blank protocol is not red before anything is typed.
 * `touched` holds the ids of the controls left; an issue belongs to one when the ids are the same or
 * one encloses the other (a rich-text field's issues are at paths inside its own, a list's message
 * at the path around its rows).
 */
export function visibleErrors(errors: Record<string, string>, touched: ReadonlySet<string>, all: boolean): Record<string, string> {
  if (all) return errors;
  const ids = [...touched];
  return Object.fromEntries(
    Object.entries(errors).filter(([path]) => {
      const f = fieldId(path);
      return ids.some((id) => id === f || f.startsWith(`${id}-`) || id.startsWith(`${f}-`));
    }),
  );
}
