-- contacts: the curated contacts, latest version per contact_id (sendtime: the contacts table, sql/load/stage.sql + merge.sql)
{{ config(unique_key='contact_id') }}
{{ curated_latest('contacts', 'contact_id') }}
