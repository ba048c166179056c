-- Provisioning version 1: a login and a database per service, the login able to reach only
-- its own database. Run once per environment with a privileged login (superuser, or one with
-- CREATEROLE and CREATEDB); safe to run again: it creates what is missing and resets the
-- passwords it is given.
-- Each statement is a query that yields the DDL to run for one service (PostgreSQL takes no
-- parameters in CREATE ROLE or CREATE DATABASE), or nothing when there is nothing to do.
-- Parameters: @role, @password, @db.
SELECT format('CREATE ROLE %I LOGIN', @role)
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = @role);

SELECT format('ALTER ROLE %I WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD %L', @role, @password);

-- Without superuser, CREATE DATABASE ... OWNER needs membership in the owning role.
SELECT format('GRANT %I TO %I', @role, current_user)
WHERE NOT pg_has_role(current_user, @role, 'MEMBER');

SELECT format('CREATE DATABASE %I OWNER %I', @db, @role)
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = @db);

SELECT format('REVOKE ALL ON DATABASE %I FROM PUBLIC', @db);

SELECT format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO %I', @db, @role);
