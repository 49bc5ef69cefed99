import pytest

from channels.text_split import split_text, utf16_length


def test_a_short_text_is_one_piece():
    assert split_text("  Call 999 now.  ", 4096) == ["Call 999 now."]


def test_nothing_to_say_is_no_piece():
    assert split_text(" \n\n ", 4096) == []


def test_paragraphs_are_packed_and_split_between_paragraphs():
    paragraphs = ["a" * 40, "b" * 40, "c" * 40]
    pieces = split_text("\n\n".join(paragraphs), 90)
    assert pieces == ["\n\n".join(paragraphs[:2]), paragraphs[2]]


def test_a_long_paragraph_is_split_at_a_sentence_end():
    text = "The first sentence is here. " * 3 + "And the last one."
    pieces = split_text(text, 60)
    assert all(len(piece) <= 60 for piece in pieces)
    assert pieces[0] == "The first sentence is here. The first sentence is here."
    assert " ".join(pieces) == text


def test_a_question_mark_ends_a_sentence_too():
    assert split_text("Is anyone hurt? " + "x" * 20, 30) == [
        "Is anyone hurt?",
        "x" * 20,
    ]


def test_without_sentences_the_cut_is_between_words():
    text = " ".join(["word"] * 30)
    pieces = split_text(text, 22)
    assert all(len(piece) <= 22 and not piece.startswith(" ") for piece in pieces)
    assert " ".join(pieces) == text


def test_a_break_early_in_the_piece_is_passed_over_for_a_later_one():
    text = "Hi.\n\n" + " ".join(["word"] * 20)
    assert split_text(text, 50)[0].startswith("Hi.\n\nword word")


def test_one_endless_word_is_cut_where_it_must_be():
    assert split_text("x" * 25, 10) == ["x" * 10, "x" * 10, "x" * 5]


@pytest.mark.parametrize(
    ("text", "length"), [("abc", 3), ("£é", 2), ("🚓", 2), ("999 🚓🚓", 8)]
)
def test_utf16_length_counts_as_telegram_does(text, length):
    assert utf16_length(text) == length


def test_the_limit_holds_in_utf16_units():
    text = "🚓" * 10
    pieces = split_text(text, 7, utf16_length)
    assert [utf16_length(piece) for piece in pieces] == [6, 6, 6, 2]
    assert "".join(pieces) == text
