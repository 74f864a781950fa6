-- Count calls into the metrics counters at commit instead of at insert.
--
-- Measured under load (npm run bench, RELAIS_BENCH_PG_STATS=1): most of a saved call's time went
-- to waiting on the counter rows (Lock:transactionid on the calls insert). The AFTER INSERT trigger
-- took the counter rows' locks at the start of the save and kept them while the application made
-- its other round trips (tags, path, COMMIT), so every caller on the same shard queued behind the
-- slowest. A deferred constraint trigger runs the same counting as the transaction commits: the
-- locks are then held only for the commit itself, whatever the application does before.
--
-- The counting now runs after the statement that saved the call has given the person their new
-- level, so it reads the level before the call from the call row (calls.support_level_before,
-- 0015, set by the BEFORE trigger as the row is inserted) instead of a per-statement setting;
-- the trigger no longer writes that setting.

CREATE OR REPLACE FUNCTION metrics_note_level_before() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  IF NEW.person_id IS NOT NULL THEN
    NEW.support_level_before := (SELECT p.support_level FROM people p WHERE p.org_id = NEW.org_id AND p.id = NEW.person_id);
  END IF;
  RETURN NEW;
END
$$;

CREATE OR REPLACE FUNCTION metrics_count_call(c calls, notify boolean) RETURNS void
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

  -- 0: the person had no level (or the call has no person any more).
  v_before := coalesce(c.support_level_before, 0);

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

-- The notification that a call was saved leaves the trigger: a NOTIFY makes the commit take a
-- database-wide lock held through the commit's flush to disk, which queued every saving
-- transaction behind the previous one (Lock:object at commit in the same measurements). The
-- application now announces committed calls itself, gathered per process (platform/db/notify.ts).
CREATE OR REPLACE FUNCTION metrics_calls_inserted() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  PERFORM metrics_count_call(NEW, false);
  RETURN NULL;
END
$$;

DROP TRIGGER calls_metrics ON calls;
CREATE CONSTRAINT TRIGGER calls_metrics AFTER INSERT ON calls
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION metrics_calls_inserted();
