"""The police contact assistant: storage, handoff queue, web app and CLI."""
