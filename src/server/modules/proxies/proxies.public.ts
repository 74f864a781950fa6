import type { ProxyOfferForm, ProxyRequestForm } from '../../../shared/contracts/proxies.js';
import type { FieldError } from '../../../shared/errors.js';
import type { Locale } from '../../../shared/i18n/locales.js';
import { normalizePhone } from '../../../shared/people/phone.js';
import type { AppContext } from '../../platform/context.js';
import { inOrg, type Tx } from '../../platform/db/database.js';
import type { Actor } from '../../platform/http/actor.js';
import { AppError, notFound } from '../../platform/http/errors.js';
import { communeIndex } from './proxies.geography.js';
import { fieldMessage, type ProxyFieldError } from './proxies.messages.js';
import * as repo from './proxies.repository.js';
import { checkRounds, publicRounds } from './proxies.rounds.js';

/**
 * The two public forms (no account): a voter asks for someone to vote for them, a volunteer offers
 * to. Each creates or updates the person (found by e-mail, else phone) with their consent as the
 * legal basis, then their open request / available offer.
 */

async function publicOrg(ctx: AppContext, slug: string): Promise<string> {
  const orgId = await repo.orgIdBySlug(ctx.database.db, slug);
  if (!orgId) throw notFound();
  return orgId;
}

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/** Checks what zod cannot: consent, a way to reach them, a real phone and commune (rounds: refuseInvalid). */
function checkPersonFields(form: ProxyRequestForm | ProxyOfferForm, locale: Locale) {
  const fields: FieldError[] = [];
  const fail = (path: string, key: ProxyFieldError) => fields.push({ path, message: fieldMessage(key, locale) });
  if (!form.consent) fail('consent', 'consent_required');
  const phoneText = form.phone?.trim() ?? '';
  let phone: repo.PersonFromForm['phone'] = null;
  if (phoneText !== '') {
    const parsed = normalizePhone(phoneText);
    if (!parsed.valid || !parsed.e164) fail('phone', 'invalid_phone');
    else phone = { raw: phoneText, e164: parsed.e164, mobile: parsed.kind === 'mobile' };
  }
  if (!form.email && phoneText === '') {
    fail('email', 'contact_required');
    fail('phone', 'contact_required');
  }
  if (!communeIndex().byCode.has(form.communeCode)) fail('communeCode', 'unknown_commune');
  return { fields, phone, fail };
}

/** Refuses, naming every field at fault, a form whose rounds are not the organization's open ones. */
async function refuseInvalid(tx: Tx, ctx: AppContext, orgId: string, form: ProxyRequestForm | ProxyOfferForm, fields: FieldError[], locale: Locale): Promise<void> {
  const all = [...fields, ...(await checkRounds(tx, orgId, form.rounds, ctx.clock(), locale))];
  if (all.length > 0) throw new AppError('validation_failed', { fields: all });
}

function personFrom(form: ProxyRequestForm | ProxyOfferForm, phone: repo.PersonFromForm['phone'], birthDate: string | null): repo.PersonFromForm {
  const station = form.pollingStationCode?.trim() ?? '';
  return {
    firstName: form.firstName,
    lastName: form.lastName,
    email: form.email ?? null,
    phone,
    communeCode: form.communeCode,
    // Only a station code of this commune goes on the person; a typed name stays on the request.
    pollingStationCode: station.startsWith(`${form.communeCode}_`) ? station : null,
    birthDate,
  };
}

async function upsertPerson(tx: Tx, orgId: string, person: repo.PersonFromForm, now: Date): Promise<{ id: string; created: boolean }> {
  const found = await repo.findPersonByContact(tx, orgId, person.email, person.phone?.e164 ?? null);
  // Same phone but another known e-mail: a shared family number, not the same person.
  const existing = found && person.email && found.email && found.email.toLowerCase() !== person.email.toLowerCase() ? undefined : found;
  if (existing) {
    await repo.updatePersonFromForm(tx, orgId, existing, person, now);
    return { id: existing.id, created: false };
  }
  return { id: await repo.insertPerson(tx, orgId, person, now), created: true };
}

const uniqueSorted = (rounds: readonly string[]) => [...new Set(rounds)].sort();

/** "I need someone to vote for me." */
export async function submitRequestForm(ctx: AppContext, actor: Actor, slug: string, form: ProxyRequestForm) {
  const orgId = await publicOrg(ctx, slug);
  const { fields, phone } = checkPersonFields(form, actor.locale);
  const now = ctx.clock();
  return inOrg(ctx.database.db, { orgId }, async (tx) => {
    await refuseInvalid(tx, ctx, orgId, form, fields, actor.locale);
    const person = await upsertPerson(tx, orgId, personFrom(form, phone, null), now);
    await repo.upsertOpenRequest(
      tx,
      orgId,
      {
        person_id: person.id,
        commune_code: form.communeCode,
        polling_station_code: form.pollingStationCode?.trim() || null,
        rounds: uniqueSorted(form.rounds),
        established_abroad: form.establishedAbroad,
        origin: 'public_form',
        consent_at: now,
        locale: actor.locale,
      },
      now,
    );
    return { received: true as const, personCreated: person.created };
  });
}

/** "I can vote for someone." */
export async function submitOfferForm(ctx: AppContext, actor: Actor, slug: string, form: ProxyOfferForm) {
  const orgId = await publicOrg(ctx, slug);
  const { fields, phone, fail } = checkPersonFields(form, actor.locale);
  if (form.proxiesHeldInFrance > form.proxiesHeld) fail('proxiesHeldInFrance', 'held_in_france_above_held');
  if (form.proxiesHeld >= 2) fail('proxiesHeld', 'already_at_limit');
  if (form.birthDate !== undefined) {
    const d = new Date(`${form.birthDate}T00:00:00Z`);
    if (Number.isNaN(d.getTime()) || isoDay(d) !== form.birthDate) fail('birthDate', 'invalid_date');
  }
  const now = ctx.clock();
  return inOrg(ctx.database.db, { orgId }, async (tx) => {
    await refuseInvalid(tx, ctx, orgId, form, fields, actor.locale);
    const person = await upsertPerson(tx, orgId, personFrom(form, phone, form.birthDate ?? null), now);
    await repo.upsertAvailableOffer(
      tx,
      orgId,
      {
        person_id: person.id,
        commune_code: form.communeCode,
        polling_station_code: form.pollingStationCode?.trim() || null,
        rounds: uniqueSorted(form.rounds),
        max_travel_km: form.maxTravelKm ?? null,
        proxies_held: form.proxiesHeld,
        proxies_held_in_france: form.proxiesHeldInFrance,
        voter_number: form.voterNumber ?? null,
        origin: 'public_form',
        consent_at: now,
        locale: actor.locale,
      },
      now,
    );
    return { received: true as const, personCreated: person.created };
  });
}

/** The rounds a visitor may choose on the forms. */
export async function publicRoundList(ctx: AppContext, slug: string) {
  return publicRounds(ctx, await publicOrg(ctx, slug));
}

/** The stations a visitor may pick from for a commune. */
export async function publicStations(ctx: AppContext, slug: string, communeCode: string) {
  const orgId = await publicOrg(ctx, slug);
  const stations = await inOrg(ctx.database.db, { orgId }, (tx) => repo.stationsOfCommune(tx, orgId, communeCode));
  return { communeCode, communeName: communeIndex().byCode.get(communeCode)?.name ?? null, stations };
}

const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/[-'’\s]+/g, ' ')
    .trim();

/** Communes whose name starts with (or whose INSEE code starts with) what the visitor typed; 20 at most. */
export async function searchCommunes(ctx: AppContext, slug: string, q: string) {
  await publicOrg(ctx, slug);
  const needle = fold(q);
  const out: { code: string; name: string; departement: string }[] = [];
  for (const c of communeIndex().byCode.values()) {
    if (c.code.startsWith(q) || fold(c.name).startsWith(needle)) out.push({ code: c.code, name: c.name, departement: c.departement });
  }
  out.sort((a, b) => a.name.length - b.name.length || a.name.localeCompare(b.name));
  return { communes: out.slice(0, 20) };
}
