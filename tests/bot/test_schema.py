import threading
from datetime import datetime, timezone

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import JSON, bindparam, inspect, select, text

import bot.audit  # noqa: F401  (its table belongs in the comparison)
import bot.channel_contacts  # noqa: F401
import bot.console.models  # noqa: F401
import bot.handoff_tables  # noqa: F401
import bot.reports  # noqa: F401
from bot.handoff import HandoffQueue, Priority
from bot.report_store import ReportStore
from bot.schema import alembic_config
from bot.storage import Base, Database, HandoffRequest, UtcDateTime
from tests.conftest import drop_every_table, report_submission

REPORT_TABLES = {
    "reports",
    "report_property",
    "report_vehicles",
    "report_status_history",
    "audit_log",
    "tracking_attempts",
}
CONSOLE_TABLES = {
    "handoff_notes",
    "handoff_queue_version",
    "console_users",
    "console_sessions",
}
CHANNEL_TABLES = {"channel_contacts", "channel_deliveries"}
LATEST = "0004"
REQUESTED_AT = datetime(2026, 11, 28, 9, 0, tzinfo=timezone.utc)


def revision(database: Database) -> str | None:
    with database.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def tables(database: Database) -> set[str]:
    return set(inspect(database.engine).get_table_names())


def differences_from_the_models(database: Database) -> list:
    with database.engine.connect() as connection:
        return compare_metadata(MigrationContext.configure(connection), Base.metadata)


def migrate(database: Database, target: str) -> None:
    current = revision(database) or ""
    with database.engine.begin() as connection:
        config = alembic_config(connection)
        if target < current:
            command.downgrade(config, target)
        else:
            command.upgrade(config, target)


def test_an_empty_database_gets_every_table_as_the_models_describe_them(database):
    drop_every_table(database)
    database.create_schema()

    assert revision(database) == LATEST
    assert tables(database) == REPORT_TABLES | CONSOLE_TABLES | CHANNEL_TABLES | {
        "handoff_requests",
        "alembic_version",
    }
    assert differences_from_the_models(database) == []


def test_migrating_again_changes_nothing(database):
    reference = ReportStore(database).submit(report_submission())
    database.create_schema()
    assert revision(database) == LATEST
    assert ReportStore(database).find(reference, actor="pc-test") is not None


def test_a_database_made_before_migrations_keeps_its_queue_and_gains_reports(
    database,
):
    drop_every_table(database)
    # What the earlier release's create_all made: the handoff queue only, as
    # revision 0001 describes it, with no migration history.
    migrate(database, "0001")
    with database.engine.begin() as connection:
        connection.execute(text("DROP TABLE alembic_version"))
    waiting_id = insert_waiting_request(database, "caller")

    database.create_schema()

    assert revision(database) == LATEST
    assert REPORT_TABLES | CONSOLE_TABLES <= tables(database)
    with database.session() as session:
        kept = session.execute(select(HandoffRequest)).scalar_one()
    assert (kept.id, kept.conversation_id) == (waiting_id, "caller")
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
    assert revision(database) == LATEST


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


def insert_waiting_request(database: Database, conversation_id: str) -> int:
    """A waiting request as the releases before the console stored one."""
    with database.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO handoff_requests (conversation_id, channel, priority,"
                " reason, status, requested_at, summary) VALUES (:conversation_id,"
                " 'rest', 1, 'emergency', 'waiting', :requested_at, :summary)"
            ).bindparams(
                bindparam("requested_at", type_=UtcDateTime),
                bindparam("summary", type_=JSON),
            ),
            {
                "conversation_id": conversation_id,
                "requested_at": REQUESTED_AT,
                "summary": {"intents": ["danger_now"]},
            },
        )
        return connection.execute(
            text("SELECT max(id) FROM handoff_requests")
        ).scalar_one()


def test_a_database_at_0002_keeps_its_waiting_request_and_gains_the_console(
    database,
):
    drop_every_table(database)
    migrate(database, "0002")
    insert_waiting_request(database, "caller")

    database.create_schema()

    assert revision(database) == LATEST
    assert CONSOLE_TABLES <= tables(database)
    queue = HandoffQueue(database)
    [kept] = queue.waiting()
    assert (kept.conversation_id, kept.status, kept.priority, kept.requested_at) == (
        "caller",
        "waiting",
        1,
        REQUESTED_AT,
    )
    assert (kept.claimed_at, kept.handler, kept.resolution) == (None, None, None)
    assert kept.summary == {"intents": ["danger_now"]}
    before = queue.queue_version()
    assert queue.claim(kept.id, "pc-jones")
    assert queue.queue_version() > before


def test_the_console_can_be_migrated_away_and_back(database):
    queue = HandoffQueue(database)
    waiting = queue.request("caller", "rest", Priority.P3, "asked")
    queue.add_note(waiting.id, "pc-jones", "Prefers a call back")

    migrate(database, "0002")
    assert not CONSOLE_TABLES & tables(database)
    columns = {
        c["name"] for c in inspect(database.engine).get_columns("handoff_requests")
    }
    assert "handler" not in columns

    database.create_schema()
    assert differences_from_the_models(database) == []
    assert [entry.id for entry in HandoffQueue(database).waiting()] == [waiting.id]
