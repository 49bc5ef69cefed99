import re
from pathlib import Path

import pytest
import yaml

from channels.sms_text import (
    GSM_BASIC,
    GSM_EXTENSION,
    MAX_SEPTETS,
    button_payload,
    join_messages,
    numbered_options,
    septets,
    shape_turn,
    to_gsm,
)
from tests.fakes.twilio_api import segments

DOMAIN = Path(__file__).resolve().parents[2] / "domain"
YES_NO = [{"title": "Yes", "payload": "/affirm"}, {"title": "No", "payload": "/deny"}]


def is_gsm(text: str) -> bool:
    return all(char in GSM_BASIC or char in GSM_EXTENSION for char in text)


@pytest.mark.parametrize(
    ("typed", "sent"),
    [
        ("It’s ‘fine’", "It's 'fine'"),
        ("“Hello”", '"Hello"'),
        ("9am – 5pm — daily", "9am - 5pm - daily"),
        ("Wait…", "Wait..."),
        ("call\u00a0101", "call 101"),
        ("a\u202fb\u2009c", "a b c"),
        ("zero\u200bwidth", "zerowidth"),
        ("café, naïve, façade", "café, naive, facade"),
        ("Straße Øresund Åse Ñandú", "Straße Øresund Åse Ñandu"),
        ("½ price, ﬁle", "1/2 price, file"),
        ("£5 or €5 [not] {this} ~ ^ | \\", "£5 or €5 [not] {this} ~ ^ | \\"),
        ("Stay safe 😀🚓 tonight", "Stay safe tonight"),
        ("❤️ thanks", "thanks"),
        ("• one\n• two", "- one\n- two"),
        ("line\r\nbreak\ttab", "line\nbreak tab"),
        ("中文 only", "only"),
    ],
)
def test_text_is_mapped_to_gsm_7(typed, sent):
    assert to_gsm(typed) == sent
    assert is_gsm(to_gsm(typed))


def test_gsm_7_text_is_left_alone():
    text = "Call 999 now.\nIf you can't speak, press 55 (the Silent Solution)."
    assert to_gsm(text) == text


def test_extension_characters_count_twice():
    assert septets("abc") == 3
    assert septets("€{}") == 6


def test_buttons_become_numbered_options():
    buttons = [
        {"title": "Report a crime", "payload": "/report_crime"},
        {"title": "Safety advice", "payload": "/advice"},
        {"title": "Talk to a person", "payload": "/request_human"},
    ]
    assert numbered_options(buttons) == (
        "Reply 1 for Report a crime, 2 for Safety advice, 3 for Talk to a person."
    )
    assert numbered_options(YES_NO, first=4) == "Reply 4 for Yes, 5 for No."
    assert numbered_options([{"title": "999 or 101?"}]).endswith("1 for 999 or 101?")


@pytest.mark.parametrize("reply", ["1", " 2 ", "2.", "2)", "02"])
def test_a_number_is_read_as_its_button(reply):
    expected = "/affirm" if reply == "1" else "/deny"
    assert button_payload(reply, YES_NO) == expected


@pytest.mark.parametrize("reply", ["0", "3", "12", "one", "1 2", "1st", "", "no"])
def test_anything_else_is_not_a_button(reply):
    assert button_payload(reply, YES_NO) is None


def test_no_buttons_means_a_number_is_just_a_number():
    assert button_payload("300", []) is None
    assert button_payload("1", []) is None


def test_short_text_is_one_part():
    assert join_messages(["Hello."]) == ["Hello."]


def test_long_text_splits_at_paragraphs_first():
    first, second = "A" * 300 + ".", "B" * 300 + "."
    assert join_messages([f"{first}\n\n{second}"]) == [first, second]


def test_a_long_paragraph_splits_between_sentences():
    sentences = [f"Sentence {n} " + "word " * 20 + "ends here." for n in range(8)]
    parts = join_messages([" ".join(sentences)])
    assert len(parts) > 1
    assert all(septets(part) <= MAX_SEPTETS for part in parts)
    assert all(part.endswith("ends here.") for part in parts)
    assert " ".join(parts) == " ".join(sentences)


def test_a_run_on_sentence_splits_between_words():
    text = "word " * 200
    parts = join_messages([text])
    assert all(septets(part) <= MAX_SEPTETS for part in parts)
    assert " ".join(parts) == text.strip()


def test_an_endless_word_is_cut_as_a_last_resort():
    parts = join_messages(["x" * 1000])
    assert [len(part) for part in parts] == [459, 459, 82]


def test_extension_characters_are_counted_when_splitting():
    parts = join_messages(["€" * 300])
    assert [septets(part) for part in parts] == [458, 142]


def test_messages_of_a_turn_are_joined_while_they_fit():
    assert join_messages(["One.", "Two.", "Three."]) == ["One.\n\nTwo.\n\nThree."]
    first, second, third = "A" * 300, "B" * 300, "C" * 100
    assert join_messages([first, second, third]) == [first, f"{second}\n\n{third}"]


def test_a_turn_numbers_its_options_across_messages():
    turn = shape_turn(
        [
            {"text": "I’ve flagged this.", "buttons": YES_NO},
            {"text": "Anything else?", "buttons": [{"title": "Menu", "payload": "/g"}]},
        ]
    )
    assert turn.bodies == [
        "I've flagged this.\nReply 1 for Yes, 2 for No.\n\n"
        "Anything else?\nReply 3 for Menu."
    ]
    assert [button["payload"] for button in turn.buttons] == ["/affirm", "/deny", "/g"]


def test_a_turn_with_nothing_to_say_sends_nothing():
    assert shape_turn([{"text": "😀"}, {"text": ""}]).bodies == []


def test_the_999_message_comes_first_in_a_joined_turn():
    turn = shape_turn([{"text": "Call 999 now."}, {"text": "I've flagged this."}])
    assert turn.bodies[0].startswith("Call 999 now.")


def domain_responses():
    for path in sorted(DOMAIN.glob("*.yml")):
        responses = (yaml.safe_load(path.read_text()) or {}).get("responses") or {}
        for name, variations in responses.items():
            for variation in variations:
                yield name, variation


@pytest.mark.parametrize(
    "name, variation", list(domain_responses()), ids=lambda value: str(value)[:40]
)
def test_every_response_fits_three_gsm_segments_with_its_options(name, variation):
    # A slot's value stands in for its name: about as long, for most slots.
    text = re.sub(r"{(\w+)}", r"\1", variation["text"])
    turn = shape_turn([{"text": text, "buttons": variation.get("buttons") or []}])
    assert len(turn.bodies) == 1, name
    encoding, count = segments(turn.bodies[0])
    assert (encoding, count <= 3) == ("GSM-7", True), name
