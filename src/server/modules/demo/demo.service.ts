import { randomInt } from 'node:crypto';
import { sql, type Insertable } from 'kysely';
import type { BuiltinPermissionSet } from '../../../shared/auth/capabilities.js';
import type { AppContext } from '../../platform/context.js';
import { inOrg, type Tx } from '../../platform/db/database.js';
import type { PeopleTable } from '../../platform/db/schema.js';
import { AppError } from '../../platform/http/errors.js';
import { createUser } from '../auth/auth.service.js';
import { addMember, createOrganization } from '../network/network.service.js';
import { seedDemoContent, type DemoContent } from './demo.content.js';
import { createDemoPeople, type DemoPerson } from './demo.data.js';
import { DEMO_TAGS } from './demo.names.js';

/** How many people go in one INSERT (and one transaction); larger batches measured no faster. */
const BATCH_SIZE = 2000;
/** Batches written at once, each in its own transaction on its own pooled connection. */
const CONCURRENCY = 4;

/** What seeding wrote: people, the campaign's tags, and person–tag links. */
export interface SeedResult {
  people: number;
  tags: number;
  taggings: number;
}

/**
 * Fills a campaign with `count` realistic French people (phones, addresses, polling stations,
 * support levels, consent, tags) so organizers can try lists, call campaigns and metrics at
 * scale. Same seed, same people. Writes in batches of 2,000, each its own transaction: if it
 * fails, the batches already written stay.
 *
 * @example await seedDemoPeople(ctx, orgId, 5000, { seed: 7, onProgress: (n) => console.log(n) });
 */
export async function seedDemoPeople(
  ctx: AppContext,
  orgId: string,
  count: number,
  options: { seed?: number; onProgress?: (done: number) => void } = {},
): Promise<SeedResult> {
  if (!Number.isInteger(count) || count < 0) throw new Error(`people count must be a whole number ≥ 0, got ${count}`);
  const db = ctx.database.db;
  const tagIds = await inOrg(db, { orgId }, (tx) => ensureTags(tx, orgId));
  const next = createDemoPeople({ seed: options.seed, now: ctx.clock() });
  let written = 0;
  let taggings = 0;
  const running = new Set<Promise<void>>();
  let failure: unknown = null;
  for (let start = 0; start < count && failure === null; start += BATCH_SIZE) {
    const batch = Array.from({ length: Math.min(BATCH_SIZE, count - start) }, () => next());
    const task = inOrg(db, { orgId }, (tx) => insertBatch(tx, orgId, batch, tagIds)).then(
      (links) => {
        written += batch.length;
        taggings += links;
        options.onProgress?.(written);
      },
      (error: unknown) => {
        failure ??= error;
      },
    );
    const tracked = task.finally(() => running.delete(tracked));
    running.add(tracked);
    if (running.size >= CONCURRENCY) await Promise.race(running);
  }
  await Promise.all(running);
  if (failure !== null) throw failure;
  return { people: written, tags: tagIds.size, taggings };
}

/** Finds or creates the demo tags (names are unique per organization, ignoring case). */
async function ensureTags(tx: Tx, orgId: string): Promise<Map<string, string>> {
  const wanted = new Map<string, string>(DEMO_TAGS.map((name) => [name.toLowerCase(), name]));
  const existing = await tx
    .selectFrom('tags')
    .select(['id', 'name'])
    .where('org_id', '=', orgId)
    .where(sql<string>`lower(name)`, 'in', [...wanted.keys()])
    .execute();
  const ids = new Map<string, string>();
  for (const row of existing) {
    const name = wanted.get(row.name.toLowerCase());
    if (name) ids.set(name, row.id);
  }
  const missing = DEMO_TAGS.filter((name) => !ids.has(name));
  if (missing.length > 0) {
    const created = await tx
      .insertInto('tags')
      .values(missing.map((name) => ({ org_id: orgId, name })))
      .returning(['id', 'name'])
      .execute();
    for (const row of created) ids.set(row.name, row.id);
  }
  return ids;
}

/** Writes one batch of people and their tags; returns the number of person–tag links. */
async function insertBatch(tx: Tx, orgId: string, people: DemoPerson[], tagIds: Map<string, string>): Promise<number> {
  // Ids are taken from the table's identity sequence first, so tags can be linked without
  // relying on the order of INSERT … RETURNING, which PostgreSQL does not promise.
  const { rows } = await sql<{ id: string }>`
    SELECT nextval(pg_get_serial_sequence('people', 'id'))::text AS id FROM generate_series(1, ${people.length}::int)
  `.execute(tx);
  const values = people.map((p, i) => ({
    org_id: orgId,
    id: (rows[i] as { id: string }).id,
    first_name: p.firstName,
    last_name: p.lastName,
    birth_date: p.birthDate,
    email: p.email,
    mobile_e164: p.mobile?.e164 ?? null,
    mobile_raw: p.mobile?.raw ?? null,
    mobile_valid: p.mobile !== null,
    phone_e164: p.landline?.e164 ?? null,
    phone_raw: p.landline?.raw ?? null,
    phone_valid: p.landline !== null,
    address_line1: p.addressLine1,
    address_line2: p.addressLine2,
    postal_code: p.postalCode,
    city: p.city,
    commune_code: p.communeCode,
    polling_station_code: p.pollingStationCode,
    constituency_code: p.constituencyCode,
    support_level: p.supportLevel,
    is_volunteer: p.isVolunteer,
    do_not_call: p.doNotCall !== null,
    do_not_call_at: p.doNotCall?.at ?? null,
    do_not_call_reason: p.doNotCall?.reason ?? null,
    do_not_email: p.doNotEmail !== null,
    do_not_email_at: p.doNotEmail?.at ?? null,
    do_not_email_reason: p.doNotEmail?.reason ?? null,
    data_source: p.dataSource,
    legal_basis: p.legalBasis,
    created_at: p.createdAt,
    updated_at: p.createdAt,
  } satisfies Insertable<PeopleTable>));
  if (values.length === 0) return 0;
  // One JSON parameter for the whole batch: no 65,535-parameter ceiling, and PostgreSQL parses
  // it far faster than the driver binds 33,000 parameters. Row-level security still checks
  // every row's org_id.
  const columns = sql.join(Object.keys(values[0] as object).map((c) => sql.ref(c)));
  await sql`
    INSERT INTO people (${columns})
    SELECT ${columns} FROM json_populate_recordset(NULL::people, ${JSON.stringify(values)}::json)
  `.execute(tx);
  const tagOf: string[] = [];
  const personOf: string[] = [];
  people.forEach((p, i) => {
    for (const tag of p.tags) {
      tagOf.push(tagIds.get(tag) as string);
      personOf.push((values[i] as { id: string }).id);
    }
  });
  if (tagOf.length > 0) {
    await sql`
      INSERT INTO person_tags (org_id, tag_id, person_id)
      SELECT ${orgId}::uuid, t, p FROM unnest(${tagOf}::bigint[], ${personOf}::bigint[]) AS links (t, p)
    `.execute(tx);
  }
  return tagOf.length;
}

/** The demo campaign's accounts besides the administrator, one per built-in role. */
const DEMO_MEMBERS: ReadonlyArray<{ local: string; name: string; set: BuiltinPermissionSet }> = [
  { local: 'organisatrice', name: 'Nadia Berger', set: 'organizer' },
  { local: 'appelant1', name: 'Julien Moreau', set: 'caller' },
  { local: 'appelante2', name: 'Inès Garnier', set: 'caller' },
  { local: 'hote', name: 'Bernard Lefèvre', set: 'event_host' },
  { local: 'observateur', name: 'Paul Fontaine', set: 'viewer' },
];

const PASSWORD_WORDS = [
  'affiche', 'ardoise', 'balcon', 'canal', 'colline', 'fleuve', 'lanterne', 'marche', 'mistral', 'pavot',
  'rucher', 'tilleul', 'tract', 'urne', 'verger', 'bureau', 'cerise', 'falaise', 'hirondelle', 'tambour',
  'boussole', 'clocher', 'moulin', 'olivier', 'prairie', 'ruisseau', 'sentier', 'torrent', 'violette', 'glycine',
];

/** A password a person can read aloud and type: four different words and two digits, from a secure source (~26 bits: fine for a demo, change it for real use). */
function readablePassword(): string {
  const pool = [...PASSWORD_WORDS];
  const words = Array.from({ length: 4 }, () => pool.splice(randomInt(pool.length), 1)[0] as string);
  return `${words.join('-')}-${randomInt(10, 100)}`;
}

/** What was created for the demo: where to sign in, and with what. */
export interface DemoOrganization {
  orgId: string;
  slug: string;
  adminEmail: string;
  adminPassword: string;
  /** The other accounts, one per role; they share the administrator's password. */
  members: Array<{ email: string; name: string; set: BuiltinPermissionSet }>;
  seeded: SeedResult;
  /** Scripts, a live call campaign for the callers, an upcoming phone bank and election rounds. */
  content: DemoContent;
}

/**
 * Creates the demo campaign "Relais pour Lyon 2026" with its administrator, an organizer, two
 * callers, an event host and a viewer (all with the administrator's password, so each role can
 * be tried), then fills it with `people` demo people. Takes slug `demo`, or `demo-2`, `demo-3`…
 * when taken; accounts are `<role>@<slug>.relais.example` unless an admin e-mail is given.
 *
 * @example const demo = await createDemoOrganization(ctx, { people: 5000 }); // demo.adminEmail, demo.adminPassword
 */
export async function createDemoOrganization(
  ctx: AppContext,
  options: { people: number; adminEmail?: string; adminPassword?: string; seed?: number; onProgress?: (done: number) => void },
): Promise<DemoOrganization> {
  const { orgId, slug } = await createFreeSlugOrganization(ctx);
  const domain = `${slug}.relais.example`;
  const adminEmail = options.adminEmail ?? `admin@${domain}`;
  const adminPassword = options.adminPassword ?? readablePassword();
  const adminId = await createUser(ctx, { email: adminEmail, name: 'Camille Rousseau', password: adminPassword, locale: 'fr' });
  const members: DemoOrganization['members'] = [];
  const memberIds: Array<{ userId: string; set: BuiltinPermissionSet }> = [{ userId: adminId, set: 'administrator' }];
  for (const member of DEMO_MEMBERS) {
    const email = `${member.local}@${domain}`;
    const userId = await createUser(ctx, { email, name: member.name, password: adminPassword, locale: 'fr' });
    members.push({ email, name: member.name, set: member.set });
    memberIds.push({ userId, set: member.set });
  }
  await inOrg(ctx.database.db, { orgId, userId: adminId }, async (tx) => {
    for (const { userId, set } of memberIds) await addMember(tx, orgId, userId, set);
  });
  const seeded = await seedDemoPeople(ctx, orgId, options.people, { seed: options.seed, onProgress: options.onProgress });
  const content = await seedDemoContent(ctx, {
    orgId,
    slug,
    admin: { id: adminId, email: adminEmail, name: 'Camille Rousseau' },
    callerIds: memberIds.filter((m) => m.set === 'caller').map((m) => m.userId),
    hostId: memberIds.find((m) => m.set === 'event_host')!.userId,
  });
  return { orgId, slug, adminEmail, adminPassword, members, seeded, content };
}

/** Opens the organization under `demo`, or the first free `demo-N`. */
async function createFreeSlugOrganization(ctx: AppContext): Promise<{ orgId: string; slug: string }> {
  for (let n = 1; n <= 100; n++) {
    const slug = n === 1 ? 'demo' : `demo-${n}`;
    try {
      const { id } = await createOrganization(ctx, { name: 'Relais pour Lyon 2026', slug, locale: 'fr', timeZone: 'Europe/Paris' });
      return { orgId: id, slug };
    } catch (error) {
      // Another organization holds this slug (row-level security hides it from us): try the next.
      if (error instanceof AppError && error.code === 'conflict') continue;
      throw error;
    }
  }
  throw new Error('slugs demo to demo-100 are all taken');
}
