import pytest

from channels.sms_keywords import Keyword, help_reply, keyword_in, start_reply
from channels.sms_text import SEGMENT_SEPTETS, septets, to_gsm


@pytest.mark.parametrize(
    "body", ["STOP", "stop", " Stop ", "stop.", "STOPALL", "unsubscribe", "Cancel"]
)
def test_stop_and_its_synonyms_opt_out(body):
    assert keyword_in(body, opted_out=False) is Keyword.STOP


@pytest.mark.parametrize("body", ["END", "quit"])
def test_end_and_quit_opt_out_too(body):
    assert keyword_in(body, opted_out=False) is Keyword.STOP


@pytest.mark.parametrize("body", ["START", "start", "Unstop"])
def test_start_opts_back_in(body):
    assert keyword_in(body, opted_out=True) is Keyword.START
    assert keyword_in(body, opted_out=False) is Keyword.START


def test_yes_opts_back_in_only_someone_opted_out():
    assert keyword_in("yes", opted_out=True) is Keyword.START
    assert keyword_in("yes", opted_out=False) is None


@pytest.mark.parametrize("body", ["HELP", "help", "Info"])
def test_help_and_info_ask_for_help(body):
    assert keyword_in(body, opted_out=False) is Keyword.HELP


@pytest.mark.parametrize(
    "body", ["stop he's hitting me", "please help", "help me", "no", "", "1", "stopp"]
)
def test_a_sentence_containing_a_keyword_is_a_message(body):
    assert keyword_in(body, opted_out=False) is None


def test_help_says_what_the_service_is_and_what_to_do_in_an_emergency():
    text = help_reply("West Yorkshire Police")
    assert "West Yorkshire Police contact assistant" in text
    assert "not monitored for emergencies" in text
    assert (
        "In an emergency call 999. If you can't speak, call 999 and press 55." in text
    )
    assert to_gsm(text) == text and septets(text) <= 2 * SEGMENT_SEPTETS


def test_start_confirms_in_one_short_message():
    text = start_reply("Police")
    assert "again" in text and "999" in text
    assert to_gsm(text) == text and septets(text) <= 160
