/** A one-time notice carried across an in-app navigation ("Protokollet är sparat"). */
let pending: string | null = null;

export function flash(message: string): void {
  pending = message;
}

export function takeFlash(): string | null {
  const m = pending;
  pending = null;
  return m;
}
