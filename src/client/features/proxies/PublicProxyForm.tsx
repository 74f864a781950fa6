import { Alert, Autocomplete, Button, Checkbox, Container, Group, Loader, NumberInput, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { ProxyRound } from '../../../shared/contracts/proxies.js';
import { useParams, useSearchParams } from 'react-router';
import { api } from '../../api/api.js';
import { useT } from '../../i18n/use-t.js';
import { ErrorAlert } from '../../ui/ErrorAlert.js';
import { fieldError } from '../../ui/field-error.js';
import { LanguageSwitch } from '../../ui/LanguageSwitch.js';
import { roundDay } from './round-day.js';

const SHOWN = ['firstName', 'lastName', 'email', 'phone', 'communeCode', 'pollingStationCode', 'rounds', 'rounds.0', 'rounds.1', 'rounds.2', 'rounds.3', 'consent', 'maxTravelKm', 'proxiesHeld', 'proxiesHeldInFrance', 'voterNumber', 'birthDate'];

/**
 * The public vote-proxy forms (no account): "I need someone to vote for me" (`kind="request"`) and
 * "I can vote for someone" (`kind="offer"`). The visitor ticks the rounds the organization opened
 * (its proxy settings); a link may tick some in advance: `/public/<slug>/proxies/request?rounds=2027-04-11`.
 */
export function PublicProxyForm({ kind }: { kind: 'request' | 'offer' }) {
  const { t, locale } = useT();
  const { orgSlug = '' } = useParams();
  const [search] = useSearchParams();
  const preset = (search.get('rounds') ?? '').split(',').filter((r) => /^\d{4}-\d{2}-\d{2}$/.test(r));
  const [rounds, setRounds] = useState<ProxyRound[] | null>(null);
  const [chosen, setChosen] = useState<string[]>([]);
  const [v, setV] = useState({
    firstName: '',
    lastName: '',
    email: '',
    phone: '',
    commune: '',
    station: '',
    abroad: false,
    travel: '' as string | number,
    held: 0 as string | number,
    heldInFrance: 0 as string | number,
    voterNumber: '',
    birthDate: '',
    consent: false,
  });
  const [communes, setCommunes] = useState<{ code: string; name: string; departement: string }[]>([]);
  const [stations, setStations] = useState<string[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const set = <K extends keyof typeof v>(key: K, value: (typeof v)[K]) => setV((prev) => ({ ...prev, [key]: value }));

  useEffect(() => {
    api
      .publicProxyRounds({ params: { orgSlug } })
      .then((res) => {
        setRounds(res.rounds);
        const open = res.rounds.map((r) => r.date);
        // A link's rounds, else the only round there is.
        setChosen(preset.length > 0 ? preset.filter((d) => open.includes(d)) : open.length === 1 ? open : []);
      })
      .catch((failure: unknown) => {
        setRounds([]);
        setError(failure);
      });
    // The link's rounds are read once, when the page opens.
  }, [orgSlug]);

  // "Lyon (69) — 69123": the code is what the server needs.
  const communeCode = /\b(\d{5}|2[AB]\d{3})$/.exec(v.commune.trim())?.[1] ?? '';
  useEffect(() => {
    const q = v.commune.trim();
    if (q.length < 2 || communeCode) return;
    const controller = new AbortController();
    api
      .publicProxyCommunes({ params: { orgSlug }, query: { q }, signal: controller.signal })
      .then((res) => setCommunes(res.communes))
      .catch(() => {});
    return () => controller.abort();
  }, [v.commune, communeCode, orgSlug]);
  useEffect(() => {
    if (!communeCode) return setStations([]);
    api
      .publicProxyStations({ params: { orgSlug }, query: { communeCode } })
      .then((res) => setStations(res.stations.map((s) => (s.name ? `${s.code} — ${s.name}` : s.code))))
      .catch(() => setStations([]));
  }, [communeCode, orgSlug]);

  const submit = async () => {
    setBusy(true);
    setError(null);
    const common = {
      firstName: v.firstName,
      lastName: v.lastName,
      ...(v.email.trim() ? { email: v.email } : {}),
      ...(v.phone.trim() ? { phone: v.phone } : {}),
      communeCode: communeCode || v.commune.trim(),
      ...(v.station.trim() ? { pollingStationCode: v.station.split(' — ')[0]?.trim() ?? '' } : {}),
      // In the organization's order, so the server names the round at fault by its place.
      rounds: (rounds ?? []).map((r) => r.date).filter((d) => chosen.includes(d)),
      consent: v.consent,
    };
    try {
      if (kind === 'request') {
        await api.publicProxyRequest({ params: { orgSlug }, body: { ...common, establishedAbroad: v.abroad } });
      } else {
        await api.publicProxyOffer({
          params: { orgSlug },
          body: {
            ...common,
            maxTravelKm: v.travel === '' ? null : Number(v.travel),
            proxiesHeld: Number(v.held) || 0,
            proxiesHeldInFrance: Number(v.heldInFrance) || 0,
            ...(v.voterNumber.trim() ? { voterNumber: v.voterNumber.trim() } : {}),
            ...(v.birthDate ? { birthDate: v.birthDate } : {}),
          },
        });
      }
      setDone(true);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  const title = kind === 'request' ? t('proxies.form.requestTitle') : t('proxies.form.offerTitle');
  return (
    <Container size="sm" py="xl">
      <Group justify="flex-end" mb="md">
        <LanguageSwitch withLabel />
      </Group>
      <Paper withBorder p="lg" radius="md">
        {done ? (
          <Stack>
            <Title order={1} size="h2">
              {t('proxies.form.thanksTitle')}
            </Title>
            <Text>{t('proxies.form.thanksText')}</Text>
          </Stack>
        ) : (
          <form
            noValidate
            onSubmit={(event) => {
              event.preventDefault();
              void submit();
            }}
          >
            <Stack>
              <Title order={1} size="h2">
                {title}
              </Title>
              <Text c="dimmed">{kind === 'request' ? t('proxies.form.requestIntro') : t('proxies.form.offerIntro')}</Text>
              <ErrorAlert error={error} shownFields={SHOWN} />
              <Group grow wrap="wrap">
                <TextInput required label={t('proxies.form.firstName')} value={v.firstName} onChange={(e) => set('firstName', e.currentTarget.value)} error={fieldError(error, 'firstName')} autoComplete="given-name" />
                <TextInput required label={t('proxies.form.lastName')} value={v.lastName} onChange={(e) => set('lastName', e.currentTarget.value)} error={fieldError(error, 'lastName')} autoComplete="family-name" />
              </Group>
              <Group grow wrap="wrap">
                <TextInput type="email" label={t('proxies.form.email')} description={t('proxies.form.contactHint')} value={v.email} onChange={(e) => set('email', e.currentTarget.value)} error={fieldError(error, 'email')} autoComplete="email" />
                <TextInput type="tel" label={t('proxies.form.phone')} description={t('proxies.form.contactHint')} value={v.phone} onChange={(e) => set('phone', e.currentTarget.value)} error={fieldError(error, 'phone')} autoComplete="tel" />
              </Group>
              <Autocomplete
                required
                label={t('proxies.form.commune')}
                value={v.commune}
                onChange={(value) => set('commune', value)}
                data={communes.map((c) => `${c.name} (${c.departement}) — ${c.code}`)}
                error={fieldError(error, 'communeCode')}
              />
              <Autocomplete
                label={t('proxies.form.station')}
                description={t('proxies.form.stationHint')}
                value={v.station}
                onChange={(value) => set('station', value)}
                data={stations}
                error={fieldError(error, 'pollingStationCode')}
              />
              {rounds === null ? (
                <Loader size="sm" aria-label={t('app.loading')} />
              ) : rounds.length === 0 ? (
                <Alert color="orange">{t('proxies.form.noRound')}</Alert>
              ) : (
                <Checkbox.Group
                  required
                  label={kind === 'request' ? t('proxies.form.roundsRequest') : t('proxies.form.roundsOffer')}
                  description={t('proxies.form.roundsHint')}
                  value={chosen}
                  onChange={setChosen}
                  error={fieldError(error, 'rounds') ?? [0, 1, 2, 3].map((i) => fieldError(error, `rounds.${i}`)).find(Boolean)}
                >
                  <Stack gap={6} mt={6}>
                    {rounds.map((r) => (
                      <Checkbox key={r.date} value={r.date} label={`${locale === 'en' && r.labelEn ? r.labelEn : r.label} — ${roundDay(r.date, locale)}`} />
                    ))}
                  </Stack>
                </Checkbox.Group>
              )}
              {kind === 'request' ? (
                <Checkbox label={t('proxies.form.abroad')} checked={v.abroad} onChange={(e) => set('abroad', e.currentTarget.checked)} />
              ) : (
                <>
                  <NumberInput label={t('proxies.form.travel')} min={0} max={1000} value={v.travel} onChange={(value) => set('travel', value)} error={fieldError(error, 'maxTravelKm')} />
                  <Group grow wrap="wrap">
                    <NumberInput label={t('proxies.form.held')} min={0} max={2} value={v.held} onChange={(value) => set('held', value)} error={fieldError(error, 'proxiesHeld')} />
                    <NumberInput label={t('proxies.form.heldInFrance')} min={0} max={1} value={v.heldInFrance} onChange={(value) => set('heldInFrance', value)} error={fieldError(error, 'proxiesHeldInFrance')} />
                  </Group>
                  <Group grow wrap="wrap">
                    <TextInput label={t('proxies.form.voterNumber')} description={t('proxies.form.voterNumberHint')} inputMode="numeric" value={v.voterNumber} onChange={(e) => set('voterNumber', e.currentTarget.value)} error={fieldError(error, 'voterNumber')} />
                    <TextInput type="date" label={t('proxies.form.birthDate')} value={v.birthDate} onChange={(e) => set('birthDate', e.currentTarget.value)} error={fieldError(error, 'birthDate')} />
                  </Group>
                </>
              )}
              <Checkbox required label={t('proxies.form.consent')} checked={v.consent} onChange={(e) => set('consent', e.currentTarget.checked)} error={fieldError(error, 'consent')} />
              <Button type="submit" loading={busy} disabled={rounds !== null && rounds.length === 0}>
                {t('proxies.form.submit')}
              </Button>
            </Stack>
          </form>
        )}
      </Paper>
    </Container>
  );
}
