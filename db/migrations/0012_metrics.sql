-- Live metrics: counters kept by a trigger on calls, so a dashboard reads a few thousand counter
-- rows instead of a million calls; and read-only links that share a campaign's dashboard.
--
-- Buckets. Hourly counters use the UTC hour (date_trunc('hour', ended_at, 'UTC')): a UTC hour is
-- unambiguous all year, and each one is exactly one hour of local wall-clock time, so the
-- dashboard shows them in the organization's time zone by converting each bucket
-- (bucket AT TIME ZONE tz) — the offset of that very instant, summer or winter. When clocks go
-- back, two UTC hours both read "02:00" and both count under 2 h; when they go forward, no bucket
-- reads "02:00". Local days (today, a date range) start at local midnight, which is a UTC hour
-- boundary in every zone with whole-hour offsets (all of metropolitan and overseas France except
-- the Marquesas, UTC−9:30, where a bucket counts in the local hour it starts in).
-- Counters keyed by day (answers, sections, support levels) use the organization's local date
-- at the time of the call; a later change of the organization's time zone does not rebucket them.
--
-- Contention. 4,000 callers save ~30–60 calls a second. The trigger runs inside the caller's
-- save transaction, and an upserted counter row stays locked until that transaction commits, so
-- a row every caller touches (one total per campaign and hour) would make saves queue behind
-- each other. Every counter row is therefore spread over callers: caller_stats_daily has the
-- caller in its key (only that caller ever updates it), and the campaign-wide counters carry a
-- shard (the caller's id modulo 8): each row takes 1/8 of the traffic while a dashboard still sums
-- only a few thousand rows. Rows are upserted in a fixed table and key order, so two saves never
-- wait on each other in opposite orders (no deadlock).

CREATE TABLE call_stats_hourly (
  org_id uuid NOT NULL,
  campaign_id bigint NOT NULL,
  -- The UTC hour the call ended in.
  hour timestamptz NOT NULL,
  shard smallint NOT NULL,
  outcome text NOT NULL,
  calls integer NOT NULL DEFAULT 0,
  -- Seconds between started_at and ended_at, over calls that recorded a start.
  seconds bigint NOT NULL DEFAULT 0,
  timed_calls integer NOT NULL DEFAULT 0,
  PRIMARY KEY (org_id, campaign_id, hour, shard, outcome),
  FOREIGN KEY (org_id, campaign_id) REFERENCES call_campaigns (org_id, id) ON DELETE CASCADE
);
-- Organization-wide views read by hour across campaigns.
CREATE INDEX call_stats_hourly_org_hour ON call_stats_hourly (org_id, hour);

CREATE TABLE caller_stats_daily (
  org_id uuid NOT NULL,
  campaign_id bigint NOT NULL,
  day date NOT NULL,
  caller_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  calls integer NOT NULL DEFAULT 0,
  conversations integer NOT NULL DEFAULT 0,
  last_call_at timestamptz NOT NULL,
  PRIMARY KEY (org_id, campaign_id, day, caller_id),
  FOREIGN KEY (org_id, campaign_id) REFERENCES call_campaigns (org_id, id) ON DELETE CASCADE
);

-- How each question of a script version was answered. Text answers count as answered under
-- choice_id '' and their text never leaves the calls table (it may hold personal data).
CREATE TABLE script_answer_stats (
  org_id uuid NOT NULL,
  campaign_id bigint NOT NULL,
  script_version_id bigint NOT NULL,
  day date NOT NULL,
  shard smallint NOT NULL,
  question_id text NOT NULL,
  choice_id text NOT NULL,
  answers integer NOT NULL DEFAULT 0,
  PRIMARY KEY (org_id, campaign_id, script_version_id, day, shard, question_id, choice_id),
  FOREIGN KEY (org_id, campaign_id) REFERENCES call_campaigns (org_id, id) ON DELETE CASCADE
);

-- The script funnel: how many calls reached each section (replaying the answers as the shared
-- walker does) and how many ended there.
CREATE TABLE section_reach_stats (
  org_id uuid NOT NULL,
  campaign_id bigint NOT NULL,
  script_version_id bigint NOT NULL,
  day date NOT NULL,
  shard smallint NOT NULL,
  section_id text NOT NULL,
  reached integer NOT NULL DEFAULT 0,
  ended_here integer NOT NULL DEFAULT 0,
  PRIMARY KEY (org_id, campaign_id, script_version_id, day, shard, section_id),
  FOREIGN KEY (org_id, campaign_id) REFERENCES call_campaigns (org_id, id) ON DELETE CASCADE
);

-- Support levels around each call: before (the person's level when the call was saved, 0 when
-- unknown) and after (the level the script set, else unchanged). Talked calls by level_after are
-- the people reached per support level; rows with level_before <> level_after are the changes.
CREATE TABLE support_level_stats (
  org_id uuid NOT NULL,
  campaign_id bigint NOT NULL,
  day date NOT NULL,
  shard smallint NOT NULL,
  talked boolean NOT NULL,
  level_before smallint NOT NULL,
  level_after smallint NOT NULL,
  calls integer NOT NULL DEFAULT 0,
  PRIMARY KEY (org_id, campaign_id, day, shard, talked, level_before, level_after),
  FOREIGN KEY (org_id, campaign_id) REFERENCES call_campaigns (org_id, id) ON DELETE CASCADE
);

-- Read-only links to one campaign's dashboard. Only the token's SHA-256 is stored.
CREATE TABLE metrics_share_links (
  org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  id bigint GENERATED BY DEFAULT AS IDENTITY,
  token_hash bytea NOT NULL UNIQUE,
  campaign_id bigint NOT NULL,
  label text NOT NULL DEFAULT '' CHECK (length(label) <= 200),
  show_caller_names boolean NOT NULL DEFAULT false,
  created_by uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz,
  PRIMARY KEY (org_id, id),
  FOREIGN KEY (org_id, campaign_id) REFERENCES call_campaigns (org_id, id) ON DELETE CASCADE
);

-- "Calls in the last hour" and "callers active now" read the recent calls of an organization.
CREATE INDEX calls_metrics_recent ON calls (org_id, ended_at) INCLUDE (campaign_id, caller_id);

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['call_stats_hourly', 'caller_stats_daily', 'script_answer_stats', 'section_reach_stats', 'support_level_stats', 'metrics_share_links'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I USING (org_id = (SELECT relais_org_id())) WITH CHECK (org_id = (SELECT relais_org_id()))', t || '_tenant', t);
  END LOOP;
END
$$;

-- A shared link is opened without an account, so before any organization is known: this
-- function (SECURITY DEFINER, reading through a SELECT policy granted to the migration's role)
-- answers only the live link whose token hash is given; every later read runs under inOrg.
CREATE POLICY metrics_share_links_owner_lookup ON metrics_share_links FOR SELECT TO CURRENT_USER USING (true);
CREATE FUNCTION relais_metrics_share_link(p_token_hash bytea)
  RETURNS TABLE (org_id uuid, id bigint, campaign_id bigint, show_caller_names boolean)
  LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = public, pg_temp
  AS $$
    SELECT l.org_id, l.id, l.campaign_id, l.show_caller_names
    FROM metrics_share_links l
    WHERE l.token_hash = p_token_hash AND l.revoked_at IS NULL
  $$;

-- Replays a call's answers through its script version like src/shared/scripts/script.walker.ts:
-- from the start section, stop at a section with a required question unanswered, at an end
-- section, or on a loop; the first chosen choice that jumps wins, else the section's next.
-- Returns the sections on the path, in order, and the last support level the answers set.
CREATE FUNCTION metrics_walk_script(doc jsonb, answers jsonb, OUT path text[], OUT support_level smallint)
  LANGUAGE plpgsql STABLE
  AS $$
DECLARE
  cur text := doc ->> 'startSectionId';
  sec jsonb;
  q jsonb;
  chosen jsonb;
  a jsonb;
  jump text;
  blocked boolean;
BEGIN
  path := '{}';
  WHILE cur IS NOT NULL LOOP
    SELECT s INTO sec FROM jsonb_array_elements(coalesce(doc -> 'sections', '[]')) s WHERE s ->> 'id' = cur LIMIT 1;
    EXIT WHEN sec IS NULL;
    path := path || cur;
    blocked := false;
    jump := NULL;
    FOR q IN SELECT value FROM jsonb_array_elements(coalesce(sec -> 'questions', '[]')) LOOP
      chosen := NULL;
      IF q ->> 'kind' = 'choice' AND jsonb_typeof(answers -> (q ->> 'id')) = 'string' THEN
        SELECT c INTO chosen FROM jsonb_array_elements(coalesce(q -> 'choices', '[]')) c WHERE c ->> 'id' = answers ->> (q ->> 'id') LIMIT 1;
      END IF;
      IF chosen IS NOT NULL THEN
        FOR a IN SELECT value FROM jsonb_array_elements(coalesce(chosen -> 'actions', '[]')) LOOP
          IF a ->> 'type' = 'set_support_level' THEN
            support_level := (a ->> 'level')::smallint;
          END IF;
        END LOOP;
        IF jump IS NULL AND jsonb_typeof(chosen -> 'goto') = 'string' THEN
          jump := chosen ->> 'goto';
        END IF;
      END IF;
      IF (q ->> 'required')::boolean IS TRUE AND NOT coalesce(
        CASE WHEN q ->> 'kind' = 'choice' THEN chosen IS NOT NULL
        ELSE jsonb_typeof(answers -> (q ->> 'id')) = 'string' AND (answers ->> (q ->> 'id')) ~ '\S' END, false
      ) THEN
        blocked := true;
      END IF;
    END LOOP;
    EXIT WHEN blocked OR (sec ->> 'end')::boolean IS TRUE;
    cur := coalesce(jump, sec ->> 'next');
    EXIT WHEN cur = ANY (path);
  END LOOP;
END
$$;

-- Counts one call into every counter. notify: false when backfilling.
CREATE FUNCTION metrics_count_call(c calls, notify boolean) RETURNS void
  LANGUAGE plpgsql
  AS $$
DECLARE
  v_tz text;
  v_day date;
  v_shard smallint := CASE WHEN c.caller_id IS NULL THEN 0 ELSE get_byte(uuid_send(c.caller_id), 15) % 8 END;
  v_doc jsonb;
  v_path text[];
  v_level smallint;
  v_before smallint := 0;
  v_talked boolean := c.outcome = 'talked';
  v_timed boolean := c.started_at IS NOT NULL AND c.started_at <= c.ended_at;
  v_saved text;
BEGIN
  SELECT o.time_zone INTO v_tz FROM organizations o WHERE o.id = c.org_id;
  v_day := (c.ended_at AT TIME ZONE coalesce(v_tz, 'Europe/Paris'))::date;

  INSERT INTO call_stats_hourly AS s (org_id, campaign_id, hour, shard, outcome, calls, seconds, timed_calls)
  VALUES (c.org_id, c.campaign_id, date_trunc('hour', c.ended_at, 'UTC'), v_shard, c.outcome, 1,
          CASE WHEN v_timed THEN extract(epoch FROM c.ended_at - c.started_at)::bigint ELSE 0 END,
          CASE WHEN v_timed THEN 1 ELSE 0 END)
  ON CONFLICT (org_id, campaign_id, hour, shard, outcome) DO UPDATE
    SET calls = s.calls + 1, seconds = s.seconds + excluded.seconds, timed_calls = s.timed_calls + excluded.timed_calls;

  IF c.caller_id IS NOT NULL THEN
    INSERT INTO caller_stats_daily AS s (org_id, campaign_id, day, caller_id, calls, conversations, last_call_at)
    VALUES (c.org_id, c.campaign_id, v_day, c.caller_id, 1, CASE WHEN v_talked THEN 1 ELSE 0 END, c.ended_at)
    ON CONFLICT (org_id, campaign_id, day, caller_id) DO UPDATE
      SET calls = s.calls + 1, conversations = s.conversations + excluded.conversations, last_call_at = greatest(s.last_call_at, excluded.last_call_at);
  END IF;

  IF c.person_id IS NOT NULL THEN
    v_saved := current_setting('relais.metrics_level_before', true);
    IF split_part(v_saved, '|', 1) = c.person_id::text AND split_part(v_saved, '|', 3) = statement_timestamp()::text THEN
      v_before := split_part(v_saved, '|', 2)::smallint;
    ELSE
      SELECT coalesce(p.support_level, 0) INTO v_before FROM people p WHERE p.org_id = c.org_id AND p.id = c.person_id;
      v_before := coalesce(v_before, 0);
    END IF;
  END IF;

  IF v_talked OR c.answers <> '{}'::jsonb THEN
    SELECT v.document INTO v_doc FROM script_versions v WHERE v.org_id = c.org_id AND v.id = c.script_version_id;
  END IF;
  IF v_doc IS NOT NULL THEN
    SELECT w.path, w.support_level INTO v_path, v_level FROM metrics_walk_script(v_doc, c.answers) w;

    INSERT INTO script_answer_stats AS s (org_id, campaign_id, script_version_id, day, shard, question_id, choice_id, answers)
    SELECT c.org_id, c.campaign_id, c.script_version_id, v_day, v_shard, q ->> 'id',
           CASE WHEN q ->> 'kind' = 'choice' THEN c.answers ->> (q ->> 'id') ELSE '' END, 1
    FROM jsonb_array_elements(coalesce(v_doc -> 'sections', '[]')) sec, jsonb_array_elements(coalesce(sec -> 'questions', '[]')) q
    WHERE jsonb_typeof(c.answers -> (q ->> 'id')) = 'string'
      AND CASE WHEN q ->> 'kind' = 'choice'
               THEN EXISTS (SELECT 1 FROM jsonb_array_elements(coalesce(q -> 'choices', '[]')) ch WHERE ch ->> 'id' = c.answers ->> (q ->> 'id'))
               ELSE (c.answers ->> (q ->> 'id')) ~ '\S' END
    ORDER BY 6, 7
    ON CONFLICT (org_id, campaign_id, script_version_id, day, shard, question_id, choice_id) DO UPDATE SET answers = s.answers + 1;

    INSERT INTO section_reach_stats AS s (org_id, campaign_id, script_version_id, day, shard, section_id, reached, ended_here)
    SELECT c.org_id, c.campaign_id, c.script_version_id, v_day, v_shard, p.section_id, 1,
           CASE WHEN p.n = cardinality(v_path) THEN 1 ELSE 0 END
    FROM unnest(v_path) WITH ORDINALITY AS p (section_id, n)
    ORDER BY p.section_id
    ON CONFLICT (org_id, campaign_id, script_version_id, day, shard, section_id) DO UPDATE
      SET reached = s.reached + 1, ended_here = s.ended_here + excluded.ended_here;
  END IF;

  INSERT INTO support_level_stats AS s (org_id, campaign_id, day, shard, talked, level_before, level_after, calls)
  VALUES (c.org_id, c.campaign_id, v_day, v_shard, v_talked, v_before, coalesce(v_level, v_before), 1)
  ON CONFLICT (org_id, campaign_id, day, shard, talked, level_before, level_after) DO UPDATE SET calls = s.calls + 1;

  IF notify THEN
    -- Delivered at commit, once per transaction and payload: every Relais process LISTENs.
    PERFORM pg_notify('relais_metrics', c.org_id::text || ':' || c.campaign_id::text);
  END IF;
END
$$;

CREATE FUNCTION metrics_calls_inserted() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  PERFORM metrics_count_call(NEW, true);
  RETURN NULL;
END
$$;
CREATE TRIGGER calls_metrics AFTER INSERT ON calls FOR EACH ROW EXECUTE FUNCTION metrics_calls_inserted();

-- The support level a person had before the call. The callbank saves a call, the target and the
-- person's new level in one statement, and AFTER triggers run once the whole statement is done,
-- when the person already holds the new level. So a BEFORE trigger notes the level as the call row
-- is inserted (before the statement's update of the person, which waits for the inserted call),
-- for this statement and person only; a conflicting retry that inserts nothing is never counted.
-- A multi-row insert keeps only its last row's note: the others read the person's level, which
-- such a statement does not change.
CREATE FUNCTION metrics_note_level_before() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  IF NEW.person_id IS NOT NULL THEN
    -- One setting (a setting per person would pile up in the connection for good).
    PERFORM set_config('relais.metrics_level_before',
      NEW.person_id::text || '|' || coalesce((SELECT p.support_level FROM people p WHERE p.org_id = NEW.org_id AND p.id = NEW.person_id), 0)::text
        || '|' || statement_timestamp()::text,
      true);
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER calls_metrics_level_before BEFORE INSERT ON calls FOR EACH ROW EXECUTE FUNCTION metrics_note_level_before();

-- Calls saved before this migration.
SELECT metrics_count_call(c, false) FROM calls c ORDER BY c.org_id, c.id;
