/** An organ's defaults for new protocols (admin page /admin/organ/:id), stored as JSON in organs.defaults. */
export interface OrganPerson {
  name: string;
  email?: string;
}

export interface OrganMember {
  name: string;
  party?: string;
  municipality?: string;
}

export interface OrganDefaults {
  /** The usual signatories: one sekreterare, one ordförande, one or two justerare (each may be left out). */
  signatories: { role: 'sekreterare' | 'ordforande' | 'justerare'; name: string; email: string }[];
  /** Ersättare who may sign instead of a justerare or the ordförande. */
  substitutes: OrganPerson[];
  /** The members (beslutande) for the editor's attendance list: name, party, municipality. */
  members: OrganMember[];
}

export const EMPTY_ORGAN_DEFAULTS: OrganDefaults = { signatories: [], substitutes: [], members: [] };

/** Reads the stored JSON; anything unreadable is "no defaults". */
export function parseOrganDefaults(json: string | null | undefined): OrganDefaults {
  if (!json) return { ...EMPTY_ORGAN_DEFAULTS };
  try {
    const v = JSON.parse(json) as Partial<OrganDefaults>;
    return {
      signatories: Array.isArray(v.signatories) ? v.signatories : [],
      substitutes: Array.isArray(v.substitutes) ? v.substitutes : [],
      members: Array.isArray(v.members) ? v.members : [],
    };
  } catch {
    return { ...EMPTY_ORGAN_DEFAULTS };
  }
}
