import pytest

from bot.nlu.danger_now import DangerNowRules


@pytest.fixture(scope="module")
def rules():
    return DangerNowRules.load()


@pytest.mark.parametrize(
    "text",
    [
        "someone is breaking into my house right now",
        "theres a man in my garden with a knife",
        "HELP!!",
        "he's hitting her",
        "cant talk hes here",
        "im hiding in the bathroom",
        "my partner is threatening to kill me",
        "my friend has been stabbed and is bleeding loads",
        "someone's got a gun",
        "a man with a knife on the high street",
        "they\u2019re trying to get in the back door",
        "hes not breathing",
        "drunk driver swerving all over the road",
        "please hurry",
        "this is an emergency",
        "lads are nicking the quad bike from our barn, i can see them from upstairs",
        "my van is being stolen off the street as we speak",
        "a customer has a blade against my throat",
        "the bloke who mugged me last week is outside my door this minute",
        "theres smoke coming out of the flat upstairs and nobody answers",
        "i can hear gunshots down by the garages",
        "they've put my mate in the boot of a car",
        "a man just bundled a girl into a white van",
        "he wont let go of my daughter, hes pulling her down the street",
        "lads lobbing stones at the trains from the bridge atm",
        "my partner has locked me in the bedroom and taken my phone",
    ],
)
def test_danger_now_is_flagged(rules, text):
    assert rules.flags(text), text


@pytest.mark.parametrize(
    "text",
    [
        "I was punched outside a club last Saturday",
        "my house was burgled while we were away last week",
        "someone smashed my car window overnight",
        "how do I stop my catalytic converter being nicked",
        "i was threatened with a knife last month and want to report it",
        "left my bag on the bus",
        "how do i report a scam text",
        "hello, reporting a crime, nobody is in danger",
        "can you help me report a theft",
        "my bike was stolen from outside my flat",
        "a boy in my sons class keeps posing with a knife on snapchat",
        "my ex used to hit me, he's at work right now and i'm scared of tonight",
        "i'm not in danger right now but he controls everything i do",
        "how do i stop my car being stolen",
        "i put my bag in the boot and it got nicked",
        "i heard shots last night near the park",
        "my car was set on fire last week",
        "how do i stop my house catching fire",
        "kids were throwing stones at my window yesterday",
        "",
        "   ",
    ],
)
def test_finished_events_and_questions_are_left_to_the_classifier(rules, text):
    assert not rules.flags(text), text


def test_danger_that_continues_after_a_past_event_is_flagged(rules):
    assert rules.flags(
        "he stabbed my brother yesterday and he's still outside with the knife"
    )
