import { Alert, Anchor, Badge, Button, Card, Center, Container, Group, Loader, SimpleGrid, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import type { OpenTargetResult } from '../../../shared/contracts/callbank-sheets.js';
import { CALL_OUTCOMES, type CallOutcomeName, type CallerCampaign, type Claim, type ClaimResult } from '../../../shared/contracts/callbank.js';
import type { ScriptAnswers, ScriptDocument } from '../../../shared/scripts/script.schema.js';
import { walkScript, type WalkResult } from '../../../shared/scripts/script.walker.js';
import { api } from '../../api/api.js';
import { useT } from '../../i18n/use-t.js';
import { ErrorAlert } from '../../ui/ErrorAlert.js';
import { useFormat } from '../../ui/format.js';
import { usePageTitle } from '../../ui/use-page-title.js';
import { CallPersonCard, WRAP } from './CallPersonCard.js';
import { ScriptSections } from './ScriptSections.js';

type NoClaim = Extract<ClaimResult, { status: 'none' }>;

/** Only the answers of sections the call went through: a changed answer drops the branch it left. */
function answersOnPath(document: ScriptDocument, walk: WalkResult, answers: ScriptAnswers): ScriptAnswers {
  const onPath = new Set(walk.path);
  const kept: ScriptAnswers = {};
  for (const section of document.sections) {
    if (!onPath.has(section.id)) continue;
    for (const question of section.questions) {
      const value = answers[question.id];
      if (value !== undefined && value.trim() !== '') kept[question.id] = value;
    }
  }
  return kept;
}

const briefingKey = (campaignId: string) => `relais.callbank.briefed.${campaignId}`;

/**
 * The caller's screen at `/call/:campaignId`: the briefing first, then one person at a time with
 * a large `tel:` button, the script flowing section by section as answers are clicked, notes, the
 * outcome, and "save and next". A reload gives back the same person (the claim is kept server-side);
 * a save retried after a network failure reuses its call id, so it is stored once.
 * At `/call/:campaignId/targets/:targetId` (a call sheet's QR code) it opens that one person instead,
 * to enter a call made from the paper sheet, without the briefing the sheet already printed.
 */
export function CallerScreen() {
  const { campaignId = '', targetId } = useParams();
  const fromSheet = targetId !== undefined;
  const { t } = useT();
  const format = useFormat();
  const [campaign, setCampaign] = useState<CallerCampaign | null>(null);
  const [briefed, setBriefed] = useState(() => fromSheet || sessionStorage.getItem(briefingKey(campaignId)) === '1');
  const [claim, setClaim] = useState<Claim | null>(null);
  const [noClaim, setNoClaim] = useState<NoClaim | null>(null);
  const [callId, setCallId] = useState(() => crypto.randomUUID());
  const [answers, setAnswers] = useState<ScriptAnswers>({});
  const [notes, setNotes] = useState('');
  const [outcome, setOutcome] = useState<CallOutcomeName | null>(null);
  const [callbackAt, setCallbackAt] = useState('');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [myCalls, setMyCalls] = useState(0);
  const [unavailable, setUnavailable] = useState<Extract<OpenTargetResult, { status: 'unavailable' }>['reason'] | null>(null);
  const [outsideHours, setOutsideHours] = useState(false);
  const [savedOne, setSavedOne] = useState(false);
  usePageTitle(campaign?.name ?? t('callbank.title'));

  useEffect(() => {
    api
      .callerCampaign({ params: { campaignId } })
      .then((c) => {
        setCampaign(c);
        setMyCalls(c.myCallsToday);
      })
      .catch(setError);
  }, [campaignId]);

  // A person handed out (by a claim, or with the previous call's save): a fresh form for them.
  const show = useCallback((result: ClaimResult) => {
    setAnswers({});
    setNotes('');
    setOutcome(null);
    setCallbackAt('');
    setCallId(crypto.randomUUID());
    if (result.status === 'claimed') {
      setClaim(result.claim);
      setNoClaim(null);
    } else {
      setClaim(null);
      setNoClaim(result);
    }
  }, []);

  const claiming = useRef(false);
  const next = useCallback(async () => {
    // One claim at a time: a second one would reset answers the caller is already clicking.
    if (claiming.current) return;
    claiming.current = true;
    setError(null);
    try {
      show(await api.claimNextPerson({ params: { campaignId } }));
    } catch (failure) {
      setError(failure);
    } finally {
      claiming.current = false;
    }
  }, [campaignId, show]);

  useEffect(() => {
    if (campaign && briefed && !fromSheet && !claim && !noClaim) void next();
  }, [campaign, briefed, fromSheet, claim, noClaim, next]);

  // From a sheet: take that one person (404 for anyone not handed to this caller).
  useEffect(() => {
    if (!campaign || targetId === undefined) return;
    setClaim(null);
    setUnavailable(null);
    setSavedOne(false);
    setAnswers({});
    setNotes('');
    setOutcome(null);
    setCallbackAt('');
    setCallId(crypto.randomUUID());
    api
      .openCallTarget({ params: { campaignId, targetId } })
      .then((result) => {
        if (result.status === 'claimed') {
          setClaim(result.claim);
          setOutsideHours(!result.withinHours);
        } else setUnavailable(result.reason);
      })
      .catch(setError);
  }, [campaign, campaignId, targetId]);

  const walk = useMemo(() => (campaign ? walkScript(campaign.script.document, answers) : null), [campaign, answers]);

  const save = useCallback(async () => {
    if (!campaign || !claim || !walk || !outcome || saving) return;
    setSaving(true);
    setError(null);
    try {
      const result = await api.recordCallOutcome({
        params: { campaignId, targetId: claim.targetId },
        body: {
          callId,
          outcome,
          answers: answersOnPath(campaign.script.document, walk, answers),
          ...(notes.trim() ? { notes } : {}),
          ...(outcome === 'callback' && callbackAt ? { callbackAt: new Date(callbackAt).toISOString() } : {}),
          // The next person comes back with the save: one request between two calls, not two.
          ...(fromSheet ? {} : { next: true }),
        },
      });
      setMyCalls((count) => (result.duplicate ? count : count + 1));
      if (fromSheet) {
        setClaim(null);
        setSavedOne(true);
      } else if (result.next) show(result.next);
      else await next();
    } catch (failure) {
      // The same call id is kept: saving again cannot store the call twice.
      setError(failure);
    } finally {
      setSaving(false);
    }
  }, [campaign, claim, walk, outcome, saving, campaignId, callId, answers, notes, callbackAt, next, show, fromSheet]);

  useHotkeys([
    ...CALL_OUTCOMES.map((name, i) => [String(i + 1), () => setOutcome(name)] as [string, () => void]),
    ['Enter', () => void save()],
  ]);

  if (!campaign) {
    return (
      <Container size="sm" py="md">
        {error ? (
          <ErrorAlert error={error} />
        ) : (
          <Center py="xl">
            <Loader aria-label={t('app.loading')} />
          </Center>
        )}
      </Container>
    );
  }

  const header = (
    <Group justify="space-between" wrap="wrap" gap="xs" mb="sm">
      <Title order={1} size="h4">
        {campaign.name}
      </Title>
      <Badge size="lg" variant="light" tt="none">
        {t('callbank.screen.myCount', { count: myCalls })}
      </Badge>
    </Group>
  );

  if (!briefed) {
    return (
      <Container size="sm" py="md" px="xs">
        {header}
        <Card withBorder>
          <Title order={2} size="h5" mb="xs">
            {t('callbank.screen.briefing')}
          </Title>
          <Text style={{ whiteSpace: 'pre-wrap' }} mb="md">
            {campaign.briefing}
          </Text>
          <Button
            size="lg"
            fullWidth
            onClick={() => {
              sessionStorage.setItem(briefingKey(campaignId), '1');
              setBriefed(true);
            }}
          >
            {t('callbank.screen.start')}
          </Button>
        </Card>
      </Container>
    );
  }

  const merge = {
    person: claim ? { firstName: claim.person.firstName, lastName: claim.person.lastName, commune: claim.person.commune } : {},
    caller: { firstName: campaign.callerName.split(' ')[0] ?? '' },
  };

  return (
    <Container size="sm" py="md" px="xs">
      {header}
      <Stack gap="sm">
        <ErrorAlert error={error} />
        {unavailable && <Alert color="orange">{t(`callSheet.opened.${unavailable}`)}</Alert>}
        {savedOne && <Alert color="green">{t('callSheet.savedOne')}</Alert>}
        {fromSheet && !claim && (unavailable || savedOne) && (
          <Group>
            <Button component={Link} to={`/call/${campaignId}`} variant="light">
              {t('callSheet.nextPerson')}
            </Button>
            <Anchor component={Link} to={`/call/${campaignId}/sheet`}>
              {t('callSheet.mySheet')}
            </Anchor>
          </Group>
        )}
        {noClaim && (
          <Alert color="blue">
            <Text mb="sm">
              {t(`callbank.screen.none.${noClaim.reason}`, {
                start: campaign.hoursStart,
                end: campaign.hoursEnd,
                at: noClaim.nextDueAt ? format.dateTime(noClaim.nextDueAt) : '',
              })}
            </Text>
            <Button variant="light" onClick={() => void next()}>
              {t('callbank.screen.retry')}
            </Button>
          </Alert>
        )}
        {claim && walk && (
          <Stack gap="sm" key={claim.targetId}>
            <CallPersonCard person={claim.person} outsideHours={outsideHours} />
            <ScriptSections
              document={campaign.script.document}
              walk={walk}
              answers={answers}
              merge={merge}
              onAnswer={(questionId, value) => setAnswers((current) => ({ ...current, [questionId]: value }))}
            />
            <Textarea label={t('callbank.screen.notes')} value={notes} onChange={(e) => setNotes(e.currentTarget.value)} autosize minRows={2} />
            <Card withBorder padding="sm">
              <Text fw={600} mb="xs">
                {t('callbank.screen.outcomeTitle')}
              </Text>
              <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="xs">
                {CALL_OUTCOMES.map((name, i) => (
                  <Button
                    key={name}
                    variant={outcome === name ? 'filled' : 'default'}
                    color={name === 'do_not_call' ? 'red' : undefined}
                    onClick={() => setOutcome(name)}
                    px={6}
                    styles={WRAP}
                    aria-pressed={outcome === name}
                  >
                    <Text span size="xs" c="dimmed" mr={4} visibleFrom="sm">
                      {i + 1}
                    </Text>
                    {t(`callbank.screen.outcomes.${name}`)}
                  </Button>
                ))}
              </SimpleGrid>
              {outcome === 'callback' && (
                <TextInput mt="sm" type="datetime-local" label={t('callbank.screen.callbackAt')} value={callbackAt} onChange={(e) => setCallbackAt(e.currentTarget.value)} />
              )}
              <Button mt="sm" size="lg" fullWidth disabled={!outcome} loading={saving} onClick={() => void save()} styles={WRAP}>
                {fromSheet ? t('callSheet.saveOne') : t('callbank.screen.save')}
              </Button>
              <Text size="xs" c="dimmed" mt={4} visibleFrom="sm">
                {t('callbank.screen.shortcuts')}
              </Text>
            </Card>
          </Stack>
        )}
      </Stack>
    </Container>
  );
}
