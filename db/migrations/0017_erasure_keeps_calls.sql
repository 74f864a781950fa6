-- An erased person's calls stay for the campaign's counts (0009 says so), but they were deleted
-- all the same: calls.target_id pointed at call_targets ON DELETE CASCADE, and the person's
-- targets go with the person. The call now loses its target instead (target_id set to NULL), as it
-- loses its person; the append-only rule lets exactly that through.
ALTER TABLE calls ALTER COLUMN target_id DROP NOT NULL;

DO $$
DECLARE
  fk text;
BEGIN
  SELECT c.conname INTO fk FROM pg_constraint c
   WHERE c.conrelid = 'calls'::regclass AND c.contype = 'f' AND c.confrelid = 'call_targets'::regclass;
  EXECUTE format('ALTER TABLE calls DROP CONSTRAINT %I', fk);
END
$$;
ALTER TABLE calls ADD CONSTRAINT calls_target_fkey
  FOREIGN KEY (org_id, target_id) REFERENCES call_targets (org_id, id) ON DELETE SET NULL (target_id);

CREATE OR REPLACE FUNCTION calls_append_only() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  IF (NEW.org_id, NEW.id, NEW.client_call_id, NEW.campaign_id, NEW.script_version_id, NEW.outcome,
      NEW.started_at, NEW.ended_at, NEW.callback_at, NEW.created_at)
     IS DISTINCT FROM
     (OLD.org_id, OLD.id, OLD.client_call_id, OLD.campaign_id, OLD.script_version_id, OLD.outcome,
      OLD.started_at, OLD.ended_at, OLD.callback_at, OLD.created_at)
     OR (NEW.target_id IS NOT NULL AND NEW.target_id IS DISTINCT FROM OLD.target_id)
     OR (NEW.person_id IS NOT NULL AND NEW.person_id IS DISTINCT FROM OLD.person_id)
     OR (NEW.caller_id IS NOT NULL AND NEW.caller_id IS DISTINCT FROM OLD.caller_id)
     OR (NEW.notes IS NOT NULL AND NEW.notes IS DISTINCT FROM OLD.notes)
     OR (NEW.answers IS DISTINCT FROM OLD.answers AND NOT (NEW.person_id IS NULL AND OLD.answers @> NEW.answers)) THEN
    RAISE EXCEPTION 'calls are append-only' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END
$$;
