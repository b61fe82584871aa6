-- sendtime warehouse, version 5: a CRM contact's opt-out of all marketing email (HubSpot's hs_email_optout),
-- read by the load and the render as an unsubscribe (sql/load/after/contacts.sql).
ALTER TABLE contacts ADD COLUMN email_optout BOOLEAN;
