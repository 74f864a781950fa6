import { Center, Loader, Stack } from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import type { PermissionSet } from '../../../shared/contracts/auth.js';
import { api } from '../../api/api.js';
import { useT } from '../../i18n/use-t.js';
import { ErrorAlert } from '../../ui/ErrorAlert.js';
import { PageHeader } from '../../ui/PageHeader.js';
import { InviteForm } from './InviteForm.js';
import { MembersTable, type Member } from './MembersTable.js';

/** Who belongs to the organization, inviting volunteers and changing what they may do. */
export function MembersPage() {
  const { t } = useT();
  const [members, setMembers] = useState<Member[] | null>(null);
  const [permissionSets, setPermissionSets] = useState<PermissionSet[]>([]);
  const [error, setError] = useState<unknown>(null);

  const load = useCallback(async () => {
    try {
      const [memberList, sets] = await Promise.all([api.listMembers(), api.listPermissionSets()]);
      setMembers(memberList.members);
      setPermissionSets(sets.permissionSets);
      setError(null);
    } catch (failure) {
      setError(failure);
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  return (
    <>
      <PageHeader title={t('nav.members')} />
      <Stack gap="xl">
        <ErrorAlert error={error} />
        <InviteForm permissionSets={permissionSets} onInvited={() => void load()} />
        {members ? (
          <MembersTable
            members={members}
            permissionSets={permissionSets}
            onChanged={(updated) => setMembers((list) => list?.map((member) => (member.userId === updated.userId ? updated : member)) ?? null)}
          />
        ) : (
          !error && (
            <Center py="xl">
              <Loader aria-label={t('app.loading')} />
            </Center>
          )
        )}
      </Stack>
    </>
  );
}
