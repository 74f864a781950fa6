import { Alert, Anchor, Button, Center, Group, Loader, NumberInput, Text } from '@mantine/core';
import { IconDeviceMobile, IconPrinter } from '@tabler/icons-react';
import { useCallback, useEffect, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import type { CallSheet } from '../../../shared/contracts/callbank-sheets.js';
import { CALL_OUTCOMES } from '../../../shared/contracts/callbank.js';
import { formatPhoneNational } from '../../../shared/people/phone.js';
import { api } from '../../api/api.js';
import { useT } from '../../i18n/use-t.js';
import { ErrorAlert } from '../../ui/ErrorAlert.js';
import { useFormat } from '../../ui/format.js';
import { QrCode } from '../../ui/QrCode.js';
import { useAction } from '../../ui/use-action.js';
import { usePageTitle } from '../../ui/use-page-title.js';
import { ScriptSummary } from './ScriptSummary.js';
import { CALL_SHEET_CSS } from './call-sheet.styles.js';

/**
 * A printable A4 call sheet, outside the app's frame so nothing but the sheet is printed. For a
 * caller (`/call/:campaignId/sheet`): the people handed to them, and in a shared pool a way to
 * reserve more. For an organizer (`/call-sheets/:campaignId?caller=…`): the whole list still to
 * call, or one caller's share. Each person has a QR code opening their call on a phone.
 */
export function CallSheetPage({ as }: { as: 'caller' | 'organizer' }) {
  const { campaignId = '' } = useParams();
  const [search] = useSearchParams();
  const callerId = search.get('caller') ?? undefined;
  const { t } = useT();
  const format = useFormat();
  const [sheet, setSheet] = useState<CallSheet | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [count, setCount] = useState<number>(20);
  const [notice, setNotice] = useState<string | null>(null);
  const reserve = useAction();
  const release = useAction();
  const phoneLink = useAction();
  const [signInUrl, setSignInUrl] = useState<string | null>(null);
  usePageTitle(sheet ? sheet.campaign.name : t('callSheet.title'));

  const load = useCallback(async () => {
    try {
      setSheet(
        as === 'caller'
          ? await api.myCallSheet({ params: { campaignId } })
          : await api.campaignCallSheet({ params: { campaignId }, query: { ...(callerId ? { callerId } : {}), limit: 500 } }),
      );
      setLoadError(null);
    } catch (failure) {
      setLoadError(failure);
    }
  }, [as, campaignId, callerId]);
  useEffect(() => {
    void load();
  }, [load]);

  if (!sheet) {
    return loadError ? (
      <div className="call-sheet">
        <ErrorAlert error={loadError} />
      </div>
    ) : (
      <Center py="xl">
        <Loader aria-label={t('app.loading')} />
      </Center>
    );
  }

  const canReserve = sheet.campaign.mode === 'shared_pool' && sheet.campaign.status !== 'done' && (as === 'caller' || sheet.caller !== null);
  const doReserve = () =>
    reserve.run(async () => {
      const result =
        as === 'caller'
          ? await api.reserveMySheet({ params: { campaignId }, body: { count } })
          : await api.reserveSheetForCaller({ params: { campaignId }, body: { userId: sheet.caller!.userId, count } });
      setNotice(t('callSheet.reserved', { count: result.reserved }));
      await load();
    });
  const doRelease = () =>
    release.run(async () => {
      const result =
        as === 'caller'
          ? await api.releaseMySheet({ params: { campaignId } })
          : await api.releaseSheetOfCaller({ params: { campaignId }, body: { userId: sheet.caller!.userId } });
      setNotice(t('callSheet.released', { count: result.released }));
      await load();
    });
  const origin = window.location.origin;

  return (
    <div className="call-sheet">
      <style>{CALL_SHEET_CSS}</style>
      <div className="no-print call-sheet-toolbar">
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Anchor component={Link} to={as === 'caller' ? `/call/${campaignId}` : '/campaigns'}>
            {t('callSheet.back')}
          </Anchor>
          <Group gap="xs" align="end" wrap="wrap">
            {canReserve && (
              <>
                <NumberInput size="xs" w={150} label={t('callSheet.reserveCount')} min={1} max={200} value={count} onChange={(value) => setCount(Number(value) || 1)} />
                <Button size="xs" variant="light" loading={reserve.busy} onClick={() => void doReserve()}>
                  {as === 'caller' ? t('callSheet.reserve') : t('callSheet.reserveFor')}
                </Button>
                {sheet.people.length > 0 && (
                  <Button size="xs" variant="subtle" color="gray" loading={release.busy} onClick={() => void doRelease()}>
                    {t('callSheet.release')}
                  </Button>
                )}
              </>
            )}
            <Button
              size="xs"
              variant="default"
              leftSection={<IconDeviceMobile size={16} aria-hidden />}
              loading={phoneLink.busy}
              onClick={() => void phoneLink.run(async () => setSignInUrl((await api.phoneSignInLink({ params: { campaignId } })).url))}
            >
              {t('callSheet.phoneLink')}
            </Button>
            <Button size="xs" leftSection={<IconPrinter size={16} aria-hidden />} onClick={() => window.print()}>
              {t('callSheet.print')}
            </Button>
          </Group>
        </Group>
        <ErrorAlert error={reserve.error} />
        <ErrorAlert error={release.error} />
        <ErrorAlert error={phoneLink.error} />
        {signInUrl && (
          <Group mt="xs" gap="sm" wrap="nowrap" align="center">
            <QrCode value={signInUrl} size={120} label={t('callSheet.phoneLinkLabel')} />
            <Text size="sm">{t('callSheet.phoneLinkHint')}</Text>
          </Group>
        )}
        {notice && (
          <Alert color="green" mt="xs" withCloseButton onClose={() => setNotice(null)}>
            {notice}
          </Alert>
        )}
      </div>

      <header className="call-sheet-head">
        <h1>{sheet.campaign.name}</h1>
        <p>
          {sheet.caller ? t('callSheet.titleFor', { name: sheet.caller.name }) : t('callSheet.title')} · {t('callSheet.generated', { at: format.dateTime(sheet.generatedAt) })} ·{' '}
          {t('callSheet.count', { count: sheet.total })}
        </p>
        {sheet.people.length < sheet.total && <p>{t('callSheet.truncated', { shown: sheet.people.length, total: sheet.total })}</p>}
      </header>

      {sheet.campaign.briefing && (
        <section className="call-sheet-briefing">
          <h2>{t('callSheet.briefing')}</h2>
          <p>{sheet.campaign.briefing}</p>
        </section>
      )}
      <ScriptSummary name={sheet.script.name} document={sheet.script.document} />

      {sheet.people.length === 0 && <Text my="md">{canReserve && as === 'caller' ? t('callSheet.emptyPool') : t('callSheet.empty')}</Text>}
      {sheet.people.map((person) => {
        const name = `${person.firstName} ${person.lastName}`;
        return (
          <article key={person.targetId} className="call-sheet-person" data-target-id={person.targetId}>
            <div className="call-sheet-person-main">
              <h3>
                {name}
                {person.commune && <span className="call-sheet-commune"> · {person.commune}</span>}
              </h3>
              <p className="call-sheet-phone">{person.phone ? formatPhoneNational(person.phone) : t('callSheet.noPhone')}</p>
              {(person.attempts > 0 || person.callbackAt) && (
                <p className="call-sheet-meta">
                  {person.attempts > 0 && t('callSheet.attempts', { count: person.attempts })}
                  {person.attempts > 0 && person.callbackAt && ' · '}
                  {person.callbackAt && t('callSheet.callbackAt', { at: format.dateTime(person.callbackAt) })}
                </p>
              )}
              <div className="call-sheet-outcomes" aria-label={t('callSheet.outcome')}>
                {CALL_OUTCOMES.map((outcome) => (
                  <span key={outcome} className="call-sheet-tick">
                    <span className="call-sheet-box" aria-hidden />
                    {t(`callbank.screen.outcomes.${outcome}`)}
                  </span>
                ))}
              </div>
              <div className="call-sheet-notes">
                <span>{t('callSheet.notes')}</span>
                <span className="call-sheet-line" />
                <span className="call-sheet-line" />
              </div>
            </div>
            <figure className="call-sheet-qr">
              <QrCode value={`${origin}/call/${sheet.campaign.id}/targets/${person.targetId}`} size="26mm" label={t('callSheet.qrLabel', { name })} />
              <figcaption>{t('callSheet.qrHint')}</figcaption>
            </figure>
          </article>
        );
      })}
    </div>
  );
}
