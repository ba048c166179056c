-- Provisioning version 2: the roles row-level security policies name (DESIGN.md "the database is
-- the last line"). habatan_member runs member-facing requests, habatan_ops ops reads; neither can
-- log in, owns a table or bypasses row-level security. Each service's login may switch to them
-- for one transaction (SET LOCAL ROLE); the policies and grants are in the services' migrations.
-- Shared by the services: a login reaches only its own database, so a role's grants in one
-- database are out of every other service's reach.
SELECT 'CREATE ROLE habatan_member NOLOGIN NOBYPASSRLS'
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'habatan_member');

SELECT 'CREATE ROLE habatan_ops NOLOGIN NOBYPASSRLS'
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'habatan_ops');

SELECT format('GRANT habatan_member, habatan_ops TO %I', @role)
WHERE NOT pg_has_role(@role, 'habatan_member', 'MEMBER') OR NOT pg_has_role(@role, 'habatan_ops', 'MEMBER');
