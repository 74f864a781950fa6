import { z } from 'zod';
import { BUILTIN_PERMISSION_SETS, CAPABILITIES } from '../auth/capabilities.js';
import { LOCALES } from '../i18n/locales.js';
import { route } from './route.js';

export const LocaleSchema = z.enum(LOCALES);
export const CapabilitySchema = z.enum(CAPABILITIES);
export const EmailSchema = z.string().trim().toLowerCase().pipe(z.email()).pipe(z.string().max(320));
export const PasswordSchema = z.string().min(10).max(200);

export const MembershipSummarySchema = z.object({
  orgId: z.uuid(),
  slug: z.string(),
  name: z.string(),
  permissionSet: z.string(),
});
export type MembershipSummary = z.infer<typeof MembershipSummarySchema>;

/** What the web app knows about who is signed in. */
export const SessionInfoSchema = z.object({
  user: z
    .object({
      id: z.uuid(),
      email: z.string(),
      name: z.string(),
      hasPassword: z.boolean(),
    })
    .nullable(),
  locale: LocaleSchema,
  /** Send back as the `x-csrf-token` header on every write. */
  csrfToken: z.string().nullable(),
  organization: z
    .object({ id: z.uuid(), slug: z.string(), name: z.string(), timeZone: z.string(), capabilities: z.array(CapabilitySchema) })
    .nullable(),
  memberships: z.array(MembershipSummarySchema),
});
export type SessionInfo = z.infer<typeof SessionInfoSchema>;

export const LoginSchema = z.object({ email: EmailSchema, password: z.string().min(1).max(200) });
/** A volunteer who joined by magic link has no password yet: currentPassword may then be empty. */
export const PasswordChangeSchema = z.object({ currentPassword: z.string().max(200).default(''), newPassword: PasswordSchema });
export const MagicLinkConsumeSchema = z.object({ token: z.string().min(20).max(200) });
export const LocaleChangeSchema = z.object({ locale: LocaleSchema });
export const OrgSwitchSchema = z.object({ orgId: z.uuid() });
export const OkSchema = z.object({ ok: z.literal(true) });

export const PermissionSetSchema = z.object({
  id: z.string(),
  key: z.string().nullable(),
  name: z.string(),
  builtin: z.boolean(),
  capabilities: z.array(CapabilitySchema),
});
export type PermissionSet = z.infer<typeof PermissionSetSchema>;
export const PermissionSetCreateSchema = z.object({
  name: z.string().trim().min(1).max(100),
  capabilities: z.array(CapabilitySchema).min(1),
});

export const MemberSchema = z.object({
  userId: z.uuid(),
  email: z.string(),
  name: z.string(),
  permissionSetId: z.string(),
  permissionSetName: z.string(),
  joinedAt: z.string(),
});
export const InvitationCreateSchema = z.object({
  email: EmailSchema,
  name: z.string().trim().min(1).max(200),
  permissionSet: z.union([z.enum(BUILTIN_PERMISSION_SETS), z.string().regex(/^\d+$/)]).default('caller'),
  /** Where the volunteer lands after signing in. */
  redirectPath: z.string().regex(/^\/[^/]/).max(500).optional(),
});
export const InvitationSchema = z.object({ url: z.string(), expiresAt: z.string(), userId: z.uuid() });
export const MemberUpdateSchema = z.object({ permissionSetId: z.string().regex(/^\d+$/) });
export const UserIdParamsSchema = z.object({ userId: z.uuid() });

/** Accounts, sessions and membership routes. */
export const authRoutes = {
  health: route({
    method: 'GET',
    path: '/api/health',
    access: 'public',
    summary: 'Is Relais up, and on which database',
    tags: ['platform'],
    response: z.object({ ok: z.literal(true), database: z.enum(['embedded', 'external']) }),
  }),
  session: route({
    method: 'GET',
    path: '/api/session',
    access: 'public',
    summary: 'Who is signed in, their organizations and capabilities',
    tags: ['auth'],
    response: SessionInfoSchema,
  }),
  login: route({
    method: 'POST',
    path: '/api/auth/login',
    access: 'public',
    summary: 'Sign in with e-mail and password',
    tags: ['auth'],
    body: LoginSchema,
    response: SessionInfoSchema,
  }),
  logout: route({
    method: 'POST',
    path: '/api/auth/logout',
    access: 'authenticated',
    summary: 'Sign out of this session',
    tags: ['auth'],
    response: OkSchema,
  }),
  changePassword: route({
    method: 'POST',
    path: '/api/auth/password',
    access: 'authenticated',
    summary: 'Change password (signs out the other sessions)',
    tags: ['auth'],
    body: PasswordChangeSchema,
    response: OkSchema,
  }),
  consumeMagicLink: route({
    method: 'POST',
    path: '/api/auth/magic-link',
    access: 'public',
    summary: 'Sign in with a single-use invitation link',
    tags: ['auth'],
    body: MagicLinkConsumeSchema,
    response: SessionInfoSchema.extend({ redirectPath: z.string() }),
  }),
  setLocale: route({
    method: 'PUT',
    path: '/api/session/locale',
    access: 'authenticated',
    summary: 'Choose the language of this session',
    tags: ['auth'],
    body: LocaleChangeSchema,
    response: SessionInfoSchema,
  }),
  switchOrganization: route({
    method: 'PUT',
    path: '/api/session/organization',
    access: 'authenticated',
    summary: 'Act for another organization the user belongs to',
    tags: ['auth'],
    body: OrgSwitchSchema,
    response: SessionInfoSchema,
  }),
  listMembers: route({
    method: 'GET',
    path: '/api/members',
    access: 'members.manage',
    summary: "The organization's members and their permission sets",
    tags: ['auth'],
    response: z.object({ members: z.array(MemberSchema) }),
  }),
  updateMember: route({
    method: 'PUT',
    path: '/api/members/:userId',
    access: 'members.manage',
    summary: "Change a member's permission set",
    tags: ['auth'],
    params: UserIdParamsSchema,
    body: MemberUpdateSchema,
    response: MemberSchema,
  }),
  invite: route({
    method: 'POST',
    path: '/api/invitations',
    access: 'members.manage',
    summary: 'Invite a volunteer by a single-use, expiring sign-in link',
    tags: ['auth'],
    body: InvitationCreateSchema,
    response: InvitationSchema,
    status: 201,
  }),
  listPermissionSets: route({
    method: 'GET',
    path: '/api/permission-sets',
    access: 'members.manage',
    summary: 'Built-in and custom permission sets',
    tags: ['auth'],
    response: z.object({ permissionSets: z.array(PermissionSetSchema), capabilities: z.array(CapabilitySchema) }),
  }),
  createPermissionSet: route({
    method: 'POST',
    path: '/api/permission-sets',
    access: 'org.manage',
    summary: 'Define a custom permission set from capabilities',
    tags: ['auth'],
    body: PermissionSetCreateSchema,
    response: PermissionSetSchema,
    status: 201,
  }),
};
