import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { normalizePhone } from '../../../shared/people/phone.js';
import type { Tx } from '../../platform/db/database.js';

/** What a volunteer types in a public form. */
export interface VolunteerDetails {
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
}

/**
 * Finds the person by e-mail (then by phone) or creates them, marks them a volunteer and records
 * that they gave their consent through this form (GDPR: the basis on which the campaign holds
 * their data). A recruiter given by their link is kept only for someone not yet recruited.
 */
export async function upsertVolunteer(
  tx: Tx,
  orgId: string,
  details: VolunteerDetails,
  opts: { dataSource: string; recruiterId: string | null; now: Date; postalCode?: string },
): Promise<{ personId: string; created: boolean }> {
  const email = details.email.toLowerCase();
  // Two forms sent at once by the same person must not create two people.
  await sql`SELECT pg_advisory_xact_lock(hashtext(${`relais-volunteer:${orgId}:${email}`}))`.execute(tx);
  const phone = details.phone ? normalizePhone(details.phone) : null;
  const e164 = phone?.valid ? phone.e164 : null;
  const isMobile = phone?.kind === 'mobile';
  let existing = await tx
    .selectFrom('people')
    .select(['id', 'email', 'first_name', 'last_name', 'mobile_e164', 'phone_e164', 'recruiter_id', 'postal_code'])
    .where('org_id', '=', orgId)
    .where('email_normalized', '=', email)
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  if (!existing && e164) {
    existing = await tx
      .selectFrom('people')
      .select(['id', 'email', 'first_name', 'last_name', 'mobile_e164', 'phone_e164', 'recruiter_id', 'postal_code'])
      .where('org_id', '=', orgId)
      .where((eb) => eb.or([eb('mobile_e164', '=', e164), eb('phone_e164', '=', e164)]))
      .orderBy('id')
      .limit(1)
      .executeTakeFirst();
  }
  if (existing) {
    const recruiter = !existing.recruiter_id && opts.recruiterId && opts.recruiterId !== existing.id ? opts.recruiterId : null;
    await tx
      .updateTable('people')
      .set({
        is_volunteer: true,
        legal_basis: 'consent',
        // A public form fills gaps but never replaces what the campaign knows (anyone can type
        // someone else's phone number).
        ...(existing.email ? {} : { email: details.email }),
        updated_at: opts.now,
        ...(existing.first_name ? {} : { first_name: details.firstName }),
        ...(existing.last_name ? {} : { last_name: details.lastName }),
        ...(e164 && isMobile && !existing.mobile_e164 ? { mobile_e164: e164, mobile_raw: details.phone, mobile_valid: true } : {}),
        ...(e164 && !isMobile && !existing.phone_e164 ? { phone_e164: e164, phone_raw: details.phone, phone_valid: true } : {}),
        ...(opts.postalCode && !existing.postal_code ? { postal_code: opts.postalCode } : {}),
        ...(recruiter ? { recruiter_id: recruiter } : {}),
      })
      .where('org_id', '=', orgId)
      .where('id', '=', existing.id)
      .execute();
    return { personId: existing.id, created: false };
  }
  const row = await tx
    .insertInto('people')
    .values({
      org_id: orgId,
      first_name: details.firstName,
      last_name: details.lastName,
      email: details.email,
      ...(e164 && isMobile ? { mobile_e164: e164, mobile_raw: details.phone, mobile_valid: true } : {}),
      ...(e164 && !isMobile ? { phone_e164: e164, phone_raw: details.phone, phone_valid: true } : {}),
      ...(opts.postalCode ? { postal_code: opts.postalCode } : {}),
      is_volunteer: true,
      recruiter_id: opts.recruiterId,
      data_source: opts.dataSource,
      legal_basis: 'consent',
      custom_fields: {},
      created_at: opts.now,
      updated_at: opts.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { personId: row.id, created: true };
}

/** The person behind a recruiter link, if the token is known. */
export async function recruiterByToken(tx: Tx, orgId: string, token: string | undefined): Promise<string | null> {
  if (!token) return null;
  const row = await tx.selectFrom('recruiter_links').select('person_id').where('org_id', '=', orgId).where('token', '=', token).executeTakeFirst();
  return row?.person_id ?? null;
}

/** A person's recruiter link token, created on first use and stable afterwards. */
/** A fresh recruiter link token: 12 random bytes, URL-safe. */
export function newRecruiterToken(): string {
  return randomBytes(12).toString('base64url');
}

export async function ensureRecruiterToken(tx: Tx, orgId: string, personId: string): Promise<string> {
  // A new link comes back from the insert; only an existing one needs reading.
  const created = await tx
    .insertInto('recruiter_links')
    .values({ org_id: orgId, person_id: personId, token: newRecruiterToken() })
    .onConflict((oc) => oc.columns(['org_id', 'person_id']).doNothing())
    .returning('token')
    .executeTakeFirst();
  if (created) return created.token;
  const row = await tx.selectFrom('recruiter_links').select('token').where('org_id', '=', orgId).where('person_id', '=', personId).executeTakeFirstOrThrow();
  return row.token;
}

/** Everyone who recruited or was recruited, for the recruitment tree (capped for one screen). */
export function recruitmentEdges(tx: Tx, orgId: string, limit = 5000) {
  return tx
    .selectFrom('people as p')
    .select(['p.id', 'p.first_name', 'p.last_name', 'p.recruiter_id'])
    .where('p.org_id', '=', orgId)
    .where((eb) =>
      eb.or([
        eb('p.recruiter_id', 'is not', null),
        eb.exists(eb.selectFrom('people as r').select('r.id').whereRef('r.org_id', '=', 'p.org_id').whereRef('r.recruiter_id', '=', 'p.id')),
      ]),
    )
    .orderBy('p.id')
    .limit(limit)
    .execute();
}
