"""Saved states of the PostgreSQL test database, put back in a fraction of a second.

Each test worker loads the official content (about 0.7 s) and the demo site of the
browser tests (about 3.6 s: commitments, versions, help entries) once, when its test
database is made, and saves copies:

- ``save("official")`` copies every table; ``restore("official")`` empties every table
  and refills it from the copy (after a transactional test emptied the database);
- ``save_addition("site", over="official")`` keeps only the rows the demo site added to
  the official content (it only adds rows: checked when saved); ``add("site")`` inserts
  them, so whatever a test made before (a signed-in staff member, say) stays.

Each is one INSERT ... SELECT per table, about 0.1 s. The rows are the ones the loaders
wrote, ids included; sequences are never moved back, so rows made later never collide
with them. The copies live in schemas of their own (``saved_official``...) in the test
database, which Django's models never see and which go when the test database is
dropped. On SQLite (the few tests CI runs there too) ``available()`` is false and the
loaders run instead."""

from django.db import connection, transaction

from core import pagecache


def available():
    return connection.vendor == "postgresql"


def _tables():
    return sorted(connection.introspection.django_table_names(only_existing=True, include_views=False))


def _schema(name):
    return f"saved_{name}"


def save(name):
    """Copy every table of the project's models into the schema ``saved_<name>``."""
    schema, quote = _schema(name), connection.ops.quote_name
    statements = [f"DROP SCHEMA IF EXISTS {schema} CASCADE", f"CREATE SCHEMA {schema}"]
    statements += [f"CREATE TABLE {schema}.{quote(table)} AS TABLE public.{quote(table)}" for table in _tables()]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(";\n".join(statements))


def save_addition(name, over):
    """Keep, under ``name``, the rows every table has beyond the saved state ``over``."""
    schema, base, quote = _schema(name), _schema(over), connection.ops.quote_name
    tables = _tables()
    statements = [f"DROP SCHEMA IF EXISTS {schema} CASCADE", f"CREATE SCHEMA {schema}"]
    statements += [
        f"CREATE TABLE {schema}.{quote(t)} AS TABLE public.{quote(t)} EXCEPT TABLE {base}.{quote(t)}" for t in tables
    ]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(";\n".join(statements))
        for table in tables:
            gone = f"TABLE {base}.{quote(table)} EXCEPT TABLE public.{quote(table)}"
            cursor.execute(f"SELECT count(*) FROM ({gone}) AS gone")  # noqa: S608 (our own tables)
            changed = cursor.fetchone()[0]
            assert not changed, f"{name} changed or removed {changed} rows of {table}: it cannot be added over {over}"


def saved(name):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM information_schema.schemata WHERE schema_name = %s", [_schema(name)])
        return cursor.fetchone() is not None


def restore(name):
    """Every table as it was saved under ``name``. Inside a test's transaction too (the
    rollback then undoes it). Foreign keys are triggers in PostgreSQL: off while the
    tables are emptied and refilled (the copy is consistent as a whole), on again after."""
    schema, quote = _schema(name), connection.ops.quote_name
    tables = _tables()
    statements = ["SET LOCAL session_replication_role = replica"]
    statements += [f"DELETE FROM {quote(table)}" for table in tables]  # noqa: S608 (our own tables)
    statements += [f"INSERT INTO {quote(table)} SELECT * FROM {schema}.{quote(table)}" for table in tables]  # noqa: S608
    statements += ["SET LOCAL session_replication_role = origin"]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(";\n".join(statements))
    # The rows changed behind the models' backs: no signal told the page cache.
    pagecache.invalidate()


def add(name):
    """Insert the rows saved with ``save_addition``, over what the database holds now."""
    schema, quote = _schema(name), connection.ops.quote_name
    statements = ["SET LOCAL session_replication_role = replica"]
    statements += [f"INSERT INTO {quote(table)} TABLE {schema}.{quote(table)}" for table in _tables()]
    statements += ["SET LOCAL session_replication_role = origin"]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(";\n".join(statements))
    pagecache.invalidate()
