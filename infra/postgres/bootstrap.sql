-- Roles and database for Bazaar. Idempotent: run by `infra up` on every start (as the cluster's
-- superuser over its Unix socket) and by the postgres image's /docker-entrypoint-initdb.d on first start.
-- bazaar_owner owns databases and runs migrations; bazaar_app is what the application connects as
-- (row-level security applies to it); bazaar_replicator is for CDC (logical replication, Debezium).
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'bazaar_owner') THEN CREATE ROLE bazaar_owner; END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'bazaar_app') THEN CREATE ROLE bazaar_app; END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'bazaar_replicator') THEN CREATE ROLE bazaar_replicator; END IF;
END $$;
ALTER ROLE bazaar_owner LOGIN PASSWORD 'bazaar_owner' CREATEDB NOSUPERUSER NOCREATEROLE NOREPLICATION NOBYPASSRLS;
ALTER ROLE bazaar_app LOGIN PASSWORD 'bazaar_app' NOCREATEDB NOSUPERUSER NOCREATEROLE NOREPLICATION NOBYPASSRLS;
ALTER ROLE bazaar_replicator LOGIN PASSWORD 'bazaar_replicator' REPLICATION NOCREATEDB NOSUPERUSER NOCREATEROLE NOBYPASSRLS;
-- Dropping a test database WITH (FORCE) terminates the app role's connections to it; that needs
-- pg_signal_backend (which cannot signal superuser backends), not membership in bazaar_app.
GRANT pg_signal_backend TO bazaar_owner;
SELECT 'CREATE DATABASE bazaar OWNER bazaar_owner'
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'bazaar')
\gexec
