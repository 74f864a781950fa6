import { BUILTIN_PERMISSION_SETS, type BuiltinPermissionSet } from '../../../shared/auth/capabilities.js';
import type { PermissionSet } from '../../../shared/contracts/auth.js';
import type { Translate } from '../../i18n/use-t.js';

/** A permission set's name in the user's language: built-in ones are translated, custom ones kept as named. */
export function permissionSetLabel(t: Translate, set: Pick<PermissionSet, 'key' | 'name'>): string {
  return isBuiltin(set.key) ? t(`permissionSets.${set.key}`) : set.name;
}

function isBuiltin(key: string | null): key is BuiltinPermissionSet {
  return key !== null && (BUILTIN_PERMISSION_SETS as readonly string[]).includes(key);
}
