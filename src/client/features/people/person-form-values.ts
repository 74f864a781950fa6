import type { LegalBasis, Person, PersonCreate, PersonUpdate } from '../../../shared/contracts/people.js';

/** What the profile form edits, as the inputs hold it (text everywhere, '' for empty). */
export interface PersonFormValues {
  firstName: string;
  lastName: string;
  email: string;
  mobile: string;
  landline: string;
  /** Additional e-mails and phones, one input each ('' for a row just added). */
  extraEmails: string[];
  extraPhones: string[];
  birthDate: string;
  addressLine1: string;
  addressLine2: string;
  postalCode: string;
  city: string;
  communeCode: string;
  pollingStationCode: string;
  constituencyCode: string;
  /** '' for unknown, '1'…'5'. */
  supportLevel: string;
  legalBasis: LegalBasis;
  dataSource: string;
  externalId: string;
  isVolunteer: boolean;
  doNotCall: boolean;
  doNotCallReason: string;
  doNotEmail: boolean;
  doNotEmailReason: string;
  doNotText: boolean;
  doNotTextReason: string;
}

function shown(phone: Person['phones'][number] | undefined): string {
  return phone ? (phone.valid && phone.national ? phone.national : (phone.raw ?? '')) : '';
}

function phoneText(person: Person, kind: 'mobile' | 'landline'): string {
  // The primary phones come first in `phones`, the additional ones after them.
  const primary = person.phones.slice(0, person.phones.length - person.extraPhones.length);
  return shown(primary.find((p) => p.kind === kind));
}

/** The form's starting values: a person's profile, or an empty new person. */
export function formValuesOf(person: Person | null): PersonFormValues {
  return {
    firstName: person?.firstName ?? '',
    lastName: person?.lastName ?? '',
    email: person?.emails[0] ?? '',
    mobile: person ? phoneText(person, 'mobile') : '',
    landline: person ? phoneText(person, 'landline') : '',
    extraEmails: person ? [...person.extraEmails] : [],
    extraPhones: person ? person.extraPhones.map(shown) : [],
    birthDate: person?.birthDate ?? '',
    addressLine1: person?.address.line1 ?? '',
    addressLine2: person?.address.line2 ?? '',
    postalCode: person?.address.postalCode ?? '',
    city: person?.address.city ?? '',
    communeCode: person?.communeCode ?? '',
    pollingStationCode: person?.pollingStationCode ?? '',
    constituencyCode: person?.constituencyCode ?? '',
    supportLevel: person?.supportLevel ? String(person.supportLevel) : '',
    legalBasis: person?.legalBasis ?? 'consent',
    dataSource: person?.dataSource ?? 'manual',
    externalId: person?.externalId ?? '',
    isVolunteer: person?.isVolunteer ?? false,
    doNotCall: person?.doNotCall.active ?? false,
    doNotCallReason: person?.doNotCall.reason ?? '',
    doNotEmail: person?.doNotEmail.active ?? false,
    doNotEmailReason: person?.doNotEmail.reason ?? '',
    doNotText: person?.doNotText.active ?? false,
    doNotTextReason: person?.doNotText.reason ?? '',
  };
}

function toBody(v: PersonFormValues): PersonUpdate {
  return {
    firstName: v.firstName,
    lastName: v.lastName,
    email: v.email,
    mobile: v.mobile,
    landline: v.landline,
    extraEmails: v.extraEmails.map((e) => e.trim()).filter((e) => e !== ''),
    extraPhones: v.extraPhones.map((p) => p.trim()).filter((p) => p !== ''),
    birthDate: v.birthDate,
    address: { line1: v.addressLine1, line2: v.addressLine2, postalCode: v.postalCode, city: v.city },
    communeCode: v.communeCode,
    pollingStationCode: v.pollingStationCode,
    constituencyCode: v.constituencyCode,
    supportLevel: v.supportLevel === '' ? null : Number(v.supportLevel),
    legalBasis: v.legalBasis,
    dataSource: v.dataSource.trim() === '' ? 'manual' : v.dataSource,
    externalId: v.externalId,
    isVolunteer: v.isVolunteer,
    doNotCall: v.doNotCall,
    doNotCallReason: v.doNotCall ? v.doNotCallReason : null,
    doNotEmail: v.doNotEmail,
    doNotEmailReason: v.doNotEmail ? v.doNotEmailReason : null,
    doNotText: v.doNotText,
    doNotTextReason: v.doNotText ? v.doNotTextReason : null,
  };
}

/** A new person's body, from the form. */
export function createBody(values: PersonFormValues): PersonCreate {
  return { ...toBody(values), legalBasis: values.legalBasis };
}

/**
 * Only what the organizer changed: an imported phone the server could not read stays as it is
 * unless it was retyped, so it never blocks saving another field.
 */
export function updateBody(initial: PersonFormValues, current: PersonFormValues): PersonUpdate {
  const before = toBody(initial);
  const after = toBody(current);
  const body: Record<string, unknown> = {};
  for (const key of Object.keys(after) as (keyof PersonUpdate)[]) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) body[key] = after[key];
  }
  // A reason only means something beside its flag.
  for (const flag of ['doNotCall', 'doNotEmail', 'doNotText'] as const) {
    if (`${flag}Reason` in body && !(flag in body)) body[flag] = after[flag];
  }
  return body as PersonUpdate;
}
