-- Vote-proxy rounds: the label English-speaking visitors see on the public forms and in their
-- reminders ("First round"); null: the label as the organizer typed it, for everyone.
ALTER TABLE proxy_rounds ADD COLUMN label_en text CHECK (length(label_en) BETWEEN 1 AND 100);
