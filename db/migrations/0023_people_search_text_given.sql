-- people.search_text (0006_lists.sql: the folded text the trigram index searches) stops being a
-- generated column: the import computes it in Node, on the core PostgreSQL is not using, and a
-- trigger computes it for every other write.
--
-- relais_fold() is a translate() over a 70-character table of accented letters: up to 17 µs a
-- row for mixed-case names and e-mails (measured: 200,000 rows, 17.3 µs with it, 0.6 µs for the
-- concatenation alone), less for upper-case names. Measured on the import of 200,000 voter lines
-- (npm run bench -- --only import --rows 200000, two runs each, alternating): PostgreSQL's CPU per
-- 1,000 lines 0.074-0.076 s before, 0.069 s after; Node's 0.037-0.038 s before, 0.041-0.043 after. The web app's foldSearchText /
-- personSearchText (src/shared/people/filter.ts) give exactly the same text; the import checks
-- both agree (imports.service.test.ts).
--
-- An insert may give the text (the import's new people) and is then trusted; otherwise, and on
-- every update that changes a name, e-mail or number (or the text itself), it is computed here.

ALTER TABLE people ALTER COLUMN search_text DROP EXPRESSION;

CREATE FUNCTION people_search_text() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  NEW.search_text := relais_person_search_text(NEW.first_name, NEW.last_name, NEW.email, NEW.mobile_e164, NEW.phone_e164);
  RETURN NEW;
END
$$;

CREATE TRIGGER people_search_text_insert BEFORE INSERT ON people
  FOR EACH ROW WHEN (NEW.search_text IS NULL) EXECUTE FUNCTION people_search_text();

CREATE TRIGGER people_search_text_update BEFORE UPDATE OF first_name, last_name, email, mobile_e164, phone_e164, search_text ON people
  FOR EACH ROW WHEN (OLD.first_name IS DISTINCT FROM NEW.first_name OR OLD.last_name IS DISTINCT FROM NEW.last_name
    OR OLD.email IS DISTINCT FROM NEW.email OR OLD.mobile_e164 IS DISTINCT FROM NEW.mobile_e164
    OR OLD.phone_e164 IS DISTINCT FROM NEW.phone_e164 OR OLD.search_text IS DISTINCT FROM NEW.search_text)
  EXECUTE FUNCTION people_search_text();
