import pytest

from bot.references import is_reference, make_reference, six_random_digits


def test_references_are_the_year_and_six_digits():
    assert make_reference(2026, "004207") == "CR-2026-004207"
    assert is_reference("CR-2026-004207")
    for not_a_reference in ("CR-2026-4207", "cr-2026-004207", "CR-26-004207", ""):
        assert not is_reference(not_a_reference)


def test_random_digits_keep_their_leading_zeros():
    draws = {six_random_digits() for _ in range(200)}
    assert all(len(draw) == 6 and draw.isdigit() for draw in draws)
    assert len(draws) > 190


def test_a_malformed_reference_is_never_made():
    with pytest.raises(ValueError):
        make_reference(2026, "12345")
