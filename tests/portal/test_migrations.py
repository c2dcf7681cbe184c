"""The migrations: they describe the models as they are, and the squashed ones (what a new database is made with)
build the same schema as the migrations they replace, which databases made before the squash went through."""

import contextlib
import uuid

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.db import connections
from django.db.backends.postgresql.base import DatabaseWrapper
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

from portal.checks import squashed_migrations_taken_over_whole

PORTAL_APPS = {"portal", "meetings", "minutes", "scrutiny", "imports"}

# What the schema is made of, in the catalogue's own words: one row per column, constraint, index and sequence.
SCHEMA = """
SELECT 'column', c.relname, a.attname,
       concat_ws(' ', format_type(a.atttypid, a.atttypmod), CASE WHEN a.attnotnull THEN 'not null' END,
                 a.attidentity, pg_get_expr(d.adbin, d.adrelid))
  FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
  LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
 WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
UNION ALL
SELECT 'constraint', c.relname, k.conname, pg_get_constraintdef(k.oid)
  FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname = 'public'
UNION ALL
SELECT 'index', tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'
UNION ALL
SELECT 'sequence', sequencename, '', concat_ws(' ', data_type, increment_by, last_value)
  FROM pg_sequences WHERE schemaname = 'public'
ORDER BY 1, 2, 3
"""


@contextlib.contextmanager
def new_default_database():
    """A new, empty database on the test server as the default connection, dropped afterwards. As the default:
    django_tasks_db's data migrations write through the default connection whichever database is migrated."""
    original = connections["default"]
    name = f"{original.settings_dict['NAME']}_migrations_{uuid.uuid4().hex[:8]}"
    with original._nodb_cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    scratch = DatabaseWrapper({**original.settings_dict, "NAME": name}, alias="default")
    connections["default"] = scratch
    try:
        yield scratch
    finally:
        scratch.close()
        connections["default"] = original
        with original._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def schema_of(database) -> list[tuple]:
    with database.cursor() as cursor:
        cursor.execute(SCHEMA)
        return cursor.fetchall()


def old_migrations_loader(database) -> MigrationLoader:
    """The migration graph as it was before the squash (and the migrations written since, after the old ones): each
    squashed migration taken out and the ones it replaced put back, as Django does for a database part-way
    through them."""
    loader = MigrationLoader(database, replace_migrations=False)
    for key, squashed in loader.replacements.items():
        loader.graph.remove_replacement_node(key, squashed.replaces)
    loader.replacements = {}
    return loader


def migrate_along_the_old_migrations(database) -> None:
    """Migrate as a database made before the squash was: along the replaced migrations, not the squashed ones."""
    executor = MigrationExecutor(database)
    loader = executor.loader = MigrationLoader(database, replace_migrations=False)
    # The last of each app's migrations that needs no squashed one: not the squashed ones, nor those written since.
    old_leaves = [
        key for key in loader.graph.leaf_nodes() if not set(loader.graph.forwards_plan(key)) & set(loader.replacements)
    ]
    assert ("meetings", "0017_topic_ordering_tiebreak") in old_leaves
    executor.migrate(old_leaves)


@pytest.mark.django_db
def test_the_models_and_the_migrations_agree():
    """Every change to a model has its migration (makemigrations --check exits non-zero when one is missing)."""
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_a_new_database_is_made_with_the_squashed_migrations():
    loader = MigrationLoader(None, ignore_no_migrations=True)
    plan = loader.graph.forwards_plan(("meetings", "0007_squashed_0017_links_to_minutes"))
    ours = [key for key in plan if key[0] in PORTAL_APPS]
    assert ("meetings", "0003_initial") not in ours
    assert all(key in loader.replacements for key in ours if key[0] != "imports"), ours


def test_the_squashed_migrations_make_the_schema_the_old_ones_made(django_db_blocker):
    """One new database made each way, outside the test database."""
    with django_db_blocker.unblock():
        with new_default_database() as old:
            migrate_along_the_old_migrations(old)
            assert squashed_migrations_taken_over_whole(databases=["default"]) == []
            # A database made before the squash is taken to have the squashed migrations, and then goes on with
            # the migrations written since, as `migrate` does.
            executor = MigrationExecutor(old)
            assert not set(executor.migration_plan(executor.loader.graph.leaf_nodes())) & {
                (migration, False) for migration in executor.loader.graph.nodes.values() if migration.replaces
            }
            executor.migrate(executor.loader.graph.leaf_nodes())
            assert set(executor.loader.replacements) <= set(MigrationRecorder(old).applied_migrations())
            old_schema = schema_of(old)
        with new_default_database() as new:
            MigrationExecutor(new).migrate(MigrationLoader(new).graph.leaf_nodes())
            assert squashed_migrations_taken_over_whole(databases=["default"]) == []
            new_schema = schema_of(new)
    assert len(new_schema) > 1000  # every table of the portal, not an empty database
    assert [row for row in new_schema if row not in old_schema] == []
    assert [row for row in old_schema if row not in new_schema] == []


def test_migrate_refuses_a_database_part_way_through_the_old_migrations(django_db_blocker):
    """Stopped between two of the migrations one squash replaces: `migrate` says what to do, and touches nothing,
    instead of failing half-way with a KeyError."""
    with django_db_blocker.unblock(), new_default_database() as part_way:
        executor = MigrationExecutor(part_way)
        executor.loader = old_migrations_loader(part_way)
        executor.migrate([("minutes", "0005_minutes_draft_version")])
        applied = set(MigrationRecorder(part_way).applied_migrations())
        expected = (
            r"only some of the migrations that minutes 0004_squashed_0007_in_order replaces applied; "
            r"not 0006_declarations_by_several_councillors, 0007_"
        )
        with pytest.raises(SystemCheckError, match=expected) as refused:
            call_command("migrate", skip_checks=False, verbosity=0)
        assert "release from before the squash (commit 914b25d or earlier)" in str(refused.value)
        assert set(MigrationRecorder(part_way).applied_migrations()) == applied
