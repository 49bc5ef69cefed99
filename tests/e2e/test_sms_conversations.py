"""Conversations over SMS against the running servers, replies through a fake Twilio.

The citizen's phone texts the webhook as Twilio does (signed form posts); the
bot's replies, and a call handler's, are read from the fake API.
"""

import re

import pytest

from bench.report_journey import BURGLARY_ANSWERS, OPENING, walk_report
from tests.e2e.conftest import MODEL, response_text
from tests.e2e.console_client import Console, add_user
from tests.e2e.sms_phone import (
    Phone,
    contacts,
    rasa_log,
    sms_stack,
    tracker_events,
    user_texts,
    wait_until,
)

REFERENCE = re.compile(r"CR-\d{4}-\d{6}")
GREETING_OPTIONS = (
    "Reply 1 for Report a crime, 2 for Safety advice, 3 for Track my case, "
    "4 for Talk to a person."
)


@pytest.fixture(scope="module")
def sms(tmp_path_factory):
    if not MODEL.exists():
        pytest.skip("no trained model: run `make train` first")
    workdir = tmp_path_factory.mktemp("sms")
    with sms_stack(workdir) as (stack, api):
        yield stack, api, workdir


@pytest.fixture
def phone(sms) -> Phone:
    stack, api, _ = sms
    return Phone(stack, api)


def opening(name: str) -> str:
    return response_text(name).split("{")[0]


def test_a_burglary_reported_by_text_gets_a_reference(sms, phone):
    stack, api, workdir = sms
    journey = walk_report(phone.send, OPENING, BURGLARY_ANSWERS)

    assert journey.reference, journey.last_replies
    assert REFERENCE.fullmatch(journey.reference)
    assert journey.questions[0] == "in_danger_now"
    assert journey.questions[-2:] == ["declaration", "report_confirmed"]
    # Every SMS was plain GSM-7 and at most three segments long.
    sent = api.messages_to(phone.number)
    assert all(m.encoding == "GSM-7" and m.num_segments <= 3 for m in sent)
    # The summary's "Send my report" was chosen by its number.
    assert "/affirm" in user_texts(stack, phone.sender_id)
    # The number is known to the application database only.
    digits = phone.number.removeprefix("+44")
    assert digits not in str(tracker_events(stack, phone.sender_id))
    assert digits not in rasa_log(workdir)


def test_an_advice_question_gets_the_topic_answer_in_one_sms(phone):
    replies = phone.send("how do I stop my catalytic converter being nicked")
    assert [r["text"] for r in replies] == [
        response_text("utter_advice/vehicle_crime_prevention")
    ]


def test_danger_now_is_answered_with_999_first(phone):
    replies = phone.send("theres a man in my house with a knife")
    first = replies[0]["text"]
    assert first.startswith(response_text("utter_emergency"))
    assert "press 55" in first


def test_numbered_replies_choose_the_options(sms, phone):
    stack, _, _ = sms
    greeting = phone.send("hiya")[-1]["text"]
    assert greeting.endswith(GREETING_OPTIONS)

    menu = phone.send("2")[-1]["text"]
    assert menu.startswith(response_text("utter_advice_menu"))
    assert "6 for 999 or 101?" in menu
    answer = phone.send(" 6. ")
    assert [r["text"] for r in answer] == [
        response_text("utter_advice/emergency_or_101")
    ]
    assert user_texts(stack, phone.sender_id)[-2:] == [
        '/advice{"advice_topic": "menu"}',
        '/advice{"advice_topic": "emergency_or_101"}',
    ]


def test_stop_silences_everything_until_start(sms, phone):
    stack, _, _ = sms
    phone.send("hiya")
    phone.text("STOP")
    wait_until(lambda: contacts(stack).is_opted_out(phone.sender_id))

    phone.text("hello are you there")
    wait_until(lambda: "hello are you there" in user_texts(stack, phone.sender_id))
    assert phone.stays_silent()

    confirmation = phone.send("START")
    assert confirmation[0]["text"].startswith("You'll get messages")
    help_text = phone.send("HELP")[0]["text"]
    assert "not monitored for emergencies" in help_text
    assert "In an emergency call 999. If you can't speak, call 999 and press 55." in (
        help_text
    )
    # The keywords were answered by the channel, never stored as a message.
    said = [text.upper() for text in user_texts(stack, phone.sender_id)]
    assert not {"STOP", "START", "HELP"} & set(said)


def test_a_call_handlers_reply_reaches_the_phone(sms, phone):
    stack, _, _ = sms
    queued = phone.send("can i speak to a real person please")
    assert "in the queue" in queued[-1]["text"]

    add_user("sms-handler")
    console = Console(stack)
    assert console.login("sms-handler").headers["Location"] == "/console"
    entry = console.request_for(phone.sender_id)
    assert entry["channel"] == "sms"
    already = len(phone.received())
    assert console.post(f"/api/requests/{entry['id']}/claim").status_code == 200
    assert phone.replies_after(already) == [response_text("utter_handler_joined")]

    already = len(phone.received())
    reply = console.post(
        f"/api/requests/{entry['id']}/reply", {"text": "Hi, I’m Sam. Are you safe?"}
    )
    assert reply.status_code == 200
    assert phone.replies_after(already) == ["Hi, I'm Sam. Are you safe?"]

    # The bot is paused: the citizen's answer goes to the handler only.
    phone.text("yes im ok now")
    wait_until(lambda: ("citizen", "yes im ok now") in transcript(console, entry))
    assert phone.stays_silent()


def transcript(console: Console, entry) -> list[tuple[str, str]]:
    lines = console.get(f"/api/requests/{entry['id']}").json()["transcript"]
    return [(line["from"], line["text"]) for line in lines]
