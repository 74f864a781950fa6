import { Anchor, Badge, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import type { MyCampaign } from '../../../shared/contracts/callbank-sheets.js';
import { api } from '../../api/api.js';
import { useT } from '../../i18n/use-t.js';
import { ErrorAlert } from '../../ui/ErrorAlert.js';

/** A caller's home for phone banking: only the open campaigns handed to them, each with its screen and sheet. */
export function MyCampaigns() {
  const { t } = useT();
  const [campaigns, setCampaigns] = useState<MyCampaign[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    api
      .myCallCampaigns()
      .then((r) => setCampaigns(r.campaigns))
      .catch(setError);
  }, []);

  return (
    <Stack gap="sm">
      <Title order={2} size="h4">
        {t('callSheet.mine')}
      </Title>
      <ErrorAlert error={error} />
      {campaigns?.length === 0 && <Text c="dimmed">{t('callSheet.noneMine')}</Text>}
      {campaigns?.map((campaign) => (
        <Card key={campaign.id} withBorder data-campaign-id={campaign.id}>
          <Group justify="space-between" wrap="wrap" gap="xs">
            <Group gap="xs">
              <Title order={3} size="h5">
                {campaign.name}
              </Title>
              <Badge>{t(`callbank.status.${campaign.status}`)}</Badge>
              {campaign.handedRemaining > 0 && (
                <Text size="sm" c="dimmed">
                  {t('callSheet.remaining', { count: campaign.handedRemaining })}
                </Text>
              )}
            </Group>
            <Group gap="xs">
              <Button component={Link} to={`/call/${campaign.id}`} size="xs">
                {t('callSheet.openScreen')}
              </Button>
              <Anchor component={Link} to={`/call/${campaign.id}/sheet`} size="sm">
                {t('callSheet.sheetLink')}
              </Anchor>
            </Group>
          </Group>
        </Card>
      ))}
    </Stack>
  );
}
