-- One round trip to know who is calling: every API request resolves its session cookie, so the
-- session, the user and their membership in the organization they act for come back together.
-- Runs as the caller (no SECURITY DEFINER): it sets the same RLS settings a request would, for the
-- rest of the current transaction only, then reads the membership under row-level security.
CREATE FUNCTION relais_session_actor(p_token_hash bytea, p_now timestamptz)
RETURNS TABLE (
  user_id uuid,
  email text,
  name text,
  user_locale text,
  has_password boolean,
  session_locale text,
  current_org_id uuid,
  last_seen_at timestamptz,
  org_slug text,
  org_name text,
  org_time_zone text,
  permission_set text,
  capabilities text[]
)
LANGUAGE plpgsql
AS $$
DECLARE
  s record;
BEGIN
  SELECT se.user_id, se.current_org_id, se.locale, se.last_seen_at, u.email, u.name, u.locale AS user_locale,
         u.password_hash IS NOT NULL AS has_password
    INTO s
    FROM sessions se JOIN users u ON u.id = se.user_id
   WHERE se.token_hash = p_token_hash AND se.expires_at > p_now;
  IF NOT FOUND THEN
    RETURN;
  END IF;
  PERFORM set_config('relais.user_id', s.user_id::text, true),
          set_config('relais.org_id', coalesce(s.current_org_id::text, ''), true);
  RETURN QUERY
    SELECT s.user_id, s.email, s.name, s.user_locale, s.has_password, s.locale, s.current_org_id, s.last_seen_at,
           o.slug, o.name, o.time_zone, p.name, p.capabilities
      FROM (SELECT 1) AS one
      LEFT JOIN memberships m ON m.org_id = s.current_org_id AND m.user_id = s.user_id
      LEFT JOIN organizations o ON o.id = m.org_id
      LEFT JOIN permission_sets p ON p.org_id = m.org_id AND p.id = m.permission_set_id;
END;
$$;
