/**
 * What other modules may use of the people database.
 *
 * - The importer checks rows against erased objectors with `isSuppressed` / `findSuppressed`
 *   (or hashes in bulk with `suppressionHash` and compares with `suppressions.value_hash`).
 * - Phone banking records outcomes with `recordContact` inside its own transaction (a
 *   `do_not_contact` outcome sets the do-not-call flag), and logs each person a caller is shown
 *   with `logPersonRead`.
 * - Any table that points at a person must declare a foreign key to `people (org_id, id)` with
 *   ON DELETE CASCADE or SET NULL, and keep no copy of their name, phone or e-mail: an erasure
 *   deletes the person row and relies on it, and a GDPR export finds such rows through it.
 * - A place that may hold a person's e-mail, number or name *without* such a key (a message to
 *   someone else about them, a saved search, a report line) is listed in people.erasure.ts, which
 *   the erasure sweeps and the export reports; people.gdpr.test.ts scans every column of every
 *   table after an erasure, so a place missing there fails it.
 * - A person's additional e-mails and phones live in person_emails / person_phones; the primary
 *   columns on people always hold a valid value when an additional one of the kind exists.
 */
export { registerPeopleRoutes } from './people.routes.js';
export { findSuppressed, isSuppressed, normalizeForSuppression, suppressionHash, type SuppressionKind } from './people.suppressions.js';
export { flagsSetByContact, objectedToContact } from './people.policy.js';
export { presentPerson } from './people.mappers.js';
export { PERSON_AUDIT, logPersonRead, recordContact, type ContactEntry } from './people.service.js';
