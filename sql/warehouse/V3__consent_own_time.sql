-- sendtime warehouse, version 3: a consent statement says whether its time is its own (the source's
-- consent time: a CRM subscription's status time, the shop's consent_updated_at) or borrowed from the
-- record's last update. A borrowed time never overrides an own one (sql/load/consents.sql). Statements
-- loaded before this version count as own; `run load --full-rebuild` restates them.
ALTER TABLE consent_statements ADD COLUMN own_time BOOLEAN DEFAULT true;
