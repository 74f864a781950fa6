-- Instance-wide facts that belong to no organization (e.g. that the first start already created
-- the demo organization, so it is never created twice).
CREATE TABLE instance_settings (
  key text PRIMARY KEY,
  value jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
