import { Alert, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { IconPhone } from '@tabler/icons-react';
import type { CallPerson } from '../../../shared/contracts/callbank.js';
import { useT } from '../../i18n/use-t.js';
import { QrCode } from '../../ui/QrCode.js';

// Long labels (French especially) wrap on a 360-px phone instead of being cut off.
export const WRAP = { root: { height: 'auto', minHeight: 36, paddingBlock: 8 }, label: { whiteSpace: 'normal' as const, textAlign: 'center' as const } };

/**
 * The person being called: name, commune, the large `tel:` button, and on a desktop a QR code of
 * the same `tel:` link beside it, so the caller dials from their own phone by scanning it.
 */
export function CallPersonCard({ person, outsideHours = false }: { person: CallPerson; outsideHours?: boolean }) {
  const { t } = useT();
  const tel = person.phone ? `tel:${person.phone}` : null;
  return (
    <Card withBorder padding="md">
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="md">
        <Stack gap={4} style={{ flex: 1, minWidth: 0 }}>
          <Title order={2} size="h3">
            {person.firstName} {person.lastName}
          </Title>
          {person.commune && <Text c="dimmed">{person.commune}</Text>}
          {outsideHours && (
            <Alert color="orange" p="xs">
              {t('callSheet.outsideHours')}
            </Alert>
          )}
          {tel && !outsideHours && (
            <Button component="a" href={tel} size="lg" fullWidth mt="sm" leftSection={<IconPhone aria-hidden />} styles={WRAP}>
              {t('callbank.screen.call', { phone: person.phone ?? '' })}
            </Button>
          )}
          {!tel && <Text c="red">{t('callbank.screen.noPhone')}</Text>}
        </Stack>
        {tel && !outsideHours && (
          // Desktop only: on a phone the button itself dials.
          <Stack gap={4} align="center" visibleFrom="sm" data-testid="dial-qr">
            <QrCode value={tel} size={132} label={t('callbank.screen.qr')} />
            <Text size="xs" c="dimmed" ta="center" maw={132}>
              {t('callbank.screen.qr')}
            </Text>
          </Stack>
        )}
      </Group>
    </Card>
  );
}
