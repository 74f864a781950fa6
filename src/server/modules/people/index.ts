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
 */
export { registerPeopleRoutes } from './people.routes.js';
export { findSuppressed, isSuppressed, normalizeForSuppression, suppressionHash, type SuppressionKind } from './people.suppressions.js';
export { flagsSetByContact, objectedToContact } from './people.policy.js';
export { presentPerson } from './people.mappers.js';
export { PERSON_AUDIT, logPersonRead, recordContact, type ContactEntry } from './people.service.js';
