import type { ContactStatus } from '../../../shared/contracts/people.js';

/** Pure rules of the people database: what a contact or an erasure means for the campaign. */

export type ContactChannelFlag = 'do_not_call' | 'do_not_email' | 'do_not_text';

/**
 * The flags a contact's outcome sets. A person who asked not to be contacted again is not called,
 * e-mailed or texted by anyone afterwards, whatever the channel they said it on.
 *
 * @example flagsSetByContact('do_not_contact') // ['do_not_call', 'do_not_email', 'do_not_text']
 */
export function flagsSetByContact(status: ContactStatus): ContactChannelFlag[] {
  return status === 'do_not_contact' ? ['do_not_call', 'do_not_email', 'do_not_text'] : [];
}

/** The reason stored on a flag set by a contact's outcome (shown translated on the profile). */
export const CONTACT_OBJECTION_REASON = 'do_not_contact';

/**
 * Whether an erased person objected to being contacted, so that hashes of their phones and e-mail
 * must be kept to stop a later import from bringing them back: they said so at erasure, or any
 * do-not-contact flag is set on their record.
 */
export function objectedToContact(person: { do_not_call: boolean; do_not_email: boolean; do_not_text: boolean }, saidAtErasure: boolean | undefined): boolean {
  return saidAtErasure === true || person.do_not_call || person.do_not_email || person.do_not_text;
}
