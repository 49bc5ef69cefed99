import threading

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, select

import bot.audit  # noqa: F401  (its table belongs in the comparison)
import bot.reports  # noqa: F401
from bot.handoff import HandoffQueue, Priority
from bot.report_store import ReportStore
from bot.schema import alembic_config
from bot.storage import Base, Database, HandoffRequest
from tests.conftest import drop_every_table, report_submission

REPORT_TABLES = {
    "reports",
    "report_property",
    "report_vehicles",
    "report_status_history",
    "audit_log",
    "tracking_attempts",
}


def revision(database: Database) -> str | None:
    with database.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def tables(database: Database) -> set[str]:
    return set(inspect(database.engine).get_table_names())


def test_an_empty_database_gets_every_table_as_the_models_describe_them(database):
    drop_every_table(database)
    database.create_schema()

    assert revision(database) == "0002"
    assert tables(database) == REPORT_TABLES | {"handoff_requests", "alembic_version"}
    with database.engine.connect() as connection:
        assert (
            compare_metadata(MigrationContext.configure(connection), Base.metadata)
            == []
        )


def test_migrating_again_changes_nothing(database):
    reference = ReportStore(database).submit(report_submission())
    database.create_schema()
    assert revision(database) == "0002"
    assert ReportStore(database).find(reference, actor="pc-test") is not None


def test_a_database_made_before_migrations_keeps_its_queue_and_gains_reports(
    database,
):
    drop_every_table(database)
    # What the earlier release's create_all made: the handoff queue only.
    HandoffRequest.__table__.create(database.engine)
    waiting = HandoffQueue(database).request("caller", "rest", Priority.P3, "asked")

    database.create_schema()

    assert revision(database) == "0002"
    assert REPORT_TABLES <= tables(database)
    with database.session() as session:
        kept = session.execute(select(HandoffRequest)).scalar_one()
    assert (kept.id, kept.conversation_id) == (waiting.id, "caller")
    assert ReportStore(database).submit(report_submission())


def test_processes_starting_together_migrate_once(database):
    drop_every_table(database)
    url = database.engine.url
    errors: list[BaseException] = []
    start = threading.Barrier(4)

    def start_a_process() -> None:
        process_database = Database(url.render_as_string(hide_password=False))
        try:
            start.wait()
            process_database.create_schema()
        except BaseException as error:  # reported by the assertion below
            errors.append(error)
        finally:
            process_database.engine.dispose()

    threads = [threading.Thread(target=start_a_process) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert not any(thread.is_alive() for thread in threads), "migrations deadlocked"
    assert errors == []
    assert revision(database) == "0002"


def test_the_report_tables_can_be_migrated_away_and_back(database):
    HandoffQueue(database).request("caller", "rest", Priority.P1, "emergency")
    with database.engine.begin() as connection:
        command.downgrade(alembic_config(connection), "0001")
    assert tables(database) == {"handoff_requests", "alembic_version"}

    database.create_schema()
    assert REPORT_TABLES <= tables(database)
    with database.session() as session:
        assert (
            session.execute(select(HandoffRequest.reason)).scalar_one() == "emergency"
        )
