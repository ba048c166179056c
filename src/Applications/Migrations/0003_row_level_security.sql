-- DESIGN.md "the database is the last line": owner-bound rows are protected by row-level
-- security, so a member-facing query that forgets its owner filter returns nothing of another
-- member. Member-facing requests switch to habatan_member for their transaction with the
-- caller's subject in habatan.subject (Infrastructure/Data/RowSecurity.cs); ops reads switch to
-- habatan_ops. The service's own login owns the tables and is not subject to the policies: it
-- writes submissions and runs the background jobs.

-- The roles come from src/Provisioning (version 2). A login that may create roles (a developer's
-- own server, the tests' superuser) creates them here; any other finds them made, or stops.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'habatan_member') THEN
        CREATE ROLE habatan_member NOLOGIN NOBYPASSRLS;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'habatan_ops') THEN
        CREATE ROLE habatan_ops NOLOGIN NOBYPASSRLS;
    END IF;
EXCEPTION WHEN insufficient_privilege THEN
    RAISE EXCEPTION 'Roles habatan_member and habatan_ops are missing: run src/Provisioning (version 2) first.';
END $$;

GRANT SELECT ON campaign, application, application_document, application_household_member, application_event
    TO habatan_member, habatan_ops;
GRANT SELECT ON access_audit TO habatan_ops;
GRANT INSERT ON access_audit TO habatan_member, habatan_ops;

ALTER TABLE application ENABLE ROW LEVEL SECURITY;
ALTER TABLE application_document ENABLE ROW LEVEL SECURITY;
ALTER TABLE application_household_member ENABLE ROW LEVEL SECURITY;
ALTER TABLE application_event ENABLE ROW LEVEL SECURITY;
ALTER TABLE access_audit ENABLE ROW LEVEL SECURITY;

-- A member sees their own applications and what hangs off them, nothing else.
CREATE POLICY member_reads_own ON application FOR SELECT TO habatan_member
    USING (owner_subject = current_setting('habatan.subject', true));
CREATE POLICY member_reads_own ON application_document FOR SELECT TO habatan_member
    USING (application_id IN (SELECT id FROM application));
CREATE POLICY member_reads_own ON application_household_member FOR SELECT TO habatan_member
    USING (application_id IN (SELECT id FROM application));
CREATE POLICY member_reads_own ON application_event FOR SELECT TO habatan_member
    USING (application_id IN (SELECT id FROM application));
-- The audit row of a member's read names the member as reader and owner: the leak's signature
-- (Audit/LeakTripwire.cs) cannot be written under this role at all.
CREATE POLICY member_records_own_reads ON access_audit FOR INSERT TO habatan_member
    WITH CHECK (actor_role = 'applicant'
        AND actor_subject = current_setting('habatan.subject', true)
        AND owner_subject = actor_subject);

-- Ops (reviewers, auditors) read every application; each read is audited as a reviewer's.
CREATE POLICY ops_reads_all ON application FOR SELECT TO habatan_ops USING (true);
CREATE POLICY ops_reads_all ON application_document FOR SELECT TO habatan_ops USING (true);
CREATE POLICY ops_reads_all ON application_household_member FOR SELECT TO habatan_ops USING (true);
CREATE POLICY ops_reads_all ON application_event FOR SELECT TO habatan_ops USING (true);
CREATE POLICY ops_reads_all ON access_audit FOR SELECT TO habatan_ops USING (true);
CREATE POLICY ops_records_reviewer_reads ON access_audit FOR INSERT TO habatan_ops
    WITH CHECK (actor_role = 'reviewer');
