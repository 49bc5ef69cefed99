"""The web app: the citizen web chat page (and, later, the call-handler console)."""
