"""The call-handler console's accounts and sign-in sessions.

Only storage and a Python API live here: the console's web pages are built on
top of it, and share its sessions through the database, so any number of
web-app processes can serve the same signed-in handler.
"""
