import type { ScriptDocument } from '../../../shared/scripts/script.schema.js';
import type { Tx } from '../../platform/db/database.js';
import { findScriptVersion } from '../scripts/index.js';

/** A published script version as the callbank needs it: frozen, so it can be cached by id. */
export interface PublishedScript {
  versionId: string;
  scriptId: string;
  name: string;
  document: ScriptDocument;
}

// Published versions never change (a trigger refuses updates), so a parsed version can be kept:
// the hot path (one outcome per call) then validates answers without reading or parsing the
// document again. Keyed by organization too, since ids are per organization.
const cache = new Map<string, PublishedScript>();
const CACHE_LIMIT = 500;

/** The published script version a campaign uses, parsed; undefined when the organization has no such version. */
export async function loadPublishedScript(tx: Tx, orgId: string, versionId: string): Promise<PublishedScript | undefined> {
  const key = `${orgId}:${versionId}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const version = await findScriptVersion(tx, orgId, versionId);
  if (!version) return undefined;
  const script = { versionId: version.id, scriptId: version.scriptId, name: version.name, document: version.document };
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(key, script);
  return script;
}
