import type { Contact, ContactFlag, LegalBasis, Person, PersonPhone, Tag } from '../../../shared/contracts/people.js';
import { formatPhoneNational } from '../../../shared/people/phone.js';
import type { ContactRow, ExtraContacts, PersonRow } from './people.repository.js';

/** Row → API shapes: the only way a person or a contact leaves the server. */

function iso(date: Date | null): string | null {
  return date === null ? null : date.toISOString();
}

function flag(active: boolean, at: Date | null, reason: string | null): ContactFlag {
  return { active, at: iso(at), reason };
}

function phone(kind: PersonPhone['kind'], e164: string | null, raw: string | null, valid: boolean): PersonPhone[] {
  if (e164 === null && raw === null) return [];
  return [{ kind, e164, national: e164 === null ? null : formatPhoneNational(e164), raw, valid }];
}

function fullName(first: string | null, last: string | null): string {
  return [first, last].filter((p) => p !== null && p !== '').join(' ');
}

const NO_EXTRAS: ExtraContacts = { emails: [], phones: [] };

/** A person's profile as organizers see it. */
export function presentPerson(row: PersonRow, tags: readonly Tag[], extras: ExtraContacts = NO_EXTRAS): Person {
  const extraPhones = extras.phones.flatMap((p) => phone(p.kind, p.e164, p.raw, p.valid));
  return {
    id: row.id,
    externalId: row.external_id,
    firstName: row.first_name,
    lastName: row.last_name,
    birthDate: row.birth_date,
    emails: [...(row.email === null ? [] : [row.email]), ...extras.emails],
    phones: [...phone('mobile', row.mobile_e164, row.mobile_raw, row.mobile_valid), ...phone('landline', row.phone_e164, row.phone_raw, row.phone_valid), ...extraPhones],
    extraEmails: [...extras.emails],
    extraPhones,
    address: { line1: row.address_line1, line2: row.address_line2, postalCode: row.postal_code, city: row.city },
    communeCode: row.commune_code,
    pollingStationCode: row.polling_station_code,
    constituencyCode: row.constituency_code,
    supportLevel: row.support_level,
    tags: tags.map((t) => ({ id: t.id, name: t.name })),
    customFields: row.custom_fields,
    recruiter: row.recruiter_id === null ? null : { id: row.recruiter_id, name: fullName(row.recruiter_first_name, row.recruiter_last_name) },
    doNotCall: flag(row.do_not_call, row.do_not_call_at, row.do_not_call_reason),
    doNotEmail: flag(row.do_not_email, row.do_not_email_at, row.do_not_email_reason),
    doNotText: flag(row.do_not_text, row.do_not_text_at, row.do_not_text_reason),
    dataSource: row.data_source,
    legalBasis: row.legal_basis as LegalBasis,
    isVolunteer: row.is_volunteer,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    lastContactedAt: iso(row.last_contacted_at),
  };
}

/** One entry of a person's timeline. */
export function presentContact(row: ContactRow): Contact {
  return {
    id: row.id,
    personId: row.person_id,
    type: row.type,
    status: row.status,
    notes: row.notes,
    madeBy: row.made_by === null ? null : { id: row.made_by, name: row.made_by_name ?? '' },
    madeAt: row.made_at.toISOString(),
    campaignId: row.campaign_id,
    scriptId: row.script_id,
    createdAt: row.created_at.toISOString(),
  };
}

/** The cursor of the page after this row: when it happened and its id, so equal times stay ordered. */
export function contactCursor(row: ContactRow): string {
  return `${row.made_at.toISOString()}_${row.id}`;
}
