from channels.telegram_buttons import callback_data, keyboard, pressed_button

YES_NO = [{"title": "Yes", "payload": "/affirm"}, {"title": "No", "payload": "/deny"}]
INJURY = [
    {"title": "No one was hurt", "payload": "no one was hurt"},
    {"title": "Minor injury", "payload": "minor injury"},
    {"title": "Serious injury", "payload": "serious injury"},
]


def test_each_button_is_a_row_whose_data_names_only_its_place():
    rows = keyboard(INJURY).inline_keyboard
    assert [[button.text for button in row] for row in rows] == [
        ["No one was hurt"],
        ["Minor injury"],
        ["Serious injury"],
    ]
    for index, [button] in enumerate(rows):
        assert button.callback_data == callback_data(INJURY, index)
        assert button.callback_data.startswith("b:")
        assert button.callback_data.endswith(f":{index}")
        assert (
            "hurt" not in button.callback_data and "injury" not in button.callback_data
        )


def test_the_data_fits_in_telegrams_64_bytes_even_for_long_payloads():
    buttons = [{"title": "x" * 200, "payload": "/inform" + "y" * 500}] * 12
    assert all(len(callback_data(buttons, i).encode()) <= 64 for i in range(12))


def test_a_press_is_mapped_back_to_the_button_shown():
    assert pressed_button(callback_data(YES_NO, 1), YES_NO) == YES_NO[1]
    assert pressed_button(callback_data(INJURY, 0), INJURY)["payload"] == (
        "no one was hurt"
    )


def test_a_press_on_an_older_keyboard_with_other_buttons_is_stale():
    assert pressed_button(callback_data(INJURY, 0), YES_NO) is None
    assert pressed_button(callback_data(YES_NO, 0), []) is None


def test_the_same_buttons_reordered_are_another_keyboard():
    assert pressed_button(callback_data(YES_NO, 0), YES_NO[::-1]) is None


def test_unknown_or_forged_data_is_no_button():
    fingerprint = callback_data(YES_NO, 0).split(":")[1]
    for data in (
        "",
        "b",
        "b:",
        "/affirm",
        f"b:{fingerprint}",
        f"b:{fingerprint}:",
        f"b:{fingerprint}:2",
        f"b:{fingerprint}:-1",
        f"b:{fingerprint}:²",
        f"x:{fingerprint}:0",
        "b:00000000:0",
    ):
        assert pressed_button(data, YES_NO) is None, data


def test_a_button_without_a_title_shows_its_payload():
    [[button]] = keyboard([{"payload": "/stop"}]).inline_keyboard
    assert button.text == "/stop"
