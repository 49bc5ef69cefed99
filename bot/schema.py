"""Runs the Alembic migrations in `bot/migrations` against a database.

Every process that opens the database calls this at start-up, so two may run
it at once: each takes a database-wide lock first and migrates inside one
transaction, so the second finds the work done.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection, Engine

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# The schema the assistant had before migrations: `handoff_requests` only,
# made by `create_all`. Such a database is marked as being at this revision.
INITIAL_REVISION = "0001"
# Any fixed number; it names the lock in PostgreSQL's advisory-lock space.
_POSTGRES_LOCK_KEY = 7_310_440_301


def upgrade_to_latest(engine: Engine) -> None:
    """Applies every migration the database lacks; existing rows are kept."""
    with engine.begin() as connection:
        _lock_for_migration(connection)
        config = alembic_config(connection)
        if _created_before_migrations(connection):
            command.stamp(config, INITIAL_REVISION)
        command.upgrade(config, "head")


def alembic_config(connection: Connection) -> Config:
    """Alembic's configuration for migrating `connection`.

    There is no alembic.ini: the scripts are this package's, and env.py
    migrates the connection it is handed instead of opening its own.
    """
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


def _lock_for_migration(connection: Connection) -> None:
    dialect = connection.dialect.name
    if dialect == "postgresql":
        connection.execute(
            text("SELECT pg_advisory_xact_lock(:key)"), {"key": _POSTGRES_LOCK_KEY}
        )
    elif dialect == "sqlite":
        # The sqlite3 driver would run DDL outside any transaction; an explicit
        # write transaction makes the migration atomic and serialises writers.
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def _created_before_migrations(connection: Connection) -> bool:
    tables = inspect(connection)
    return tables.has_table("handoff_requests") and not tables.has_table(
        "alembic_version"
    )
