import { Badge, Group, SimpleGrid, Stack, Text } from '@mantine/core';
import type { ContactFlag, Person } from '../../../shared/contracts/people.js';
import { useT, type Translate } from '../../i18n/use-t.js';
import { useFormat, type Formatters } from '../../ui/format.js';

function flagText(t: Translate, format: Formatters, flag: ContactFlag): string {
  const parts = [];
  if (flag.at) parts.push(t('people.flags.since', { date: format.date(flag.at) }));
  if (flag.reason) parts.push(flag.reason === 'do_not_contact' ? t('people.flags.do_not_contact') : flag.reason);
  return parts.join(' · ');
}

/** A profile's fields, read-only. */
export function PersonDetails({ person }: { person: Person }) {
  const { t } = useT();
  const format = useFormat();
  const none = t('people.fields.none');
  const address = [person.address.line1, person.address.line2, [person.address.postalCode, person.address.city].filter(Boolean).join(' ')].filter(Boolean);
  const rows: [string, React.ReactNode][] = [
    [t('people.fields.email'), person.emails.join(', ') || none],
    [
      t('people.fields.mobile') + ' / ' + t('people.fields.landline'),
      person.phones.length === 0 ? (
        none
      ) : (
        <Stack gap={2}>
          {person.phones.map((phone, index) => (
            <Group key={index} gap="xs">
              <Text size="sm" c="dimmed">
                {t(`people.phone.${phone.kind}`)}
                {index >= person.phones.length - person.extraPhones.length ? ` (${t('people.phone.other')})` : ''}
              </Text>
              {phone.valid && phone.e164 ? (
                <Text size="sm" component="a" href={`tel:${phone.e164}`}>
                  {phone.national}
                </Text>
              ) : (
                <Text size="sm">
                  {phone.raw}{' '}
                  <Badge size="xs" color="orange" variant="light">
                    {t('people.phone.invalid')}
                  </Badge>
                </Text>
              )}
            </Group>
          ))}
        </Stack>
      ),
    ],
    [t('people.fields.addressLine1'), address.length > 0 ? address.join(', ') : none],
    [t('people.fields.communeCode'), person.communeCode ?? none],
    [t('people.fields.pollingStationCode'), person.pollingStationCode ?? none],
    [t('people.fields.constituencyCode'), person.constituencyCode ?? none],
    [t('people.fields.birthDate'), person.birthDate ? format.date(`${person.birthDate}T12:00:00`) : none],
    [t('people.fields.recruiter'), person.recruiter ? person.recruiter.name : none],
    [t('people.fields.legalBasis'), t(`people.legalBasis.${person.legalBasis}`)],
    [t('people.fields.dataSource'), person.dataSource],
    [t('people.fields.externalId'), person.externalId ?? none],
    [t('people.fields.createdAt'), format.dateTime(person.createdAt)],
  ];
  const flags = (['doNotCall', 'doNotEmail', 'doNotText'] as const).filter((flag) => person[flag].active);

  return (
    <Stack>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" verticalSpacing="xs">
        {rows.map(([label, value]) => (
          <div key={label}>
            <Text size="xs" c="dimmed">
              {label}
            </Text>
            {typeof value === 'string' ? <Text size="sm">{value}</Text> : value}
          </div>
        ))}
      </SimpleGrid>
      {flags.length > 0 && (
        <Stack gap={4}>
          {flags.map((flag) => (
            <Group key={flag} gap="xs">
              <Badge color="red" variant="light">
                {t(`people.flags.${flag}`)}
              </Badge>
              <Text size="sm" c="dimmed">
                {flagText(t, format, person[flag])}
              </Text>
            </Group>
          ))}
        </Stack>
      )}
    </Stack>
  );
}
