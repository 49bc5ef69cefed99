import dataclasses
import hashlib
import json
from datetime import datetime, timedelta, timezone

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select

from bot.audit import AuditEntry
from bot.console.models import ConsoleUser, Role, SessionRecord
from bot.console.passwords import WeakPassword
from bot.console.sessions import Authenticator, ConsoleSession
from bot.console.users import InvalidUsername, UnknownRole, UnknownUser, UserExists
from tests.conftest import cheap_hasher

START = datetime(2026, 11, 28, 9, 0, tzinfo=timezone.utc)
PASSWORD = "correct horse battery"


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def auth(database, clock) -> Authenticator:
    return Authenticator(database, clock=clock, hasher=cheap_hasher())


@pytest.fixture
def jones(user_store) -> str:
    user_store.add("PC-Jones ", PASSWORD, "handler")
    return "pc-jones"


def audit_rows(database, *actions: str) -> list[tuple]:
    with database.session() as session:
        rows = session.execute(
            select(AuditEntry)
            .where(AuditEntry.action.in_(actions))
            .order_by(AuditEntry.id)
        ).scalars()
        return [(row.actor, row.action, row.detail) for row in rows]


def stored_user(database, username: str) -> ConsoleUser:
    with database.session() as session:
        return session.execute(
            select(ConsoleUser).where(ConsoleUser.username == username)
        ).scalar_one()


def test_accounts_need_a_long_password_a_known_role_and_a_free_name(user_store):
    with pytest.raises(WeakPassword):
        user_store.add("pc-jones", "elevenchars", "handler")
    with pytest.raises(UnknownRole):
        user_store.add("pc-jones", PASSWORD, "admin")
    with pytest.raises(InvalidUsername):
        user_store.add("pc jones", PASSWORD, "handler")

    added = user_store.add("PC-Jones", "twelve chars", "supervisor")
    assert (added.username, added.role, added.disabled) == (
        "pc-jones",
        Role.SUPERVISOR,
        False,
    )
    with pytest.raises(UserExists):
        user_store.add("pc-jones", PASSWORD, "handler")
    with pytest.raises(UnknownUser):
        user_store.disable("pc-khan")
    with pytest.raises(UnknownUser):
        user_store.set_password("pc-khan", PASSWORD)
    assert [user.username for user in user_store.list_users()] == ["pc-jones"]


def test_passwords_are_stored_as_argon2id_hashes_only(database, jones):
    stored = stored_user(database, jones).password_hash
    assert stored.startswith("$argon2id$")
    assert PASSWORD not in stored


def test_the_right_password_opens_a_session(database, auth, jones, clock):
    session = auth.login(" PC-JONES", PASSWORD)

    assert isinstance(session, ConsoleSession)
    assert (session.username, session.role) == ("pc-jones", Role.HANDLER)
    assert session.expires_at == START + timedelta(hours=8)
    assert len(session.token) >= 43 and len(session.csrf_token) >= 43
    assert session.token != session.csrf_token
    assert session.token not in repr(session) and session.csrf_token not in repr(
        session
    )
    with pytest.raises(dataclasses.FrozenInstanceError):
        session.role = Role.SUPERVISOR
    assert auth.session_for(session.token) == session
    with database.session() as db:
        record = db.execute(select(SessionRecord)).scalar_one()
    assert record.token_hash == hashlib.sha256(session.token.encode()).hexdigest()
    assert audit_rows(database, "login_succeeded") == [
        ("pc-jones", "login_succeeded", {"session_id": session.id})
    ]


def test_a_wrong_password_or_unknown_name_is_refused_and_audited(database, auth, jones):
    assert auth.login(jones, "correct horse battery!") is None
    assert auth.login("pc-nobody", PASSWORD) is None
    assert auth.login("not a name at all", PASSWORD) is None
    assert auth.login(jones, "") is None

    assert audit_rows(database, "login_failed", "login_succeeded") == [
        ("pc-jones", "login_failed", {"reason": "wrong_password", "failures": 1}),
        ("unknown", "login_failed", {"reason": "unknown_user"}),
        ("unknown", "login_failed", {"reason": "unknown_user"}),
        ("pc-jones", "login_failed", {"reason": "wrong_password", "failures": 2}),
    ]
    assert PASSWORD not in json.dumps(audit_rows(database, "login_failed"))
    assert "pc-nobody" not in json.dumps(audit_rows(database, "login_failed"))


def test_five_wrong_passwords_lock_the_account_for_fifteen_minutes(
    database, auth, jones, clock
):
    for _ in range(5):
        assert auth.login(jones, "wrong password!") is None
    assert stored_user(database, jones).locked_until == START + timedelta(minutes=15)

    clock.advance(minutes=14, seconds=59)
    assert auth.login(jones, PASSWORD) is None
    clock.advance(seconds=1)
    assert auth.login(jones, PASSWORD) is not None

    until = (START + timedelta(minutes=15)).isoformat()
    assert audit_rows(database, "account_locked", "login_failed")[-3:] == [
        ("pc-jones", "login_failed", {"reason": "wrong_password", "failures": 5}),
        ("pc-jones", "account_locked", {"until": until}),
        ("pc-jones", "login_failed", {"reason": "locked"}),
    ]
    assert stored_user(database, jones).failed_logins == 0


def test_a_success_resets_the_count_of_failures(database, auth, jones):
    for _ in range(4):
        auth.login(jones, "wrong password!")
    assert auth.login(jones, PASSWORD) is not None
    for _ in range(4):
        auth.login(jones, "wrong password!")

    assert auth.login(jones, PASSWORD) is not None
    assert audit_rows(database, "account_locked") == []


def test_every_login_gets_its_own_session(auth, jones):
    first = auth.login(jones, PASSWORD)
    second = auth.login(jones, PASSWORD)

    assert first.id != second.id
    assert first.token != second.token
    assert first.csrf_token != second.csrf_token
    assert auth.session_for(first.token).id == first.id
    assert auth.session_for(second.token).id == second.id

    assert auth.logout(first.token) is True
    assert auth.session_for(first.token) is None
    assert auth.session_for(second.token).id == second.id
    assert auth.logout(first.token) is False


def test_a_login_can_replace_the_browsers_previous_session(auth, jones):
    before = auth.login(jones, PASSWORD)
    after = auth.login(jones, PASSWORD, replacing=before.token)

    assert auth.session_for(before.token) is None
    assert auth.session_for(after.token) is not None


def test_sessions_end_after_eight_hours_however_busy(auth, jones, clock):
    session = auth.login(jones, PASSWORD)
    for _ in range(23):
        clock.advance(minutes=20)
        assert auth.session_for(session.token) is not None
    clock.advance(minutes=20)  # 8 hours since login

    assert auth.session_for(session.token) is None


def test_sessions_end_after_thirty_idle_minutes(auth, jones, clock):
    session = auth.login(jones, PASSWORD)
    clock.advance(minutes=29)
    assert auth.session_for(session.token) is not None
    clock.advance(minutes=29)
    assert auth.session_for(session.token) is not None
    clock.advance(minutes=30)

    assert auth.session_for(session.token) is None
    assert auth.session_for(session.token) is None


def test_unknown_or_missing_tokens_have_no_session(auth, jones):
    auth.login(jones, PASSWORD)
    assert auth.session_for(None) is None
    assert auth.session_for("") is None
    assert auth.session_for("made-up-token") is None


def test_disabling_an_account_ends_its_sessions_and_logins(
    database, auth, jones, user_store
):
    session = auth.login(jones, PASSWORD)
    user_store.disable(jones, by="sgt-wood")

    assert auth.session_for(session.token) is None
    assert auth.login(jones, PASSWORD) is None
    assert audit_rows(database, "user_disabled", "login_failed") == [
        ("sgt-wood", "user_disabled", {"username": "pc-jones"}),
        ("pc-jones", "login_failed", {"reason": "disabled"}),
    ]


def test_a_new_password_ends_sessions_and_lifts_a_lockout(
    database, auth, jones, user_store
):
    session = auth.login(jones, PASSWORD)
    for _ in range(5):
        auth.login(jones, "wrong password!")
    user_store.set_password(jones, "a brand new password", by="sgt-wood")

    assert auth.session_for(session.token) is None
    assert auth.login(jones, PASSWORD) is None
    assert auth.login(jones, "a brand new password") is not None
    [(actor, _, detail)] = audit_rows(database, "password_set")
    assert (actor, detail) == ("sgt-wood", {"username": "pc-jones"})


def test_csrf_tokens_are_compared_exactly(auth, jones):
    session = auth.login(jones, PASSWORD)
    other = auth.login(jones, PASSWORD)

    assert auth.csrf_ok(session, session.csrf_token) is True
    for wrong in (other.csrf_token, session.csrf_token[:-1], "", None, "é" * 43):
        assert auth.csrf_ok(session, wrong) is False


def test_an_old_hash_is_upgraded_at_login(database, clock, jones):
    cheap = stored_user(database, jones).password_hash
    auth = Authenticator(database, clock=clock, hasher=PasswordHasher())

    assert auth.login(jones, PASSWORD) is not None

    upgraded = stored_user(database, jones).password_hash
    assert upgraded != cheap
    assert not PasswordHasher().check_needs_rehash(upgraded)
    assert auth.login(jones, PASSWORD) is not None


def test_logging_out_is_audited(database, auth, jones):
    session = auth.login(jones, PASSWORD)
    auth.logout(session.token)
    assert audit_rows(database, "logged_out") == [
        ("pc-jones", "logged_out", {"session_id": session.id})
    ]
