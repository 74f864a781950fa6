import type { MailTemplateKey } from '../../../shared/contracts/mail.js';
import type { Locale } from '../../../shared/i18n/locales.js';

/** A template's text: `{{field}}` merge fields in a subject and a plain-text body. */
export interface TemplateText {
  subject: string;
  body: string;
}

/** The merge fields each template may use (what the template editor lists). */
export const MERGE_FIELDS: Record<MailTemplateKey, readonly string[]> = {
  signup_confirmation: ['firstName', 'organizationName', 'eventTitle', 'eventDate', 'eventPlace', 'shiftTime', 'bookingStatus', 'cancelUrl'],
  reminder_day_before: ['firstName', 'organizationName', 'eventTitle', 'eventDate', 'eventPlace', 'shiftTime', 'cancelUrl'],
  caller_invitation: ['name', 'organizationName', 'magicLink', 'expiresAt'],
  thank_you_after_event: ['firstName', 'organizationName', 'eventTitle'],
};

/** Relais's default e-mails, used until an organizer edits them. */
export const DEFAULT_TEMPLATES: Record<MailTemplateKey, Record<Locale, TemplateText>> = {
  signup_confirmation: {
    fr: {
      subject: 'Inscription : {{eventTitle}}',
      body: [
        'Bonjour {{firstName}},',
        '',
        'Merci de votre inscription à « {{eventTitle}} ».',
        '{{bookingStatus}}',
        '',
        'Quand : {{shiftTime}}',
        'Où : {{eventPlace}}',
        '',
        "Le fichier joint ajoute le créneau à votre agenda. Si vous ne pouvez plus venir, libérez votre place pour quelqu'un d'autre :",
        '{{cancelUrl}}',
        '',
        "L'équipe de {{organizationName}}",
      ].join('\n'),
    },
    en: {
      subject: 'Sign-up: {{eventTitle}}',
      body: [
        'Hello {{firstName}},',
        '',
        'Thank you for signing up for "{{eventTitle}}".',
        '{{bookingStatus}}',
        '',
        'When: {{shiftTime}}',
        'Where: {{eventPlace}}',
        '',
        "The attached file adds the shift to your calendar. If you can no longer come, free your place for someone else:",
        '{{cancelUrl}}',
        '',
        'The {{organizationName}} team',
      ].join('\n'),
    },
  },
  reminder_day_before: {
    fr: {
      subject: 'Demain : {{eventTitle}}',
      body: [
        'Bonjour {{firstName}},',
        '',
        'Petit rappel : vous participez demain à « {{eventTitle}} ».',
        '',
        'Quand : {{shiftTime}}',
        'Où : {{eventPlace}}',
        '',
        'Un empêchement ? Libérez votre place : {{cancelUrl}}',
        '',
        'À demain !',
        "L'équipe de {{organizationName}}",
      ].join('\n'),
    },
    en: {
      subject: 'Tomorrow: {{eventTitle}}',
      body: [
        'Hello {{firstName}},',
        '',
        'A quick reminder: you are taking part in "{{eventTitle}}" tomorrow.',
        '',
        'When: {{shiftTime}}',
        'Where: {{eventPlace}}',
        '',
        'Cannot make it? Free your place: {{cancelUrl}}',
        '',
        'See you tomorrow!',
        'The {{organizationName}} team',
      ].join('\n'),
    },
  },
  caller_invitation: {
    fr: {
      subject: '{{organizationName}} : votre accès pour appeler',
      body: [
        'Bonjour {{name}},',
        '',
        "Merci de rejoindre l'équipe d'appel de {{organizationName}} ! Ce lien personnel vous connecte directement, sans mot de passe :",
        '{{magicLink}}',
        '',
        "Il ne sert qu'une fois et expire le {{expiresAt}}. Ne le transférez pas.",
        '',
        "L'équipe de {{organizationName}}",
      ].join('\n'),
    },
    en: {
      subject: '{{organizationName}}: your calling access',
      body: [
        'Hello {{name}},',
        '',
        "Thank you for joining {{organizationName}}'s calling team! This personal link signs you in directly, no password needed:",
        '{{magicLink}}',
        '',
        'It works once and expires on {{expiresAt}}. Please do not forward it.',
        '',
        'The {{organizationName}} team',
      ].join('\n'),
    },
  },
  thank_you_after_event: {
    fr: {
      subject: 'Merci pour « {{eventTitle}} » !',
      body: [
        'Bonjour {{firstName}},',
        '',
        "Un grand merci d'avoir participé à « {{eventTitle}} ». Chaque appel, chaque porte compte, et votre temps fait la différence.",
        '',
        'À très bientôt,',
        "L'équipe de {{organizationName}}",
      ].join('\n'),
    },
    en: {
      subject: 'Thank you for "{{eventTitle}}"!',
      body: [
        'Hello {{firstName}},',
        '',
        'A big thank-you for taking part in "{{eventTitle}}". Every call and every door counts, and your time makes the difference.',
        '',
        'See you soon,',
        'The {{organizationName}} team',
      ].join('\n'),
    },
  },
};

const FIELD = /\{\{\s*([A-Za-z][A-Za-z0-9]*)\s*\}\}/g;

function fill(text: string, values: Readonly<Record<string, string>>, escape: (value: string) => string): string {
  // One pass: a value that looks like a merge field stays literal; unknown fields stay visible.
  return text.replace(FIELD, (whole, name: string) => (Object.hasOwn(values, name) ? escape(values[name] ?? '') : whole));
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

/**
 * Fills a template for one recipient: plain text, and an HTML version where values are escaped and
 * links are clickable.
 *
 * @example renderTemplate({ subject: 'Hi {{firstName}}', body: 'See {{url}}' }, { firstName: 'Ana', url: 'https://x.test' })
 */
export function renderTemplate(template: TemplateText, values: Readonly<Record<string, string>>): { subject: string; text: string; html: string } {
  const subject = fill(template.subject, values, (v) => v.replace(/[\r\n]+/g, ' '));
  const text = fill(template.body, values, (v) => v);
  const escaped = fill(escapeHtml(template.body), values, escapeHtml);
  const linked = escaped.replace(/https?:\/\/[^\s<"]+/g, (url) => `<a href="${url}">${url}</a>`);
  const paragraphs = linked
    .split(/\n{2,}/)
    .map((p) => `<p>${p.replace(/\n/g, '<br>')}</p>`)
    .join('\n');
  const html = `<!doctype html><html><body style="font-family: sans-serif; line-height: 1.5">\n${paragraphs}\n</body></html>`;
  return { subject, text, html };
}
