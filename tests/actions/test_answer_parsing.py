import pytest

from actions.answer_parsing import (
    has_invalid_postcode,
    is_skip_answer,
    parse_contact_method,
    parse_email,
    parse_injury,
    parse_money,
    parse_name,
    parse_phone,
    parse_postcode,
    parse_registration,
    parse_yes_no,
)


@pytest.mark.parametrize(
    "answer",
    [
        "no",
        "None.",
        "dunno",
        "n/a",
        "N/A",
        "nothing",
        "not sure",
        "skip",
        "Nah",
        "no witnesses",
        "no one saw it",
        "nobody",
        "idk tbh",
        "NO",
    ],
)
def test_skipped_answers(answer):
    assert is_skip_answer(answer)


@pytest.mark.parametrize(
    "answer",
    [
        "a tall man in a black hoodie",
        "no, my neighbour at number 4 saw it all",
        "ring doorbell footage",
        "Norman from next door",
    ],
)
def test_real_answers_are_not_skips(answer):
    assert not is_skip_answer(answer)


@pytest.mark.parametrize(
    "answer, expected",
    [
        ("yes", True),
        ("YES", True),
        ("yep", True),
        ("y", True),
        ("Yeah I am", True),
        ("yess", True),
        ("ok", True),
        (True, True),
        ("no", False),
        ("nah", False),
        ("n", False),
        ("NOPE", False),
        ("noo", False),
        ("not really", False),
        (False, False),
        ("not sure", None),
        ("dunno", None),
        ("yes and no", None),
        ("the blue car", None),
        ("", None),
    ],
)
def test_yes_no(answer, expected):
    assert parse_yes_no(answer) is expected


@pytest.mark.parametrize(
    "answer, pounds",
    [
        ("about 300 quid", 300),
        ("£1.2k", 1200),
        ("1,500", 1500),
        ("a tenner", 10),
        ("couple of fivers", 10),
        ("2 grand", 2000),
        ("a grand maybe", 1000),
        ("£50.99", 51),
        ("£ 75", 75),
        ("about a hundred quid", 100),
        ("couple of hundred", 200),
        ("phone worth 250", 250),
        ("300-400", 300),
        ("bought it 2 years ago for £400", 400),
        ("0", 0),
    ],
)
def test_money_is_whole_pounds(answer, pounds):
    assert parse_money(answer) == pounds


@pytest.mark.parametrize(
    "answer", ["dunno", "loads", "07700900123", "one phone", "a lot of money"]
)
def test_answers_without_an_amount(answer):
    assert parse_money(answer) is None


@pytest.mark.parametrize(
    "answer, name",
    [
        ("my name is jo bloggs", "Jo Bloggs"),
        ("JO BLOGGS", "Jo Bloggs"),
        ("Jo McDonald", "Jo McDonald"),
        ("sean o'neil", "Sean O'Neil"),
        ("Sean O’Neil", "Sean O'Neil"),
        ("I'm Mary-Jane Smith-Jones thanks", "Mary-Jane Smith-Jones"),
        ("name: Ali Khan.", "Ali Khan"),
        ("its priya patel", "Priya Patel"),
        ("hi, my names zoë brontë", "Zoë Brontë"),
    ],
)
def test_names_are_tidied(answer, name):
    assert parse_name(answer) == name


@pytest.mark.parametrize(
    "answer",
    [
        "jo",
        "jo123 bloggs",
        "jo@example.com",
        "",
        "why do you need that",
        "id rather not say",
    ],
)
def test_answers_that_are_not_a_full_name(answer):
    assert parse_name(answer) is None


@pytest.mark.parametrize(
    "answer, method",
    [
        ("phone call", "phone"),
        ("ring me", "phone"),
        ("Text message", "text"),
        ("txt pls", "text"),
        ("SMS", "text"),
        ("Email", "email"),
        ("e-mail me", "email"),
        ("don't call, text me", "text"),
        ("not by phone, email please", "email"),
        ("by text or phone", "text"),
    ],
)
def test_contact_method(answer, method):
    assert parse_contact_method(answer) == method


@pytest.mark.parametrize("answer", ["either", "whatever", "dunno"])
def test_no_contact_method(answer):
    assert parse_contact_method(answer) is None


@pytest.mark.parametrize(
    "answer, email",
    [
        ("Jo.Bloggs@Example.COM", "jo.bloggs@example.com"),
        ("its jo+police@mail.co.uk thanks", "jo+police@mail.co.uk"),
    ],
)
def test_emails_are_lower_cased(answer, email):
    assert parse_email(answer) == email


@pytest.mark.parametrize("answer", ["jo at example dot com", "jo@", "dunno"])
def test_not_an_email(answer):
    assert parse_email(answer) is None


@pytest.mark.parametrize(
    "answer, phone",
    [
        ("+44 7700 900 123", "+447700900123"),
        ("07700 900123", "+447700900123"),
        ("07700-900-123", "+447700900123"),
        ("my number is 0113 496 0000", "+441134960000"),
        ("call me on +447700900123 after 5", "+447700900123"),
        ("0044 7700 900123", "+447700900123"),
    ],
)
def test_uk_numbers_become_e164(answer, phone):
    assert parse_phone(answer) == phone


@pytest.mark.parametrize("answer", ["12345", "999", "+1 212 555 0100", "no phone"])
def test_not_a_uk_number(answer):
    assert parse_phone(answer) is None


@pytest.mark.parametrize(
    "answer, postcode",
    [
        ("sw1a1aa", "SW1A 1AA"),
        ("outside tesco SW1A 1AA", "SW1A 1AA"),
        ("LS6 2AB near the park", "LS6 2AB"),
        ("the high street", None),
    ],
)
def test_postcodes_are_written_the_royal_mail_way(answer, postcode):
    assert parse_postcode(answer) == postcode


@pytest.mark.parametrize(
    "answer, invalid",
    [("qq1 1aa", True), ("sw1a 1ck", True), ("sw1a1aa", False), ("high st", False)],
)
def test_postcode_shaped_typos_are_spotted(answer, invalid):
    assert has_invalid_postcode(answer) is invalid


@pytest.mark.parametrize(
    "answer, registration",
    [
        ("ab12cde", "AB12 CDE"),
        ("it was AB12 CDE i think", "AB12 CDE"),
        ("a123 bcd", "A123BCD"),
        ("K1NGS", "K1NGS"),
        ("ab12", "AB12"),
    ],
)
def test_registrations(answer, registration):
    assert parse_registration(answer) == registration


@pytest.mark.parametrize("answer", ["the blue one", "dunno", "a van"])
def test_not_a_registration(answer):
    assert parse_registration(answer) is None


@pytest.mark.parametrize(
    "answer, level",
    [
        ("no one was hurt", "none"),
        ("no", "none"),
        ("not hurt", "none"),
        ("I'm fine", "none"),
        ("minor injury", "minor"),
        ("just a few bruises", "minor"),
        ("not seriously hurt", "minor"),
        ("no broken bones just bruises", "minor"),
        ("serious injury", "serious"),
        ("went to A&E", "serious"),
        ("BROKEN ARM", "serious"),
        ("he got stabbed", "serious"),
    ],
)
def test_injury_levels(answer, level):
    assert parse_injury(answer) == level


def test_unknown_injury():
    assert parse_injury("dunno") is None
