-- Every process keeps the sessions it has just read (auth.session-cache.ts): a caller saves a call
-- a minute, and reading their session, user and membership again at each request was a round trip
-- of every call. A process may keep them for minutes only if it hears at once of any change to what
-- relais_session_actor (0013) returns, whoever made it (another process, an administrator in psql):
-- these statement triggers announce such changes on `relais_sessions`. They fire only for the
-- columns that function reads; the refresh of a session's last_seen_at / expires_at (every five
-- minutes of use) announces nothing. A session is ended by deleting it.
-- Changes to these tables are rare (signing in or out, members, permission sets): the NOTIFY's
-- lock at commit costs nothing here.

CREATE FUNCTION relais_sessions_changed() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  PERFORM pg_notify('relais_sessions', '');
  RETURN NULL;
END;
$$;

CREATE TRIGGER sessions_changed
  AFTER UPDATE OF token_hash, user_id, current_org_id, locale OR DELETE OR TRUNCATE ON sessions
  FOR EACH STATEMENT EXECUTE FUNCTION relais_sessions_changed();

CREATE TRIGGER users_session_changed
  AFTER UPDATE OF id, email, name, locale, password_hash OR DELETE OR TRUNCATE ON users
  FOR EACH STATEMENT EXECUTE FUNCTION relais_sessions_changed();

CREATE TRIGGER memberships_session_changed
  AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON memberships
  FOR EACH STATEMENT EXECUTE FUNCTION relais_sessions_changed();

CREATE TRIGGER organizations_session_changed
  AFTER UPDATE OF id, slug, name, time_zone OR DELETE OR TRUNCATE ON organizations
  FOR EACH STATEMENT EXECUTE FUNCTION relais_sessions_changed();

CREATE TRIGGER permission_sets_session_changed
  AFTER UPDATE OR DELETE OR TRUNCATE ON permission_sets
  FOR EACH STATEMENT EXECUTE FUNCTION relais_sessions_changed();
