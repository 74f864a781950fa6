import { z } from 'zod';
import { normalizePhone } from '../people/phone.js';
import { EmailSchema, LocaleSchema } from './auth.js';
import { route } from './route.js';

export const EVENT_KINDS = ['phone_bank', 'canvass', 'meeting'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];
export const EVENT_STATUSES = ['draft', 'published', 'cancelled'] as const;
export const SIGNUP_STATUSES = ['confirmed', 'waitlisted', 'cancelled', 'checked_in', 'no_show'] as const;
export type SignupStatus = (typeof SIGNUP_STATUSES)[number];

const IdSchema = z.string().regex(/^[1-9]\d{0,17}$/);
const DateTimeSchema = z.iso.datetime({ offset: true });
const SlugSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/);

export const EventIdParamsSchema = z.object({ eventId: IdSchema });
export const SignupParamsSchema = z.object({ eventId: IdSchema, signupId: IdSchema });
export const PublicOrgParamsSchema = z.object({ orgSlug: SlugSchema });
export const PublicEventParamsSchema = z.object({ orgSlug: SlugSchema, eventId: IdSchema });

const endsAfterStart = (value: { startsAt?: string | undefined; endsAt?: string | undefined }) =>
  value.startsAt === undefined || value.endsAt === undefined || Date.parse(value.endsAt) > Date.parse(value.startsAt);
const endsAfterStartIssue = { path: ['endsAt'], message: 'validation:event_ends_before_start' };

export const ShiftCreateSchema = z
  .object({
    startsAt: DateTimeSchema,
    endsAt: DateTimeSchema,
    capacity: z.number().int().min(1).max(100_000).nullable().default(null),
  })
  .refine(endsAfterStart, endsAfterStartIssue);
export type ShiftCreate = z.input<typeof ShiftCreateSchema>;

const EventFields = z.object({
  kind: z.enum(EVENT_KINDS),
  title: z.string().trim().min(1).max(200),
  description: z.string().max(10_000).default(''),
  place: z.string().trim().max(500).nullable().default(null),
  onlineUrl: z.url().max(2000).nullable().default(null),
  startsAt: DateTimeSchema,
  endsAt: DateTimeSchema,
  capacity: z.number().int().min(1).max(100_000).nullable().default(null),
  hostUserId: z.uuid().nullable().default(null),
  callCampaignId: IdSchema.nullable().default(null),
  status: z.enum(EVENT_STATUSES).default('published'),
  isPublic: z.boolean().default(true),
});

/** A new event; without shifts, one shift covers the whole event with the event's capacity. */
export const EventCreateSchema = EventFields.extend({ shifts: z.array(ShiftCreateSchema).max(100).default([]) }).refine(endsAfterStart, endsAfterStartIssue);
export type EventCreate = z.input<typeof EventCreateSchema>;

export const EventUpdateSchema = z
  .object({
    kind: z.enum(EVENT_KINDS),
    title: z.string().trim().min(1).max(200),
    description: z.string().max(10_000),
    place: z.string().trim().max(500).nullable(),
    onlineUrl: z.url().max(2000).nullable(),
    startsAt: DateTimeSchema,
    endsAt: DateTimeSchema,
    capacity: z.number().int().min(1).max(100_000).nullable(),
    hostUserId: z.uuid().nullable(),
    callCampaignId: IdSchema.nullable(),
    status: z.enum(EVENT_STATUSES),
    isPublic: z.boolean(),
  })
  .partial()
  .refine(endsAfterStart, endsAfterStartIssue);

export const ShiftSchema = z.object({
  id: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  capacity: z.number().nullable(),
  confirmed: z.number(),
  waitlisted: z.number(),
  /** Places left; null when the shift has no limit. */
  remaining: z.number().nullable(),
});
export type Shift = z.infer<typeof ShiftSchema>;

export const EventSchema = z.object({
  id: z.string(),
  kind: z.enum(EVENT_KINDS),
  title: z.string(),
  description: z.string(),
  place: z.string().nullable(),
  onlineUrl: z.string().nullable(),
  startsAt: z.string(),
  endsAt: z.string(),
  capacity: z.number().nullable(),
  hostUserId: z.string().nullable(),
  hostName: z.string().nullable(),
  callCampaignId: z.string().nullable(),
  status: z.enum(EVENT_STATUSES),
  isPublic: z.boolean(),
  shifts: z.array(ShiftSchema),
});
export type Event = z.infer<typeof EventSchema>;

export const SignupSchema = z.object({
  id: z.string(),
  shiftId: z.string(),
  personId: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  status: z.enum(SIGNUP_STATUSES),
  createdAt: z.string(),
  checkedInAt: z.string().nullable(),
});
export type Signup = z.infer<typeof SignupSchema>;

/** What a host or organizer does with a sign-up on the day. */
export const SignupUpdateSchema = z.object({ status: z.enum(['confirmed', 'checked_in', 'no_show', 'cancelled']) });

export const EventMailSchema = z.object({ template: z.enum(['reminder_day_before', 'thank_you_after_event']) });

// Public pages

export const PublicOrganizationSchema = z.object({ slug: z.string(), name: z.string(), timeZone: z.string() });
export const PublicEventSchema = EventSchema.pick({
  id: true,
  kind: true,
  title: true,
  description: true,
  place: true,
  onlineUrl: true,
  startsAt: true,
  endsAt: true,
  shifts: true,
});
export type PublicEvent = z.infer<typeof PublicEventSchema>;

const optionalPhone = z
  .string()
  .trim()
  .max(40)
  .default('')
  .refine((v) => v === '' || normalizePhone(v).valid, { message: 'validation:event_invalid_phone' });

/** The public sign-up and "volunteer with us" forms: consent is required to keep anyone's data. */
const PublicPersonFields = z.object({
  firstName: z.string().trim().min(1).max(100),
  lastName: z.string().trim().min(1).max(100),
  email: EmailSchema,
  phone: optionalPhone,
  consent: z.boolean().refine((v) => v, { message: 'validation:event_consent_required' }),
  locale: LocaleSchema.optional(),
  /** The recruiter's personal link token (?ref=…). */
  ref: z.string().max(64).optional(),
});

export const PublicSignupSchema = PublicPersonFields.extend({ shiftId: IdSchema });
export type PublicSignup = z.input<typeof PublicSignupSchema>;
export const PublicSignupResultSchema = z.object({ status: z.enum(['confirmed', 'waitlisted']), shiftId: z.string() });

export const VolunteerSchema = PublicPersonFields.extend({ postalCode: z.string().trim().max(10).default('') });
export const VolunteerResultSchema = z.object({ ok: z.literal(true), recruiterUrl: z.string() });

export const CancelSignupSchema = z.object({ token: z.string().min(20).max(200) });

// Recruitment

export const RecruiterLinkCreateSchema = z.object({ personId: IdSchema });
export const RecruiterLinkSchema = z.object({ personId: z.string(), token: z.string(), url: z.string() });

export interface RecruitNode {
  personId: string;
  name: string;
  recruits: RecruitNode[];
}
export const RecruitNodeSchema: z.ZodType<RecruitNode> = z.lazy(() =>
  z.object({ personId: z.string(), name: z.string(), recruits: z.array(RecruitNodeSchema) }),
);

/** The path people recruited during calls are put on (null: a default one is made with the first recruit). */
export const RecruitmentPathSchema = z.object({ pathId: z.string().nullable(), pathName: z.string().nullable() });
export const RecruitmentPathUpdateSchema = z.object({ pathId: IdSchema.nullable() });

const tags = ['events'];

/** Events, shifts, sign-ups, check-in, public sign-up and volunteer recruitment. */
export const eventRoutes = {
  listEvents: route({
    method: 'GET',
    path: '/api/events',
    access: 'events.manage',
    summary: "The organization's events, soonest first (past ones with ?past=true)",
    tags,
    query: z.object({ past: z.enum(['true', 'false']).default('false') }),
    response: z.object({ events: z.array(EventSchema) }),
  }),
  createEvent: route({
    method: 'POST',
    path: '/api/events',
    access: 'events.manage',
    summary: 'Create an event with its shifts',
    tags,
    body: EventCreateSchema,
    response: EventSchema,
    status: 201,
  }),
  getEvent: route({
    method: 'GET',
    path: '/api/events/:eventId',
    access: 'events.manage',
    summary: 'One event with its shifts and places left',
    tags,
    params: EventIdParamsSchema,
    response: EventSchema,
  }),
  updateEvent: route({
    method: 'PATCH',
    path: '/api/events/:eventId',
    access: 'events.manage',
    summary: 'Change an event (cancel it with status "cancelled")',
    tags,
    params: EventIdParamsSchema,
    body: EventUpdateSchema,
    response: EventSchema,
  }),
  addShift: route({
    method: 'POST',
    path: '/api/events/:eventId/shifts',
    access: 'events.manage',
    summary: 'Add a time slot to an event',
    tags,
    params: EventIdParamsSchema,
    body: ShiftCreateSchema,
    response: EventSchema,
    status: 201,
  }),
  listEventSignups: route({
    method: 'GET',
    path: '/api/events/:eventId/signups',
    access: 'events.manage',
    summary: "An event's sign-ups",
    tags,
    params: EventIdParamsSchema,
    response: z.object({ signups: z.array(SignupSchema) }),
  }),
  updateEventSignup: route({
    method: 'PATCH',
    path: '/api/events/:eventId/signups/:signupId',
    access: 'events.manage',
    summary: 'Check a volunteer in, mark a no-show, or cancel a sign-up',
    tags,
    params: SignupParamsSchema,
    body: SignupUpdateSchema,
    response: SignupSchema,
  }),
  sendEventMail: route({
    method: 'POST',
    path: '/api/events/:eventId/mail',
    access: 'events.manage',
    summary: "E-mail the event's volunteers the reminder or the thank-you",
    tags,
    params: EventIdParamsSchema,
    body: EventMailSchema,
    response: z.object({ queued: z.number() }),
  }),
  listHostedEvents: route({
    method: 'GET',
    path: '/api/hosting/events',
    access: 'events.host',
    summary: 'The events the signed-in member hosts',
    tags,
    response: z.object({ events: z.array(EventSchema) }),
  }),
  listHostedSignups: route({
    method: 'GET',
    path: '/api/hosting/events/:eventId/signups',
    access: 'events.host',
    summary: "Sign-ups of an event the member hosts (another event's: not found)",
    tags,
    params: EventIdParamsSchema,
    response: z.object({ event: EventSchema, signups: z.array(SignupSchema) }),
  }),
  updateHostedSignup: route({
    method: 'PATCH',
    path: '/api/hosting/events/:eventId/signups/:signupId',
    access: 'events.host',
    summary: 'Check in or mark a no-show at an event the member hosts',
    tags,
    params: SignupParamsSchema,
    body: SignupUpdateSchema,
    response: SignupSchema,
  }),
  createRecruiterLink: route({
    method: 'POST',
    path: '/api/recruiter-links',
    access: 'events.manage',
    summary: "A volunteer's personal recruitment link (the same link when asked again)",
    tags,
    body: RecruiterLinkCreateSchema,
    response: RecruiterLinkSchema,
  }),
  getRecruitmentPath: route({
    method: 'GET',
    path: '/api/recruitment-path',
    access: 'events.manage',
    summary: "The path people recruited during calls (the script's \"interested in volunteering\") are put on",
    tags,
    response: RecruitmentPathSchema,
  }),
  setRecruitmentPath: route({
    method: 'PUT',
    path: '/api/recruitment-path',
    access: 'events.manage',
    summary: 'Choose the recruitment path (null: a default "Recruitment" path is made with the next recruit)',
    tags,
    body: RecruitmentPathUpdateSchema,
    response: RecruitmentPathSchema,
  }),
  recruitTree: route({
    method: 'GET',
    path: '/api/recruiters/tree',
    access: 'events.manage',
    summary: 'Who recruited whom, as trees from the first recruiters',
    tags,
    response: z.object({ roots: z.array(RecruitNodeSchema) }),
  }),
  publicEvents: route({
    method: 'GET',
    path: '/api/public/:orgSlug/events',
    access: 'public',
    summary: "An organization's upcoming public events",
    tags,
    params: PublicOrgParamsSchema,
    response: z.object({ organization: PublicOrganizationSchema, events: z.array(PublicEventSchema) }),
  }),
  publicEvent: route({
    method: 'GET',
    path: '/api/public/:orgSlug/events/:eventId',
    access: 'public',
    summary: 'A public event with its shifts and places left',
    tags,
    params: PublicEventParamsSchema,
    response: z.object({ organization: PublicOrganizationSchema, event: PublicEventSchema }),
  }),
  publicSignup: route({
    method: 'POST',
    path: '/api/public/:orgSlug/events/:eventId/signups',
    access: 'public',
    summary: 'Book a shift (waitlisted when full); e-mails a confirmation with a calendar file',
    tags,
    params: PublicEventParamsSchema,
    body: PublicSignupSchema,
    response: PublicSignupResultSchema,
    status: 201,
  }),
  publicCancelSignup: route({
    method: 'POST',
    path: '/api/public/:orgSlug/signups/cancel',
    access: 'public',
    summary: 'Cancel a booking from the link in its confirmation e-mail',
    tags,
    params: PublicOrgParamsSchema,
    body: CancelSignupSchema,
    response: z.object({ status: z.literal('cancelled'), eventTitle: z.string() }),
  }),
  publicVolunteer: route({
    method: 'POST',
    path: '/api/public/:orgSlug/volunteers',
    access: 'public',
    summary: '"Volunteer with us": records the volunteer and answers their own recruitment link',
    tags,
    params: PublicOrgParamsSchema,
    body: VolunteerSchema,
    response: VolunteerResultSchema,
    status: 201,
  }),
};
