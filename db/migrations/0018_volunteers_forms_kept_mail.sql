-- Volunteers recruited on calls, rate limits on the public forms, and e-mail kept without SMTP.
--
-- volunteer_settings: an organization's choice of the path people recruited during calls (the
-- script's "interested in volunteering" action) are put on. Without one, the first recruit
-- creates a default "Recruitment" path and records it here. Deleting the path clears the choice.
--
-- public_form_hits: one row per form sent to a public page (event sign-up, cancel link,
-- "volunteer with us"), keyed 'ip:<address>' and 'org:<id>', so a limit holds across every
-- Relais process on the database. Global like login_attempts (it holds no personal data beyond
-- the client address, and is trimmed as it is read).
--
-- E-mail kept while no SMTP server was configured waits as 'queued' with no send job. When a
-- process starts with SMTP configured, its job worker looks for such messages in every
-- organization: relais_orgs_with_queued_mail() (SECURITY DEFINER) answers only the organization
-- ids; the rest runs under inOrg for each.

CREATE TABLE volunteer_settings (
  org_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  recruitment_path_id bigint,
  updated_by uuid REFERENCES users (id) ON DELETE SET NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id),
  FOREIGN KEY (org_id, recruitment_path_id) REFERENCES paths (org_id, id) ON DELETE SET NULL (recruitment_path_id)
);
ALTER TABLE volunteer_settings ENABLE ROW LEVEL SECURITY;
ALTER TABLE volunteer_settings FORCE ROW LEVEL SECURITY;
CREATE POLICY volunteer_settings_tenant ON volunteer_settings
  USING (org_id = (SELECT relais_org_id())) WITH CHECK (org_id = (SELECT relais_org_id()));

CREATE TABLE public_form_hits (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  key text NOT NULL CHECK (length(key) BETWEEN 1 AND 100),
  at timestamptz NOT NULL
);
CREATE INDEX public_form_hits_key ON public_form_hits (key, at);
ALTER TABLE public_form_hits SET (autovacuum_vacuum_scale_factor = 0.0, autovacuum_vacuum_threshold = 500);

CREATE INDEX outbox_queued ON outbox (org_id) WHERE status = 'queued';
CREATE POLICY outbox_owner_lookup ON outbox FOR SELECT TO CURRENT_USER USING (true);
CREATE FUNCTION relais_orgs_with_queued_mail() RETURNS SETOF uuid
  LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = public, pg_temp
  AS $$ SELECT DISTINCT org_id FROM outbox WHERE status = 'queued' $$;
