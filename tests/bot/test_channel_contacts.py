import pytest

from bot.channel_contacts import ChannelContacts

KEY = b"k" * 32


@pytest.fixture
def contacts(database) -> ChannelContacts:
    return ChannelContacts(database, KEY)


def test_the_sender_id_hides_the_number_but_is_stable(contacts, database):
    first = contacts.remember("sms", "+447700900123")
    assert first == contacts.remember("sms", "+447700900123")
    assert first.startswith("sms-") and "7700900123" not in first
    assert contacts.address_of(first) == "+447700900123"
    other_key = ChannelContacts(database, b"x" * 32)
    assert other_key.sender_id("sms", "+447700900123") != first


def test_the_same_address_on_another_channel_is_another_conversation(contacts):
    assert contacts.sender_id("sms", "123") != contacts.sender_id("telegram", "123")


def test_opting_out_and_back_in(contacts):
    sender = contacts.remember("sms", "+447700900123")
    assert not contacts.is_opted_out(sender)
    contacts.set_opted_out(sender, True)
    assert contacts.is_opted_out(sender)
    contacts.set_opted_out(sender, False)
    assert not contacts.is_opted_out(sender)


def test_the_last_buttons_are_kept_for_a_numbered_reply(contacts):
    sender = contacts.remember("sms", "+447700900123")
    contacts.set_buttons(sender, [{"title": "Yes", "payload": "/affirm", "x": 1}])
    assert contacts.buttons(sender) == [{"title": "Yes", "payload": "/affirm"}]


def test_each_delivery_counts_once(contacts):
    assert contacts.first_delivery("sms", "SM123")
    assert not contacts.first_delivery("sms", "SM123")
    assert contacts.first_delivery("telegram", "SM123")


def test_a_short_key_is_refused(database):
    with pytest.raises(ValueError):
        ChannelContacts(database, b"short")
