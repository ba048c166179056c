-- DESIGN.md "the database is the last line": the in-app inbox is owner-bound. Inbox requests run
-- as habatan_member with the caller's subject (Infrastructure/Data/RowSecurity.cs), so a query
-- that forgot its member filter still sees and marks only the caller's notices. Numbered apart
-- from the reminder work's migrations, which may take the next numbers.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'habatan_member') THEN
        CREATE ROLE habatan_member NOLOGIN NOBYPASSRLS;
    END IF;
EXCEPTION WHEN insufficient_privilege THEN
    RAISE EXCEPTION 'Role habatan_member is missing: run src/Provisioning (version 2) first.';
END $$;

GRANT SELECT, UPDATE (read_at) ON member_inbox TO habatan_member;
ALTER TABLE member_inbox ENABLE ROW LEVEL SECURITY;
CREATE POLICY member_reads_own ON member_inbox FOR SELECT TO habatan_member
    USING (member_id = current_setting('habatan.subject', true));
CREATE POLICY member_marks_own ON member_inbox FOR UPDATE TO habatan_member
    USING (member_id = current_setting('habatan.subject', true));
