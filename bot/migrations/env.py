"""Alembic's entry point: migrates the connection `bot.schema` hands over."""

from alembic import context

import bot.audit  # noqa: F401  (registers audit_log on Base.metadata)
import bot.channel_contacts  # noqa: F401  (registers SMS and Telegram contacts)
import bot.console.models  # noqa: F401  (registers the console's accounts)
import bot.handoff_tables  # noqa: F401  (registers handoff notes and version)
import bot.reports  # noqa: F401  (registers the report tables)
from bot.storage import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    # SQLite cannot ALTER most things; batch mode rebuilds the table instead.
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
