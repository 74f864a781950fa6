-- GDPR erasure of a person who was called: their calls stay for anonymous counts, but what the
-- caller typed in free-text answers ("when are you available?", "notes") may name, locate or
-- describe them. Calls are append-only (0009); an erasure may now also rewrite `answers`, in the
-- same statement that cuts the call from the person (person_id set to NULL), and only by dropping
-- answers: the choices picked (the metrics' material) must stay as they were.
CREATE OR REPLACE FUNCTION calls_append_only() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  IF (NEW.org_id, NEW.id, NEW.client_call_id, NEW.campaign_id, NEW.target_id, NEW.script_version_id, NEW.outcome,
      NEW.started_at, NEW.ended_at, NEW.callback_at, NEW.created_at)
     IS DISTINCT FROM
     (OLD.org_id, OLD.id, OLD.client_call_id, OLD.campaign_id, OLD.target_id, OLD.script_version_id, OLD.outcome,
      OLD.started_at, OLD.ended_at, OLD.callback_at, OLD.created_at)
     OR (NEW.person_id IS NOT NULL AND NEW.person_id IS DISTINCT FROM OLD.person_id)
     OR (NEW.caller_id IS NOT NULL AND NEW.caller_id IS DISTINCT FROM OLD.caller_id)
     OR (NEW.notes IS NOT NULL AND NEW.notes IS DISTINCT FROM OLD.notes)
     OR (NEW.answers IS DISTINCT FROM OLD.answers AND NOT (NEW.person_id IS NULL AND OLD.answers @> NEW.answers)) THEN
    RAISE EXCEPTION 'calls are append-only' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END
$$;
