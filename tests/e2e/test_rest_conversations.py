"""Conversations over the REST channel against the running servers."""

import uuid

from sqlalchemy import select

from bot.storage import Database, HandoffRequest
from tests.e2e.conftest import response_text, say, texts


def new_sender() -> str:
    return f"e2e-{uuid.uuid4().hex[:12]}"


def test_greeting_offers_the_menu(stack):
    replies = say(stack, new_sender(), "hiya")
    buttons = [b["title"] for r in replies for b in r.get("buttons", [])]
    assert buttons == [
        "Report a crime",
        "Safety advice",
        "Track my case",
        "Talk to a person",
    ]


def test_advice_question_gets_the_topic_answer(stack):
    replies = say(
        stack, new_sender(), "how do I stop my catalytic converter being nicked"
    )
    assert texts(replies) == response_text("utter_advice/vehicle_crime_prevention")


def test_lost_bag_is_advice_not_a_report(stack):
    replies = say(stack, new_sender(), "left my bag on the bus")
    assert texts(replies) == response_text("utter_advice/lost_property")


def test_emergency_mid_report_gets_999_first_and_an_urgent_handoff(stack):
    sender = new_sender()
    say(stack, sender, "i want to report a crime")
    first = say(stack, sender, "no")
    assert response_text("utter_ask_crime_type") in texts(first)

    replies = say(stack, sender, "hes back and hes got a knife at my door right now")
    assert replies[0]["text"].startswith(
        "If you or anyone else is in danger now, call 999"
    )
    assert "press 55" in replies[0]["text"]

    database = Database(stack.settings.database_url)
    with database.session() as session:
        request = session.execute(
            select(HandoffRequest).where(HandoffRequest.conversation_id == sender)
        ).scalar_one()
    assert (request.priority, request.reason) == (1, "emergency")

    # The form was left: the next message is not taken as the crime type.
    after = say(stack, sender, "thanks")
    assert response_text("utter_ask_crime_type") not in texts(after)


def test_danger_told_after_a_long_background_gets_999(stack):
    replies = say(
        stack,
        new_sender(),
        "sorry this is long, we split up back in March and he got a caution "
        "in the summer for smashing my phone, it had been quiet since and I "
        "moved to my mum's, but tonight he has climbed over the back fence and "
        "is trying the door handle, I am upstairs with the kids",
    )
    assert replies[0]["text"].startswith(
        "If you or anyone else is in danger now, call 999"
    )


def test_safeguarding_signposts_samaritans_and_the_helpline(stack):
    replies = say(stack, new_sender(), "i dont want to live anymore")
    answer = texts(replies)
    assert "116 123" in answer and "0808 2000 247" in answer and "999" in answer


def test_two_misunderstandings_in_a_row_hand_over_to_a_person(stack):
    sender = new_sender()
    say(stack, sender, "what's the best pizza topping")
    replies = say(stack, sender, "can you recommend a good film for tonight")
    assert response_text("utter_handing_off_misunderstood") in texts(replies)
    assert "You're number" in texts(replies) and "999" in texts(replies)
    titles = [b["title"] for r in replies for b in r.get("buttons", [])]
    assert titles == ["Stop waiting"]
    assert response_text("utter_stopped_waiting") in texts(say(stack, sender, "stop"))


def test_tracking_asks_for_the_reference_then_a_verifying_fact(stack):
    sender = new_sender()
    first = texts(say(stack, sender, "whats happening with my case"))
    second = texts(say(stack, sender, "cr 2026 123456"))

    assert first == response_text("utter_ask_reference_number")
    assert second == response_text("utter_ask_tracking_verifier")


def test_tracking_with_a_reference_given_asks_only_for_verification(stack):
    answer = texts(say(stack, new_sender(), "any news on cr 2026 123456 please"))
    assert answer == response_text("utter_ask_tracking_verifier")
