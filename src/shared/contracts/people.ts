import { z } from 'zod';
import { normalizePhone, type NormalizedPhone } from '../people/phone.js';
import { parseSupportLevel, type SupportLevel } from '../people/support-level.js';
import { route } from './route.js';

/** How the campaign reached a person. */
export const CONTACT_TYPES = ['phone_call', 'door_knock', 'email', 'text', 'meeting', 'event'] as const;
export type ContactType = (typeof CONTACT_TYPES)[number];

/** What came of it. `do_not_contact` means the person asked never to be contacted again. */
export const CONTACT_STATUSES = [
  'answered',
  'no_answer',
  'left_message',
  'wrong_number',
  'refused',
  'do_not_contact',
  'meaningful_conversation',
  'busy',
  'callback_requested',
] as const;
export type ContactStatus = (typeof CONTACT_STATUSES)[number];

/** On what basis the campaign holds a person's data (the CNIL asks campaigns to prove it). */
export const LEGAL_BASES = ['consent', 'member', 'regular_contact', 'electoral_list'] as const;
export type LegalBasis = (typeof LEGAL_BASES)[number];

/** The two phone slots of a person. */
export const PHONE_SLOTS = ['mobile', 'landline'] as const;
export type PhoneSlot = (typeof PHONE_SLOTS)[number];

/** A bigint row id, as a string (ids never overflow PostgreSQL's bigint). */
export const RowIdSchema = z.string().regex(/^[1-9]\d{0,17}$/);

export const PersonIdParamsSchema = z.object({ id: RowIdSchema });
export const PersonTagParamsSchema = z.object({ id: RowIdSchema, tagId: RowIdSchema });

// ---------------------------------------------------------------------------------------------
// What the API answers

export const PersonPhoneSchema = z.object({
  kind: z.enum(PHONE_SLOTS),
  /** `+33612345678`, null when the number is not valid. */
  e164: z.string().nullable(),
  /** How a French caller dials it: `06 12 34 56 78`; international format abroad. */
  national: z.string().nullable(),
  /** As typed or imported. */
  raw: z.string().nullable(),
  valid: z.boolean(),
});
export type PersonPhone = z.infer<typeof PersonPhoneSchema>;

export const ContactFlagSchema = z.object({
  active: z.boolean(),
  at: z.string().nullable(),
  reason: z.string().nullable(),
});
export type ContactFlag = z.infer<typeof ContactFlagSchema>;

export const TagSchema = z.object({ id: z.string(), name: z.string() });
export type Tag = z.infer<typeof TagSchema>;
export const TagWithCountSchema = TagSchema.extend({ count: z.number().int() });
export type TagWithCount = z.infer<typeof TagWithCountSchema>;

export const CustomValueSchema = z.union([z.string().max(2000), z.number(), z.boolean(), z.null()]);
export type CustomValue = z.infer<typeof CustomValueSchema>;

export const AddressSchema = z.object({
  line1: z.string().nullable(),
  line2: z.string().nullable(),
  postalCode: z.string().nullable(),
  city: z.string().nullable(),
});

/** A person's profile as the people database shows it to organizers. */
export const PersonSchema = z.object({
  id: z.string(),
  externalId: z.string().nullable(),
  firstName: z.string(),
  lastName: z.string(),
  birthDate: z.string().nullable(),
  /** Every e-mail: the primary one first, then the additional ones. */
  emails: z.array(z.string()),
  /** Every phone: the primary mobile and landline first, then the additional ones. */
  phones: z.array(PersonPhoneSchema),
  /** The additional e-mails alone (what `extraEmails` of an update replaces). */
  extraEmails: z.array(z.string()),
  /** The additional phones alone (what `extraPhones` of an update replaces). */
  extraPhones: z.array(PersonPhoneSchema),
  address: AddressSchema,
  /** INSEE code of the commune (`75056`, `2A004`). */
  communeCode: z.string().nullable(),
  pollingStationCode: z.string().nullable(),
  constituencyCode: z.string().nullable(),
  /** 1 strong support … 5 strong opposition; null when unknown. */
  supportLevel: z.number().int().min(1).max(5).nullable(),
  tags: z.array(TagSchema),
  customFields: z.record(z.string(), z.unknown()),
  recruiter: z.object({ id: z.string(), name: z.string() }).nullable(),
  doNotCall: ContactFlagSchema,
  doNotEmail: ContactFlagSchema,
  doNotText: ContactFlagSchema,
  dataSource: z.string(),
  legalBasis: z.enum(LEGAL_BASES),
  isVolunteer: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  lastContactedAt: z.string().nullable(),
});
export type Person = z.infer<typeof PersonSchema>;

export const ContactSchema = z.object({
  id: z.string(),
  /** null only on rows anonymised by an erasure, which no route shows. */
  personId: z.string().nullable(),
  type: z.enum(CONTACT_TYPES),
  status: z.enum(CONTACT_STATUSES),
  notes: z.string().nullable(),
  madeBy: z.object({ id: z.string(), name: z.string() }).nullable(),
  madeAt: z.string(),
  campaignId: z.string().nullable(),
  scriptId: z.string().nullable(),
  createdAt: z.string(),
});
export type Contact = z.infer<typeof ContactSchema>;

// ---------------------------------------------------------------------------------------------
// What the API accepts

function blankToNull(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

/** Free text: trimmed, empty means "clear it". */
const optionalText = (max: number) => z.preprocess(blankToNull, z.string().max(max).nullable()).optional();

const EmailInputSchema = z.preprocess((v) => {
  const value = blankToNull(v);
  return typeof value === 'string' ? value.toLowerCase() : value;
}, z.email().max(320).nullable());

/** A phone as typed: parsed with the French plan by default, refused when no caller could dial it. */
const PhoneInputSchema = z.preprocess(
  blankToNull,
  z
    .string()
    .max(50)
    .transform((raw, ctx): NormalizedPhone => {
      const phone = normalizePhone(raw);
      if (!phone.valid) ctx.addIssue({ code: 'custom', message: 'validation:invalid_phone' });
      return phone;
    })
    .nullable(),
);

// INSEE codes: five digits, or 2A/2B + three digits in Corsica.
const INSEE_CODE = /^(?:\d{5}|2[AB]\d{3})$/;
const CommuneCodeSchema = z.preprocess(
  (v) => {
    const value = blankToNull(v);
    return typeof value === 'string' ? value.toUpperCase() : value;
  },
  z
    .string()
    .refine((v) => INSEE_CODE.test(v), { message: 'validation:invalid_commune_code' })
    .nullable(),
);

/** 1..5, null, or a label as organizers write it ("indécis", "Soutien fort"). */
const SupportLevelInputSchema = z.union([z.number(), z.string(), z.null()]).transform((value, ctx): SupportLevel | null => {
  if (value === null) return null;
  if (typeof value === 'string' && value.trim() === '') return null;
  const level = typeof value === 'number' ? (Number.isInteger(value) && value >= 1 && value <= 5 ? (value as SupportLevel) : null) : parseSupportLevel(value);
  if (level === null) ctx.addIssue({ code: 'custom', message: 'validation:invalid_support_level' });
  return level;
});

const BirthDateSchema = z.preprocess(
  blankToNull,
  z
    .string()
    .refine((v) => /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v), {
      message: 'validation:invalid_date',
    })
    .nullable(),
);

export const TagNameSchema = z.string().trim().min(1).max(100);

const CustomFieldsInputSchema = z
  .record(z.string().trim().min(1).max(100), CustomValueSchema)
  .refine((fields) => Object.keys(fields).length <= 100, { message: 'validation:too_many_custom_fields' });

const AddressInputSchema = z.strictObject({
  line1: optionalText(300),
  line2: optionalText(300),
  postalCode: optionalText(20),
  city: optionalText(200),
});

/** Additional e-mails: each a valid address; duplicates of one another or of the primary are dropped. */
const ExtraEmailsInputSchema = z
  .array(z.preprocess((v) => (typeof v === 'string' ? v.trim() : v), z.email().max(320)))
  .max(20);

/** Additional phones as typed: each must be a number a caller can dial. */
const ExtraPhonesInputSchema = z
  .array(
    z
      .string()
      .trim()
      .min(1)
      .max(50)
      .transform((raw, ctx): NormalizedPhone => {
        const phone = normalizePhone(raw);
        if (!phone.valid) ctx.addIssue({ code: 'custom', message: 'validation:invalid_phone' });
        return phone;
      }),
  )
  .max(20);

const personFields = {
  externalId: optionalText(200),
  firstName: optionalText(200),
  lastName: optionalText(200),
  birthDate: BirthDateSchema.optional(),
  email: EmailInputSchema.optional(),
  mobile: PhoneInputSchema.optional(),
  landline: PhoneInputSchema.optional(),
  /** Replaces the additional e-mails ([] removes them all). */
  extraEmails: ExtraEmailsInputSchema.optional(),
  /** Replaces the additional phones ([] removes them all). */
  extraPhones: ExtraPhonesInputSchema.optional(),
  address: AddressInputSchema.optional(),
  communeCode: CommuneCodeSchema.optional(),
  pollingStationCode: optionalText(50),
  constituencyCode: optionalText(50),
  supportLevel: SupportLevelInputSchema.optional(),
  /** Merged into the existing fields on update; a null value removes the field. */
  customFields: CustomFieldsInputSchema.optional(),
  recruiterId: RowIdSchema.nullable().optional(),
  doNotCall: z.boolean().optional(),
  doNotCallReason: optionalText(500),
  doNotEmail: z.boolean().optional(),
  doNotEmailReason: optionalText(500),
  doNotText: z.boolean().optional(),
  doNotTextReason: optionalText(500),
  dataSource: z.string().trim().min(1).max(100).optional(),
  isVolunteer: z.boolean().optional(),
};

/** A new person typed by an organizer: a name, an e-mail or a phone, and the legal basis are required. */
export const PersonCreateSchema = z
  .strictObject({
    ...personFields,
    legalBasis: z.enum(LEGAL_BASES),
    tags: z.array(TagNameSchema).max(50).optional(),
  })
  .superRefine((p, ctx) => {
    if (!p.firstName && !p.lastName && !p.email && !p.mobile && !p.landline && !p.extraEmails?.length && !p.extraPhones?.length) {
      ctx.addIssue({ code: 'custom', path: ['lastName'], message: 'validation:person_needs_identity' });
    }
  });
export type PersonCreate = z.input<typeof PersonCreateSchema>;
export type PersonCreateParsed = z.output<typeof PersonCreateSchema>;

/** A change to a profile: only the fields sent change; null clears a field. */
export const PersonUpdateSchema = z.strictObject({ ...personFields, legalBasis: z.enum(LEGAL_BASES).optional() });
export type PersonUpdate = z.input<typeof PersonUpdateSchema>;
export type PersonUpdateParsed = z.output<typeof PersonUpdateSchema>;

export const TagsAddSchema = z.strictObject({ names: z.array(TagNameSchema).min(1).max(50) });
export const TagsQuerySchema = z.object({ q: z.string().trim().max(100).optional() });

export const ContactCreateSchema = z.strictObject({
  type: z.enum(CONTACT_TYPES),
  status: z.enum(CONTACT_STATUSES),
  notes: optionalText(5000),
  /** When it happened; now when left out. */
  madeAt: z.iso.datetime({ offset: true }).optional(),
  campaignId: RowIdSchema.nullable().optional(),
  scriptId: RowIdSchema.nullable().optional(),
});
export type ContactCreate = z.input<typeof ContactCreateSchema>;

export const ContactsQuerySchema = z.object({
  /** The `nextCursor` of the previous page. */
  cursor: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}T[\d:.]+Z_[1-9]\d{0,17}$/)
    .optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const ErasureSchema = z
  .strictObject({
    /**
     * The person also objected to any further contact. A person with a do-not-call, do-not-e-mail
     * or do-not-text flag objected already; either way only hashes of their phones and e-mail are
     * kept, so a later import never brings them back.
     */
    objected: z.boolean().optional(),
  })
  .default({});

export const ErasureResultSchema = z.object({
  erased: z.literal(true),
  /** How many hashed phone/e-mail suppression entries were kept. */
  suppressions: z.number().int(),
  /** Contact history rows kept, anonymised, for the campaign's counts. */
  anonymisedContacts: z.number().int(),
});

/** Everything Relais holds about one person (GDPR art. 15 and 20). */
export const PersonExportSchema = z.object({
  exportedAt: z.string(),
  organization: z.object({ id: z.string(), name: z.string() }),
  person: PersonSchema,
  contacts: z.array(ContactSchema),
  /** Who read, exported or changed this record, and when. */
  accessLog: z.array(z.object({ action: z.string(), at: z.string(), by: z.string().nullable() })),
  /** How many people this person brought to the campaign (their names are not theirs to receive). */
  recruitedCount: z.number().int(),
  /** Rows of other features that point at this person (list memberships, calls, sign-ups…), by table. */
  otherRecords: z.record(z.string(), z.array(z.record(z.string(), z.unknown()))),
  /**
   * Rows that name them without pointing at them, by table: import report lines holding their
   * phone or e-mail, jobs and saved filters searching for them, messages about them to others,
   * the proxy matches they are part of.
   */
  mentions: z.record(z.string(), z.array(z.record(z.string(), z.unknown()))),
});
export type PersonExport = z.infer<typeof PersonExportSchema>;

export const PeopleSummarySchema = z.object({
  total: z.number().int(),
  bySupportLevel: z.object({ '1': z.number().int(), '2': z.number().int(), '3': z.number().int(), '4': z.number().int(), '5': z.number().int(), unknown: z.number().int() }),
  volunteers: z.number().int(),
  doNotCall: z.number().int(),
});

const OkSchema = z.object({ ok: z.literal(true) });

/** Profiles, tags, contact history and GDPR rights. */
export const peopleRoutes = {
  peopleSummary: route({
    method: 'GET',
    path: '/api/people/summary',
    access: 'people.counts',
    summary: 'How many people, by support level: counts only, no profile',
    tags: ['people'],
    response: PeopleSummarySchema,
  }),
  getPerson: route({
    method: 'GET',
    path: '/api/people/:id',
    access: 'people.read',
    summary: "A person's profile (each read is logged)",
    tags: ['people'],
    params: PersonIdParamsSchema,
    response: PersonSchema,
  }),
  createPerson: route({
    method: 'POST',
    path: '/api/people',
    access: 'people.write',
    summary: 'Add a person by hand',
    tags: ['people'],
    body: PersonCreateSchema,
    response: PersonSchema,
    status: 201,
  }),
  updatePerson: route({
    method: 'PATCH',
    path: '/api/people/:id',
    access: 'people.write',
    summary: "Change a person's profile: only the fields sent change, null clears",
    tags: ['people'],
    params: PersonIdParamsSchema,
    body: PersonUpdateSchema,
    response: PersonSchema,
  }),
  deletePerson: route({
    method: 'DELETE',
    path: '/api/people/:id',
    access: 'people.write',
    summary: 'Delete a person (a duplicate, a mistake); for a GDPR request use erase',
    tags: ['people'],
    params: PersonIdParamsSchema,
    response: OkSchema,
  }),
  listPersonTags: route({
    method: 'GET',
    path: '/api/people/:id/tags',
    access: 'people.read',
    summary: "A person's tags",
    tags: ['people'],
    params: PersonIdParamsSchema,
    response: z.object({ tags: z.array(TagSchema) }),
  }),
  addPersonTags: route({
    method: 'POST',
    path: '/api/people/:id/tags',
    access: 'people.write',
    summary: 'Tag a person (tags are created when new)',
    tags: ['people'],
    params: PersonIdParamsSchema,
    body: TagsAddSchema,
    response: z.object({ tags: z.array(TagSchema) }),
  }),
  removePersonTag: route({
    method: 'DELETE',
    path: '/api/people/:id/tags/:tagId',
    access: 'people.write',
    summary: 'Remove a tag from a person',
    tags: ['people'],
    params: PersonTagParamsSchema,
    response: z.object({ tags: z.array(TagSchema) }),
  }),
  listTags: route({
    method: 'GET',
    path: '/api/tags',
    access: 'people.read',
    summary: "The organization's tags with how many people carry each",
    tags: ['people'],
    query: TagsQuerySchema,
    response: z.object({ tags: z.array(TagWithCountSchema) }),
  }),
  addContact: route({
    method: 'POST',
    path: '/api/people/:id/contacts',
    access: 'people.write',
    summary: "Record a contact in a person's history (do_not_contact also sets do not call, e-mail and text)",
    tags: ['people'],
    params: PersonIdParamsSchema,
    body: ContactCreateSchema,
    response: ContactSchema,
    status: 201,
  }),
  listContacts: route({
    method: 'GET',
    path: '/api/people/:id/contacts',
    access: 'people.read',
    summary: "A person's contact history, newest first",
    tags: ['people'],
    params: PersonIdParamsSchema,
    query: ContactsQuerySchema,
    response: z.object({ contacts: z.array(ContactSchema), nextCursor: z.string().nullable() }),
  }),
  exportPerson: route({
    method: 'GET',
    path: '/api/people/:id/gdpr-export',
    access: 'people.export',
    summary: 'Everything held about one person, as JSON (GDPR access request; logged)',
    tags: ['people'],
    params: PersonIdParamsSchema,
    response: PersonExportSchema,
  }),
  erasePerson: route({
    method: 'POST',
    path: '/api/people/:id/erase',
    access: 'people.write',
    summary: 'Erase a person everywhere (GDPR erasure request; logged). An objector leaves only hashed suppression entries',
    tags: ['people'],
    params: PersonIdParamsSchema,
    body: ErasureSchema,
    response: ErasureResultSchema,
  }),
};
