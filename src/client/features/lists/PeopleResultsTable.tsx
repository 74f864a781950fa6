import { Anchor, Badge, Group, Table, Text } from '@mantine/core';
import { Link } from 'react-router';
import type { PersonRow } from '../../../shared/contracts/lists.js';
import { formatPhoneNational } from '../../../shared/people/phone.js';
import { supportLevelLabel, type SupportLevel } from '../../../shared/people/support-level.js';
import { useT } from '../../i18n/use-t.js';

/** The people of a search or a list, one line each, the name opening the profile. */
export function PeopleResultsTable({ rows }: { rows: readonly PersonRow[] }) {
  const { t, locale } = useT();
  return (
    <Table.ScrollContainer minWidth={720}>
      <Table striped highlightOnHover verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('lists.table.name')}</Table.Th>
            <Table.Th>{t('lists.table.phone')}</Table.Th>
            <Table.Th>{t('lists.table.email')}</Table.Th>
            <Table.Th>{t('lists.table.commune')}</Table.Th>
            <Table.Th>{t('lists.table.support')}</Table.Th>
            <Table.Th>{t('lists.table.tags')}</Table.Th>
            <Table.Th>{t('lists.table.flags')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => {
            const phone = row.mobile ?? row.phone;
            return (
              <Table.Tr key={row.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/people/${row.id}`}>
                    {[row.firstName, row.lastName].filter(Boolean).join(' ') || t('lists.table.noName')}
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  {phone && (
                    <Text size="sm" c={(row.mobile ? row.mobileValid : row.phoneValid) ? undefined : 'dimmed'} style={{ whiteSpace: 'nowrap' }}>
                      {formatPhoneNational(phone)}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{row.email}</Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{row.city ?? row.communeCode}</Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{row.supportLevel === null ? '—' : supportLevelLabel(row.supportLevel as SupportLevel, locale)}</Text>
                </Table.Td>
                <Table.Td>
                  <Group gap={4}>
                    {row.tags.map((tag) => (
                      <Badge key={tag.id} size="sm" variant="light">
                        {tag.name}
                      </Badge>
                    ))}
                  </Group>
                </Table.Td>
                <Table.Td>
                  <Group gap={4}>
                    {row.isVolunteer && (
                      <Badge size="sm" color="teal" variant="light">
                        {t('lists.table.volunteer')}
                      </Badge>
                    )}
                    {row.doNotCall && (
                      <Badge size="sm" color="red" variant="light">
                        {t('lists.table.doNotCall')}
                      </Badge>
                    )}
                  </Group>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
