-- Metrics per event and across a network of organizations.
--
-- Per event. An event (0010) names the call campaign its callers work on; the calls of an event
-- are the calls on that campaign that ended between the event's start and end and were made by
-- one of its callers: its host, or a member whose account e-mail is the e-mail of a person signed
-- up to the event (any sign-up not cancelled). An event holds at most a few thousand calls, so its
-- dashboard is computed from the calls themselves through calls_campaign_caller (0009): one range
-- scan per caller. Only the support level a person had before a call was missing from the calls
-- (the counters of 0012 keep it, the row did not): the BEFORE trigger that notes it now also keeps
-- it on the row. Calls saved before this migration have it null and count as "unknown" (0).
--
-- Check-ins move an event's "volunteers checked in": they notify the metrics channel like a call
-- ("orgId:campaignId", campaign 0 for an event without one), so a live event dashboard follows.
--
-- Networks. A head office is an organization other organizations name as parent_id; its members
-- with metrics.view see each local organization's totals. organizations is under row-level
-- security (a member sees only their own), so relais_local_organizations() (SECURITY DEFINER)
-- answers the descendants of the organization acted for (relais_org_id()) and nothing else; the
-- service then reads each local's counters under inOrg for that local.

ALTER TABLE calls ADD COLUMN support_level_before smallint;

CREATE OR REPLACE FUNCTION metrics_note_level_before() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
DECLARE
  v_level smallint;
BEGIN
  IF NEW.person_id IS NOT NULL THEN
    v_level := (SELECT p.support_level FROM people p WHERE p.org_id = NEW.org_id AND p.id = NEW.person_id);
    NEW.support_level_before := v_level;
    -- One setting (a setting per person would pile up in the connection for good).
    PERFORM set_config('relais.metrics_level_before',
      NEW.person_id::text || '|' || coalesce(v_level, 0)::text || '|' || statement_timestamp()::text,
      true);
  END IF;
  RETURN NEW;
END
$$;

CREATE FUNCTION metrics_signup_checked_in() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  IF (OLD.status = 'checked_in') <> (NEW.status = 'checked_in') THEN
    PERFORM pg_notify('relais_metrics', NEW.org_id::text || ':' || coalesce(
      (SELECT e.call_campaign_id FROM events e WHERE e.org_id = NEW.org_id AND e.id = NEW.event_id), 0)::text);
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER signups_metrics AFTER UPDATE OF status ON signups FOR EACH ROW EXECUTE FUNCTION metrics_signup_checked_in();

-- Per-event totals list the events of a campaign in a date range.
CREATE INDEX events_campaign ON events (org_id, call_campaign_id, starts_at) WHERE call_campaign_id IS NOT NULL;

CREATE POLICY organizations_owner_lookup ON organizations FOR SELECT TO CURRENT_USER USING (true);
CREATE FUNCTION relais_local_organizations()
  RETURNS TABLE (id uuid, parent_id uuid, name text, slug text, time_zone text, depth integer)
  LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = public, pg_temp
  AS $$
    WITH RECURSIVE locals AS (
      SELECT o.id, o.parent_id, o.name, o.slug, o.time_zone, 1 AS depth
        FROM organizations o
       WHERE o.parent_id = relais_org_id()
      UNION ALL
      SELECT o.id, o.parent_id, o.name, o.slug, o.time_zone, l.depth + 1
        FROM organizations o JOIN locals l ON o.parent_id = l.id
       WHERE l.depth < 10
    )
    SELECT id, parent_id, name, slug, time_zone, depth FROM locals
  $$;
