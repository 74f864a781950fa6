import { Alert, NativeSelect, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import type { z } from 'zod';
import type { MemberSchema, PermissionSet } from '../../../shared/contracts/auth.js';
import { api } from '../../api/api.js';
import { useT } from '../../i18n/use-t.js';
import { ErrorAlert } from '../../ui/ErrorAlert.js';
import { useFormat } from '../../ui/format.js';
import { permissionSetLabel } from './permission-set-label.js';

export type Member = z.infer<typeof MemberSchema>;

/** The organization's members, with a permission set each that an organizer can change in place. */
export function MembersTable({
  members,
  permissionSets,
  onChanged,
}: {
  members: Member[];
  permissionSets: PermissionSet[];
  onChanged: (member: Member) => void;
}) {
  const { t } = useT();
  const format = useFormat();
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [savingId, setSavingId] = useState<string | null>(null);

  const change = async (member: Member, permissionSetId: string) => {
    setSavingId(member.userId);
    setError(null);
    setNotice(null);
    try {
      const updated = await api.updateMember({ params: { userId: member.userId }, body: { permissionSetId } });
      onChanged(updated);
      setNotice(t('members.updated', { name: updated.name || updated.email }));
    } catch (failure) {
      setError(failure);
    } finally {
      setSavingId(null);
    }
  };

  return (
    <Paper withBorder radius="md" p={{ base: 'md', sm: 'lg' }} component="section" aria-labelledby="members-title">
      <Stack>
        <div>
          <Title order={2} size="h3" id="members-title">
            {t('members.listTitle')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('members.count', { count: members.length })}
          </Text>
        </div>
        <ErrorAlert error={error} />
        {notice && (
          <Alert color="green" role="status">
            {notice}
          </Alert>
        )}
        {members.length === 0 ? (
          <Text c="dimmed">{t('members.empty')}</Text>
        ) : (
          <Table.ScrollContainer minWidth={560}>
            <Table striped highlightOnHover verticalSpacing="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('members.name')}</Table.Th>
                  <Table.Th>{t('members.email')}</Table.Th>
                  <Table.Th>{t('members.permissionSet')}</Table.Th>
                  <Table.Th>{t('members.joinedAt')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {members.map((member) => (
                  <Table.Tr key={member.userId}>
                    <Table.Td>{member.name}</Table.Td>
                    <Table.Td>{member.email}</Table.Td>
                    <Table.Td>
                      <NativeSelect
                        aria-label={t('members.permissionSetOf', { name: member.name || member.email })}
                        value={member.permissionSetId}
                        disabled={savingId === member.userId}
                        onChange={(event) => void change(member, event.currentTarget.value)}
                        data={withCurrent(member, permissionSets).map((set) => ({ value: set.id, label: permissionSetLabel(t, set) }))}
                      />
                    </Table.Td>
                    <Table.Td>{format.date(member.joinedAt)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
    </Paper>
  );
}

/** The sets to offer, keeping the member's own even if the list does not have it. */
function withCurrent(member: Member, sets: PermissionSet[]): Pick<PermissionSet, 'id' | 'key' | 'name'>[] {
  if (sets.some((set) => set.id === member.permissionSetId)) return sets;
  return [{ id: member.permissionSetId, key: null, name: member.permissionSetName }, ...sets];
}
