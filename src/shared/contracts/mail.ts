import { z } from 'zod';
import { EmailSchema, LocaleSchema } from './auth.js';
import { route } from './route.js';

export const MAIL_TEMPLATE_KEYS = ['signup_confirmation', 'reminder_day_before', 'caller_invitation', 'thank_you_after_event'] as const;
export type MailTemplateKey = (typeof MAIL_TEMPLATE_KEYS)[number];

export const OutboxMessageSchema = z.object({
  id: z.string(),
  to: z.string(),
  subject: z.string(),
  kind: z.enum(['transactional', 'marketing']),
  templateKey: z.string().nullable(),
  status: z.enum(['queued', 'sent', 'failed']),
  attempts: z.number(),
  lastError: z.string().nullable(),
  nextAttemptAt: z.string().nullable(),
  sentAt: z.string().nullable(),
  createdAt: z.string(),
});
export type OutboxMessage = z.infer<typeof OutboxMessageSchema>;

export const OutboxMessageDetailSchema = OutboxMessageSchema.extend({
  text: z.string(),
  html: z.string().nullable(),
  attachments: z.array(z.object({ filename: z.string(), contentType: z.string(), size: z.number() })),
});

export const MailTemplateSchema = z.object({
  key: z.enum(MAIL_TEMPLATE_KEYS),
  locale: LocaleSchema,
  subject: z.string(),
  body: z.string(),
  /** false while the organization uses Relais's default text. */
  customized: z.boolean(),
  /** The merge fields this template may use, e.g. `{{firstName}}`. */
  mergeFields: z.array(z.string()),
});
export type MailTemplate = z.infer<typeof MailTemplateSchema>;

export const MailTemplateParamsSchema = z.object({ key: z.enum(MAIL_TEMPLATE_KEYS), locale: LocaleSchema });
export const MailTemplateUpdateSchema = z.object({
  subject: z.string().trim().min(1).max(300),
  body: z.string().trim().min(1).max(20_000),
});

export const CallerInvitationSchema = z.object({
  email: EmailSchema,
  name: z.string().trim().min(1).max(200),
  locale: LocaleSchema.default('fr'),
  /** Where the caller lands after the magic link (their campaign's screen). */
  redirectPath: z.string().regex(/^\/[^/]/).max(500).optional(),
});

const tags = ['mail'];

/** The outbox, e-mail templates and caller invitations. */
export const mailRoutes = {
  listOutbox: route({
    method: 'GET',
    path: '/api/mail/outbox',
    access: 'mail.manage',
    summary: 'Messages sent and waiting, newest first (the whole story when no SMTP server is set)',
    tags,
    query: z.object({
      status: z.enum(['queued', 'sent', 'failed']).optional(),
      limit: z.coerce.number().int().min(1).max(200).default(50),
      before: z.string().regex(/^[1-9]\d{0,17}$/).optional(),
    }),
    response: z.object({ smtpConfigured: z.boolean(), messages: z.array(OutboxMessageSchema) }),
  }),
  getOutboxMessage: route({
    method: 'GET',
    path: '/api/mail/outbox/:messageId',
    access: 'mail.manage',
    summary: 'One message as it was (or will be) sent',
    tags,
    params: z.object({ messageId: z.string().regex(/^[1-9]\d{0,17}$/) }),
    response: OutboxMessageDetailSchema,
  }),
  retryOutbox: route({
    method: 'POST',
    path: '/api/mail/outbox/retry',
    access: 'mail.manage',
    summary: 'Send again the failed messages, and those kept while no SMTP server was configured',
    tags,
    response: z.object({ queued: z.number(), smtpConfigured: z.boolean() }),
  }),
  listMailTemplates: route({
    method: 'GET',
    path: '/api/mail/templates',
    access: 'mail.manage',
    summary: 'Every e-mail template in French and English, as the organization uses it',
    tags,
    response: z.object({ templates: z.array(MailTemplateSchema) }),
  }),
  updateMailTemplate: route({
    method: 'PUT',
    path: '/api/mail/templates/:key/:locale',
    access: 'mail.manage',
    summary: 'Change the subject and text of a template',
    tags,
    params: MailTemplateParamsSchema,
    body: MailTemplateUpdateSchema,
    response: MailTemplateSchema,
  }),
  resetMailTemplate: route({
    method: 'DELETE',
    path: '/api/mail/templates/:key/:locale',
    access: 'mail.manage',
    summary: "Go back to Relais's default text",
    tags,
    params: MailTemplateParamsSchema,
    response: MailTemplateSchema,
  }),
  inviteCaller: route({
    method: 'POST',
    path: '/api/mail/caller-invitations',
    access: 'members.manage',
    summary: 'Invite a caller and e-mail them their sign-in link',
    tags,
    body: CallerInvitationSchema,
    response: z.object({ userId: z.string(), messageId: z.string() }),
    status: 201,
  }),
};
