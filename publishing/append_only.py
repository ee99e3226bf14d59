"""The public record is append-only in the database itself, not only in Python.

``PublicVersion.save()``/``delete()`` refuse changes, but a queryset's ``update()`` or
``delete()``, raw SQL or a database client would not ask them. Triggers on the versions
table and on the ledger (publishing/ledger.py) refuse every UPDATE and DELETE (and, on
PostgreSQL, TRUNCATE), whatever the route. They are created by the migration
``0006_ledger_and_append_only`` and made again after every ``migrate`` (``ensure``, on
post_migrate): SQLite drops a table's triggers when a migration rebuilds the table.

One exception, by design: a version recorded ahead of its time (``published_at`` still to
come) was never public, never chained and never cited, and the recorder
(publishing/versions.py) deletes it and records it again from today's content whenever the
item changes before that time. So DELETE is allowed for a version whose publication time is
still in the future, judged by the database's own clock at the moment of the delete.

Published answers to residents' feedback are not a table of the record: a resident may
have their message erased (dialogue/models.py), so the feedback rows stay deletable. What
the public saw of them is in the record all the same: the answers are part of each
commitment's snapshot (dialogue/publishable.py), so every version that showed them keeps
the answer, its date and a digest of the message, under these triggers.

There is no way out inside the portal: no command, admin action or setting lifts the
triggers. Only the database's owner can (a PostgreSQL superuser with
``session_replication_role = replica`` or ``DROP TRIGGER``; whoever holds a SQLite file),
and that is outside the application. Even then the ledger commits to every fingerprint:
a removed or rewritten version shows as a break in ``manage.py verify_record`` and in the
standalone verifier, for anyone holding an earlier copy of the ledger. A court-ordered
removal would be done that way, by the database owner, and would stay visible as such.

The tests' flush empties tables with DELETE: on PostgreSQL under
``session_replication_role = replica`` (which turns these triggers off, with the foreign
keys', for that transaction only; tests/conftest.py); on SQLite, ``lifted_for_flush`` wraps
the flush's deletes in dropping and re-creating the triggers, inside the same transaction.
Django's own ``manage.py flush`` is refused on both, as it should be for a public record."""

TABLES = ("publishing_publicversion", "publishing_ledgerentry")
# Only the versions table holds rows recorded ahead of their time.
SCHEDULED_TABLE = "publishing_publicversion"

FUNCTION = "publishing_refuse_change"

POSTGRESQL_FUNCTION = f"""
CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- A version recorded ahead of its time was never public: its recorder may replace it.
    IF TG_OP = 'DELETE' AND TG_TABLE_NAME = '{SCHEDULED_TABLE}' AND OLD.published_at > clock_timestamp() THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'The public record is append-only: % on % is refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation';
END
$$"""


def _postgresql_install(table):
    return [
        f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}",
        f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}",
        f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION {FUNCTION}()",
        f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {FUNCTION}()",
    ]


def _sqlite_install(table):
    refuse = "SELECT RAISE(ABORT, 'The public record is append-only: {operation} on " + table + " is refused');"
    # julianday() reads Django's stored text ("2026-12-01 20:05:26.123456", UTC) and 'now' alike.
    scheduled = " WHEN julianday(OLD.published_at) <= julianday('now')" if table == SCHEDULED_TABLE else ""
    return [
        f"CREATE TRIGGER IF NOT EXISTS {table}_no_update BEFORE UPDATE ON {table} "
        f"BEGIN {refuse.format(operation='UPDATE')} END",
        f"CREATE TRIGGER IF NOT EXISTS {table}_no_delete BEFORE DELETE ON {table}{scheduled} "
        f"BEGIN {refuse.format(operation='DELETE')} END",
    ]


def _sqlite_drop(table):
    return [f"DROP TRIGGER IF EXISTS {table}_no_update", f"DROP TRIGGER IF EXISTS {table}_no_delete"]


def install_statements(vendor, tables=TABLES):
    if vendor == "postgresql":
        return [POSTGRESQL_FUNCTION] + [sql for table in tables for sql in _postgresql_install(table)]
    if vendor == "sqlite":
        return [sql for table in tables for sql in _sqlite_install(table)]
    raise NotImplementedError(f"No append-only triggers for {vendor}: add them in publishing/append_only.py.")


def uninstall_statements(vendor, tables=TABLES):
    if vendor == "postgresql":
        drops = [
            f"DROP TRIGGER IF EXISTS {table}_{name} ON {table}"
            for table in tables
            for name in ("append_only", "no_truncate")
        ]
        return [*drops, f"DROP FUNCTION IF EXISTS {FUNCTION}()"]
    return [sql for table in tables for sql in _sqlite_drop(table)]


def install(connection, tables=TABLES):
    with connection.cursor() as cursor:
        for sql in install_statements(connection.vendor, tables):
            cursor.execute(sql)


def uninstall(connection):
    with connection.cursor() as cursor:
        for sql in uninstall_statements(connection.vendor):
            cursor.execute(sql)


def ensure(sender=None, using="default", **kwargs):
    """post_migrate: on SQLite, a migration that alters a table rebuilds it (a new table,
    the rows copied, the old one dropped with its triggers): make them again. PostgreSQL
    keeps a table's triggers through ALTER TABLE. The ledger's table exists once this
    app's migration 0005 has run, which is when the triggers belong."""
    from django.db import connections

    connection = connections[using]
    if connection.vendor == "sqlite" and set(TABLES) <= set(connection.introspection.table_names()):
        install(connection)


def lifted_for_flush(vendor, flush_statements):
    """SQLite only, for the tests' flush: the statements that empty the tables, with the
    triggers dropped before and created again after, in the flush's own transaction."""
    if vendor != "sqlite" or not flush_statements:
        return flush_statements
    return [*uninstall_statements(vendor), *flush_statements, *install_statements(vendor)]


def triggers_present(connection):
    """The names of the append-only triggers the database has (for the tests and checks)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE tgrelid IN (%s::regclass, %s::regclass) AND NOT tgisinternal",
                list(TABLES),
            )
        else:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN (%s, %s)", list(TABLES)
            )
        return {row[0] for row in cursor.fetchall()}
