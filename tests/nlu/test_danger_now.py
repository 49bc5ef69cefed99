import pytest

from bot.nlu.danger_now import DangerNowRules, _expand


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


# Rule families added for danger described in everyday words. Each family has
# messages it must flag and near misses (same words, no danger now) it must not.
FAMILIES = {
    "violence as it unfolds": (
        [
            "hes beatin her up in the street",
            "a dad is punching his little boy in the car park",
            "lads just jumped my brother they're still kickin him",
            "the bouncers are stamping on a lad's head outside the club",
        ],
        [
            "my dog keeps attacking his toys, funny",
            "the kids next door keep kicking their ball into my garden",
            "my brother keeps hitting me up for money",
            "my little brother keeps punching me when we play fight",
        ],
    ),
    "someone inside": (
        [
            "Good evening. I am 79 and there is a young man in my back bedroom",
            "someones in the garage i can hear them moving stuff about",
            "i can here someone down stares and all the doors was locked",
            "theres someone in the back of my car, im pulled over on the A1",
        ],
        [
            "my son is in his room and won't come out, he's 15, is that normal",
            "theres a man at my door selling cleaning products, is he legit",
            "i keep hearing noises in my loft, probably mice",
        ],
    ),
    "trying to get in": (
        [
            "someone's trying my front door handle right now",
            "lads trying car doors all down our street, they're at number 20 now",
            "somebody is try to open my car and i am inside it",
            "theres a guy climbing in thru next doors window, they're on holiday",
        ],
        [
            "I'm trying to get a crime reference number for my insurance",
            "trying to get hold of the officer dealing with my case",
            "someone tried to break in last night, they didnt get in",
            "someone keeps trying my car door handles, caught it on cctv a few times",
        ],
    ),
    "weapons wielded or carried": (
        [
            "guy swinging a golf club at people outside the club",
            "theres blokes in balaclavas round the back of the shops with crowbars",
            "im not hurt but hes still outside the door with a hammer",
            "what should i do hes outside with a knife",
        ],
        [
            "is a steering lock worth getting",
            "found a knife in my sons bag, what should i do",
            "bought a knife set online and it hasn't arrived, is that fraud",
            "got a BB gun for my birthday can I use it in the garden",
        ],
    ),
    "someone hurt now": (
        [
            "my dad's been punched and is lying on the floor, he's not answering me",
            "man slumped over the wheel of a car with a gash on his head",
            "my friend she is not wake up, her boyfriend beat her and he still here",
            "man got shanked outside the station, hes on the floor",
            "Crash on the A38 near Bromsgrove, the driver isn't moving",
            "my nan's fallen in the kitchen and she is not responding",
        ],
        [
            "my mate's been unconscious drunk before, how much is too much",
            "I was hit by a car on my bike last month and the driver didn't stop",
            "my flatmate stabbed himself by accident cooking, he's at A&E",
            "the traffic isn't moving on the M6 again, is there a crash",
            "my son isn't moving out till he's 30 at this rate",
            "my mum is not moving to the care home, she wants to stay put",
        ],
    ),
    "threats to life and fire": (
        [
            "he says he's going to burn the house down with us in it",
            "they keep saying theyre going to do me in, they're banging on the door",
            "there is a fire in the building and my neighbour he cannot get out",
            "my partner is holding a knife and saying he'll do us all",
        ],
        [
            "my gran will kill me if she finds out I lost her keys",
            "this traffic is killing me",
            "my phone is on fire today with notifications",
            "my ex threatened to kill me in a voicemail, what can i do",
            "my landlord is threatening to kick me out",
        ],
    ),
    "children and vulnerable people": (
        [
            "toddler wandering on the dual carriageway on his own",
            "baby locked in a car in the sun at Tesco car park, its screaming",
            "my 4 year old has gone missing in the shopping centre",
            "my grandad has wandered off in his pyjamas and it's freezing, dementia",
            "a man is exposing himself to kids at the park",
        ],
        [
            "my son plays with toy guns, is that ok in public",
            "kids playing football in the road outside my house every day",
            "i lost my dog in the park",
        ],
    ),
    "suicide now": (
        [
            "man standing on the wrong side of the railings on the flyover",
            "my brother's locked himself in the garage with the car engine running",
            "mate has a rope and says hes doing it tonight",
            "he's got my baby and wont give her back, hes screaming hes gonna jump",
        ],
        [
            "my teenage son has been saying he wants to die and i dont know what to do",
            "i was thinking about jumping off a bridge last year but i'm better now",
            "my mate keeps saying she wants to end it, since her mum passed",
        ],
    ),
    "dangerous driving now": (
        [
            "a car is going the wrong way down the M6",
            "guy is absolutely hammered and just got in his car, hes driving off now",
            "my husband's got our kids in the car and he's drunk",
            "someone's just run a cyclist over on purpose and is reversing back at him",
        ],
        [
            "is a drunk driver an emergency",
            "my drunk neighbour drove home last night, should i report it",
            "a car nearly hit me on the zebra crossing this morning, got the plate",
        ],
    ),
    "panicked fragments": (
        ["hes here", "pls come hes back", "EX IS HERE HELP", "SOS", "999 999 please"],
        ["hello", "is this a real person", "please", "hi there, can you help me"],
    ),
    "taken or held": (
        [
            "a woman's being dragged into a car by two men on Station Road",
            "two men have got my son in the back of a van",
            "a man just tried to snatch my baby out of the pram",
            "they've tied my dad up and they're searching the house",
            "uber driver has gone off route and won't stop",
        ],
        [
            "my ex has got my kids and won't bring them back, it's my weekend",
            "someone dragged my bin into the road again",
            "my cousin is being forced to marry a man back home in the summer",
        ],
    ),
    "someone armed where the writer is, however it is worded": (
        [
            "i want to report a man with a knife outside",
            "can i report some lads carrying machetes in the street",
            "reporting a guy holding a machete at my door",
        ],
        [
            "i want to report a man with a knife outside the pub last week",
            "there was a man with a knife outside the shop yesterday",
            "some lads with a bat were at my door earlier, theyve gone",
        ],
    ),
    "minutes ago is now, not the past": (
        [
            "a lad grabbed my arm five minutes ago and is still following me",
            "my nan has dementia and went out 15 mins ago, we cant find her",
        ],
        [
            "a lad grabbed my arm two weeks ago and I want to report it",
            "my nan with dementia went missing years ago, she was found safe",
        ],
    ),
    "an overdose taken": (
        [
            "my brother has swallowed a whole box of his sleeping pills",
            "she took all of her antidepressants half an hour ago",
            "i have taken 30 paracetamol",
        ],
        [
            "i took too many tablets last year and ended up in hospital",
            "i took 2 paracetamol for my headache",
            "my dad has taken all his tablets today as prescribed",
        ],
    ),
    "someone barred or violent at the door": (
        [
            "the guy who attacked me in june is outside my flat",
            "he has a restraining order but hes at the door now",
        ],
        [
            "the man who attacked me in june has been charged",
            "he has a restraining order and he messaged me on facebook",
        ],
    ),
    "hurt this minute": (
        [
            "my husband has just punched me in the face",
            "a group are booting a lads head in by the bus station",
            "come quick my flatmate found her boyfriend hanging in the bedroom",
            "stop youre hurting me is all i can hear through the wall",
        ],
        [
            "my mate just hit me up about a party",
            "i was hit by my ex last month and want to report it",
        ],
    ),
    "held, trapped or about to fall": (
        [
            "im being held in a flat and they took my phone",
            "a lad on the edge of the multi storey roof swaying and crying",
            "a man is staggering into the traffic on the ring road",
            "a toddler wandering along the middle of the a34 on his own",
            "someone has pushed a man onto the tracks",
            "a child fell through the ice on the boating lake",
        ],
        [
            "im being kept in hospital overnight for tests",
            "i keep having thoughts about jumping off the bridge, not today though",
            "how do I teach my kids to be safe near the road",
        ],
    ),
    "happening as the writer types": (
        [
            "two men are loading lead off the church roof as i type this",
            "i can see torches moving about inside the closed pub across the road",
            "some bloke in my back garden trying the shed with a screwdriver",
            "a man has just poured petrol over a car with someone sleeping in it",
            "kids set a sofa alight against the flats, flames are at the windows",
            "my mate is steaming drunk and has just started the car up to drive home",
            "there are blokes tearing the safe out of the post office wall",
        ],
        [
            "someone in my house has been taking money from my purse",
            "who do i talk to about lead being stolen from church roofs",
            "someone ripped the cash machine out of the wall at the garage last night",
        ],
    ),
    "safeguarding, not danger now": (
        [
            "he wont let me out of the van, typing this so he doesnt notice",
            "bloke waving a knife about in the christmas market",
            "my dad wont let me leave the house, hes shouting with a belt",
        ],
        [
            "my aunt's husband won't let her leave the house, not seen her in months",
            "ive been cutting my arms again and dont know who to talk to",
            "my parents are forcing me to marry someone this summer",
            "my friend is being forced into sex work by her boyfriend",
            "which lock for my scooter so it doesnt get robbed outside college",
            "are video doorbells worth getting to put burglars off",
        ],
    ),
    "overdose and water, said plainly": (
        [
            "my girlfriend has taken an overdose and shes not making sense",
            "his lips are turning blue",
            "grandad's gone grey and sweaty, he took his heart tablets as prescribed",
            "my cousin is out in the river and cant get back to the bank",
        ],
        [
            "i took an overdose last year and still think about it",
            "ive got no one and i keep thinking about taking an overdose",
            "is it safe to swim in the sea at Whitby",
        ],
    ),
    "ongoing or habitual, not now": (
        [],
        [
            "moped gangs have been robbing people round here, what are you doing",
            "i think my nephew is being hit at home, he keeps having bruises",
            "i worry my brother is hitting mum when im not there",
            "my daughter's boyfriend hit her, she's staying with us now",
            "the lads who robbed me are going to court next month",
            "people keep trying car doors at night apparently",
        ],
    ),
    "a young child or vulnerable adult missing now": (
        [
            "ive lost my little girl in the Bullring, shes got a yellow coat on",
            "we were at the tills and my son's 5, turned round and he was gone",
            "my 3yo isnt with us anymore, we're at the beach by the pier",
            "grandad has alzheimers and has wandered off from the care home, "
            "its getting dark",
            "hes only 6 and hes run off at the fair, we cant find him",
            "busy festival, my daughter is four and she's disappeared from the "
            "tent, can't see her anywhere",
            "lost my granddaughter at the garden centre, shes 3",
            "boy aged 6 missing from the soft play on Mill Lane, red wellies",
        ],
        [
            "my 14 year old has gone missing since saturday, what do i do",
            "my little boy ran off at Legoland last summer, how do I stop it "
            "happening again",
            "my daughter's 7 and her tablet has gone missing at school",
            "my 5 year old wandered off in Tesco but a member of staff found "
            "him, all fine",
            "she's 5 minutes away and he's gone to the shop",
            "my son went missing for an hour a few weeks ago, he's 6",
        ],
    ),
    "heard or seen as it happens": (
        [
            "two lads out on the ice on the reservoir and it's cracking",
            "was on facetime with my sister when she screamed and the call went dead",
            "hes just tried my back door handle, i can see his shadow",
            "I can hear the man upstairs through the ceiling screaming at his "
            "wife and something smashing",
            "theres a kid shouting help from the flat above the chippy",
            "my ex is at the door again, he's on a restraining order",
            "they've snatched my little sister outside the Co-op",
            "we're locked in the boot of a car, it's moving",
            "my friend messaged goodbye and says she's at the top of the multi "
            "storey",
            "crash on the bypass, there's a man in the driver's seat who isn't "
            "moving",
            "the builder is still in mum's kitchen and has refused to leave",
            "a man has been walking behind me for the last ten minutes and he "
            "stops when i stop",
            "ok this sounds like a wind up lol but seriously theres a man trying "
            "to get in my window",
        ],
        [
            "is it safe to let the dog on the ice on the canal when its cracked",
            "my mum screamed at me down the phone and hung up, line went dead",
            "someone tried my car door handles last night",
            "got bottled at the Crown last Friday, still got the stitches in",
            "who can I talk to after being mugged, I'm not coping",
            "a lad at college is bragging that he did the ram raid at the Spar",
            "can you help me with my homework on the police",
            "my ex has taken my son to his mums for the weekend",
            "my suitcase is in the boot of the car, can I still get it checked",
            "my grandad said goodbye to the bridge club last year, he was 90",
            "my mates are gonna kill me lol",
            "my little brother was running behind me all the way to school",
        ],
    ),
    "danger now told after the background": (
        [
            "we split up last year and it got messy, anyway he's just kicked "
            "my front door in and he's shouting he'll kill me",
            "had a row with my brother earlier about money, now he's locked "
            "himself in the garage with the car engine running",
            "been trying to get the landlord to fix the back door for months, "
            "I can hear someone climbing in downstairs right as I'm typing this",
            "my car got broken into back in March and you lot were brilliant. "
            "There's a man trying to get into my back door with a screwdriver",
            "i usually walk the dog by the canal, there's a lad in the water "
            "shouting for help",
            "the kids next door are often noisy, but tonight I can hear a woman "
            "screaming and someone hitting her",
            "my sister has had a hard time since she lost her job in the summer, "
            "she's locked herself in the bathroom and says she's got a blade",
        ],
        [
            "someone was banging on my door saying he would stab me, that was "
            "last week and he's been arrested since",
            "I meant to ask, a man was waving a knife at the bus stop on Friday, "
            "should I report it?",
            "my brother-in-law hides a machete under his bed, he's not after "
            "anyone, I just thought you should know",
            "we had a burglar in the garden last year, sorry, I'm asking what's "
            "the best lock for a shed",
            "my dad usually gets aggressive when he drinks, he was shouting and "
            "throwing plates tonight, he's gone to bed now",
            "I got mugged walking home from the station in March. They caught the "
            "lad in the end. I wasn't physically hurt. But since then I feel sick "
            "every time I walk that way. I'm not in any danger now.",
            "I was knocked out outside a pub in town on the 3rd. The lad who did it "
            "got in a taxi and my mate took a photo of him, I want to press charges",
        ],
    ),
    "a distress call, a threat come to the door, a child not home": (
        [
            "SOS someone is following me down the canal path",
            "the man who attacked me last month is sat outside my house in his car",
            "the lad that threatened me is standing across the road from my house",
            "my 6 year old hasn't come back from the park and it's getting dark",
            "my son is 8 and he hasnt come home from school",
            "my friend says the men won't take her home and she doesn't know where",
        ],
        [
            "can you make an SOS call on an iphone without signal",
            "the man who attacked me last month was sentenced today",
            "my 7 year old came home from school upset, another kid hit him",
            "my son hasn't come home from uni for christmas this year",
            "my dad won't take me to football on saturdays",
        ],
    ),
    "self-harm, an overdose, damage and what-ifs told apart": (
        [
            "they're cutting the padlock off my shed right now",
            "she's just taken an overdose of her tablets",
            "he's back now and he's banging on the door",
            "if anyone is reading this can I get help, he has a knife to my throat",
            "if anybody sees this could we get the police, theres a man with a gun "
            "in the shop",
        ],
        [
            "if someone grabs my bag on the street should I just let go",
            "someone slashed both tyres on my car outside my house",
            "last year I took an overdose and I still think about it, I want to "
            "talk to someone",
            "my daughter keeps cutting her arms, she's not doing it right now but "
            "I'm worried",
            "I've got my accounts back now but the hacker threatened to post my "
            "photos",
        ],
    ),
    "danger now behind a routine opening ('I'd like to report ...')": (
        [
            "I want to report my scooter stolen, a lad is riding it off past me now",
            "I'd like to report vandalism, the man who did it is still kicking my "
            "fence",
            "I need to update my stalking report, he's just turned up outside my flat",
            "can I report a crash online? there's a woman trapped in her car",
            "reporting arson, the flames are going up the side of the house",
            "Ask for ANI",
            "can I ask for angela please",
            "I'd like to order a pepperoni pizza to 22 Mill Lane, as fast as you can",
        ],
        [
            "a lad was riding it away when I came out, it was gone by the time I got "
            "my shoes on",
            "the man who did it is still on the loose, any news",
            "I want to report a crash from this morning, nobody was trapped and the "
            "car is at the garage",
            "my stalking report says he turned up at my work last week, any update",
            "the fire last night spread to the fence before the brigade came",
            "what is the ask for ani scheme",
            "can you order me a pizza",
            "is there a pizza place that delivers to 3am in town",
            "can I speak to Angela Brown in the fraud team about my case",
        ],
    ),
    "a life at risk with no crime: pills, a goodbye, missing, a hot car": (
        [
            "my partner has swallowed 30 of his citalopram and won't talk to me",
            "she's taken a lot of her tramadol and her lips look funny",
            "my son just texted me 'by the time you read this I'll be gone'",
            "my sister sent me a message saying I won't have to deal with her any "
            "more and now her phone is off",
            "my 12 year old isn't back from football and it's dark, he always " "rings",
            "grandad's 88 and he's wandered off from the bungalow, it's freezing",
            "vulnerable adult has walked out of the care home in her slippers",
            "there's a toddler in a car in the Asda car park and it's boiling, "
            "nobody's come back",
            "a dog in a black van on the high street, panting like mad and not "
            "moving much",
            "my uncle's collapsed in the kitchen and there's blood coming from "
            "his head",
            "can see flames coming from the flat above the chemist",
            "my son has cut his wrist really deep and the blood won't stop",
            "i cut myself and i cant stop the bleeding",
        ],
        [
            "last year my brother took 20 of his sertraline, he's doing better "
            "now, where can he get support",
            "my nan says she'd kill herself if they put her in a home, she's "
            "said it before",
            "my 11 year old got home late from school yesterday and I want to "
            "talk to him about safety",
            "my elderly dad paid a roofer upfront and he never came back",
            "my mum lost her purse at the market and she's 84",
            "what should I do if I see a dog in a hot car",
            "the building's collapsed in the film and everyone dies lol",
        ],
    ),
    "talk about danger, not danger now": (
        [
            "he's got a gun in the house and he's pointing it at my mum",
            "lads just knocked a kid off his bike and rode off, the kid's lying in "
            "the road",
            "someone's poured petrol through our letterbox and ran off, we're "
            "inside",
            "following up my report about my ex, he's outside my window with a "
            "bat right now",
            "I've got a crime number from last month but the man who stabbed "
            "me is in my garden now",
        ],
        [
            "any update on the stabbing I reported last week, reference "
            "CR-2026-004512",
            "has my statement about the gun attack gone to the officer yet",
            "it wasn't a real gun in the end, it was a toy",
            "no he doesn't have a knife as far as I know",
            "my boss is going to murder me for forgetting the keys",
            "my sister will kill me, I broke her straighteners",
            "I recognised the lad who stabbed that man in town, he's in my class",
            "someone stole my set of kitchen knives from the van",
            "the fire's out now and everyone is safe",
            "my son was knocked unconscious at rugby on Saturday, he's recovering",
            "the neighbours have an action film on full blast, sounds like a war",
            "no, I'm not going to hurt myself",
            "I've got info on the stabbing at the fair, the blade was chucked in "
            "a bin on Mill Road",
            "my flatmate keeps robbing me food out the fridge, can you have a word",
            "a man from the gym keeps turning up outside my flat, what counts as "
            "stalking",
            "is there help for children whose dad has been shot",
            "my neighbour's lad has got a shotgun in his loft, no licence",
            "there's a clip going round of a lad with a machete in the park",
            "the man wanted for the stabbing is lying low at his cousin's",
            "my partner's car tyres got slashed again outside our flat",
            "lads robbing cars every nite on our road, what can be done",
            "someone broke in while we was at the match, nobody's here now",
            "I've been getting threatening texts off my ex, I'm staying at my mum's",
            "my sister's husband won't let her out on her own and keeps her "
            "passport",
            "got jumped on the way home, sore but ok, they took my phone",
        ],
    ),
    "danger told after a question, a report or a tip": (
        [
            "how do i report a crash? car's upside down on the A614 and "
            "someone's still inside",
            "can you give me the 101 number? my brother's got a knife and he's "
            "saying he'll use it on my mum",
            "is it worth letting someone know the old mill on Bridge Street is "
            "on fire? people sleep rough in there most nights",
            "just wondering how long before someone counts as missing, my dad's "
            "86 with dementia and went out in the snow an hour ago",
            "how do I register my son as missing? he's suicidal and went off "
            "without his phone three hours ago",
            "my husband is type 1 and he's gone after a row without his insulin, "
            "it's been 5 hours and he said he doesn't want to live",
            "I want to report a theft, the man is in my gran's kitchen now "
            "making her hand over her bank cards",
        ],
        [
            "my sister has taken an overdose before and says she'll do it again "
            "if he leaves",
            "I reported my van stolen last week, ref CR-2026-001234, any update? "
            "the insurers keep chasing me",
            "my ex keeps a shotgun in his shed, he's not threatening anyone, "
            "just thought you should know",
            "our shop got ram raided at 4am, the shutters are wrecked",
            "the lad who robbed the bookies is stopping at his nan's on Oak Road",
            "my partner says he'll kill me when he's drunk but I'm not in danger "
            "now, he's at work",
            "got a text saying my daughter's been kidnapped and I need to pay, "
            "she's sat next to me, is this a known scam",
            "my boss is gonna kill me, i've locked my keys in the car again",
            "a man at the market sells vodka to kids and knives from under the "
            "counter",
            "my friend was stabbed a month ago, he's still recovering in " "hospital",
            "my flatmate has an eating disorder, she's in her room now, how do I "
            "help her",
            "my son's friend says his dad hits him, he's at ours for his tea",
            "can you recommend a knife sharpener",
            "I gave a statement about the stabbing at the fair, has anything "
            "happened?",
            "my ex kept threatening to burn my flat down in texts last month",
        ],
    ),
    "a worry that says where the person is now": (
        [
            "my ex is on facetime with a knife to his wrist saying he's doing "
            "it now, he's at his mum's",
            "she's at school now but her dad has just turned up there with a " "knife",
        ],
        [
            "my sister's husband threatens to take the kids abroad, he's not "
            "doing anything right now",
            "the lad next door always has a knife on him, nothing's happening "
            "at the moment",
            "I worry about the little boy over the road, his mum screams at "
            "him, he's at school now",
            "ive been thinking about overdosing but i havent got anything in "
            "and im at my nans tonight",
            "just checking on the report i made about the knifepoint robbery",
            "has the fire investigation on my car come back yet",
            "every time we argue he says he'll kill himself, he's gone to his "
            "brother's",
        ],
    ),
    "danger inside the home, told plainly": (
        [
            "he's turned the gas rings on without lighting them and says we're "
            "all going together",
            "my stepdad has poured petrol all over the hall carpet, we're " "upstairs",
            "she's holding the baby over the banister screaming she'll drop him",
            "he's locked the door from the outside and taken my phone, I'm on "
            "the laptop",
            "he just pushed my head under the bath water, I got away to the " "bedroom",
            "came to read the meter and there's a man hanging in the garage",
            "my nan fell in the kitchen hours ago and can't get up, she's 88",
            "a sheep farmer's lad is stuck in the mud by the estuary and he's "
            "sinking",
            "the canal boat next to ours is taking on water and the old man "
            "can't get off",
            "a car has just run over my brother in the car park and driven off",
        ],
        [
            "I'd like to report a drive-off at the petrol station on Tuesday",
            "a pupil has just told me she gets hit at home by her stepdad, "
            "she's in class with me",
            "I've left him and he doesn't know where I am, can I get a "
            "non-molestation order",
            "I gave a statement about the fight at the pub, do they still need "
            "me for court",
            "my mate said he was going to end it but he's messaged saying he's "
            "fine and at work",
            "our coats are hanging in the hall and someone nicked one at the " "party",
            "my mum had a fall last year and still can't get up the stairs " "easily",
        ],
    ),
    "worrying words in an ordinary week": (
        [
            "he's started hitting me again right now and won't stop",
            "a man on the bus keeps touching the girl next to him and she's " "crying",
            "my friend wants to kill herself, she's at home with her mum and "
            "has a knife to her arm",
        ],
        [
            "someone shot our dog with an air rifle yesterday, the vet took the "
            "pellet out",
            "I saw a man hide a knife in a hedge on Mill Lane, not sure if it's "
            "still there",
            "anonymous letters keep coming through my door saying they'll burn "
            "the house down",
            "my friend says she wants to kill herself, she's at home with her " "mum",
            "a lad in my class posted that he's going to kill himself, he's in "
            "school today and seems fine",
            "my elderly neighbour is living in squalor and won't let anyone "
            "help her",
            "want to know if my harassment report is being looked at",
        ],
    ),
    "found during an ordinary day": (
        [
            "emptying the bins at work and a black bag by the skip is moving "
            "and crying",
            "I can hear knocking coming from inside a wardrobe someone dumped "
            "in the skip",
            "walking the dog and I heard a baby crying inside a sports bag in "
            "the bushes",
            "a man just shoved a lad in the boot of a blue Corsa on Park Road",
            "there's a toddler in a nappy walking down the slip road on his own",
            "a man at the cash point is pouring lighter fluid over himself",
            "found my neighbour in her hallway, I don't think she's breathing",
            "the lad in the bus shelter has gone blue and I can't wake him",
            "her ex is on his way round now and says he'll break her legs",
            "I can hear a woman next door shouting for help and then nothing",
            "he says he's going to go home and hang himself tonight",
        ],
        [
            "the teenagers over the road threw eggs at my car again, they've "
            "gone in now",
            "this queue at the council office is killing me",
            "got a text saying my parcel is being held and I have to pay a fee, "
            "is it real",
            "my sister's partner is controlling, where can I point her for " "support?",
            "my friend is being followed home by her ex, what should she do to "
            "keep a record of it?",
            "is a doorbell camera worth having or do burglars ignore them",
            "someone's bringing a knife to the leavers' party next Saturday, "
            "my son heard",
            "it's been going on for 3 months and he says he's watching me",
            "he was remanded for attacking me, is he still in prison?",
            "the car park smelled so bad you could cut the air with a knife",
            "a man I used to work with assaulted me years ago and I'm ready to "
            "talk about it now",
            "I'm 15 and my dad hits me, I'm at school now so I'm fine",
            "my flatmate says she'll end it after her exams, not now",
            "I don't want to hurt myself right now but the thoughts won't stop",
            "there's a man in the flat below who I think is being kept there",
        ],
    ),
    "safe this minute, at the line": (
        [
            "my brother says he'll stab me if I don't hand over my card and "
            "he's in the kitchen now",
            "a man followed me in when I came back from the shops and he's "
            "standing in my hall",
            "she's locked in the loft and he's downstairs with his shotgun",
            "the man from the last 3 nights is outside staring at my window "
            "again and now he's coming up the path",
            "there's a woman lying in the road on the bend and cars keep coming "
            "round",
            "my 12 year old is downstairs with a knife to his wrist",
        ],
        [
            "my stepdad batters my mum when he's had a drink, he's at the pub " "now",
            "her ex says he'll stab her if she doesn't pay him, he's not here " "now",
            "he used to hit me as a kid and I don't know if he still does it",
            "the lad next door gets kicked about by his brother, not right now, "
            "it was last night",
            "I feel like I want to hurt myself but I know I won't",
            "I just want to sleep and not wake up, I haven't taken anything",
            "my mum keeps saying she doesn't want to be here, she's in bed "
            "watching telly",
            "I thought about stepping in front of a bus but I didn't, I'm home",
            "a man threatened to burn my shop down on Tuesday, nothing's "
            "happened since",
            "heard what sounded like shots in the woods at midnight, nothing " "since",
            "someone's been trying car doors on our road the last few nights, "
            "I've got footage",
            "my van was broken into on the drive and the tools are gone",
            "he keeps texting that he'll come round and sort me out",
            "my daughter came back from her dad's saying he throws things at "
            "her nan",
            "what would you need from me if I ever had to report my grandad " "missing",
            "my sister says a nurse on her ward has been touching her, she's "
            "safe right now",
            "I've started cutting again but it's under control tonight",
            "controlling husband, checks my phone every night, he's never hit me",
            "my flatmate threatened to punch me but it's calmed down now",
            "is a man shouting outside a pub something I should call 999 about",
            "my cousin says her stepdad hits her, she's at my nan's for the week "
            "so she's ok for now",
            "my son's being sent nasty pictures and says he wants to die, he's "
            "upstairs with his dad now",
            "I hear smacks through the wall at night, it's morning now and "
            "they've gone to school",
        ],
    ),
    "at the edge, with the means": (
        [
            "my uncle texted thanks for everything, he won't be back, and he's "
            "taken the rope from the garage",
            "sat in the bathroom with razor blades and today is the day",
            "been thinking about it the whole drive up, I'm stood at the edge now",
            "my 7 year old set off to walk home from school 40 minutes ago and "
            "she's not home",
        ],
        [
            "I think tonight's the night he finally proposes",
            "my ex left an hour ago and he's not here now thank god",
            "my 16 year old left for his mate's at 7 and he's not back, he "
            "always forgets to text",
            "I keep thinking about it since the break-in, the back fence is "
            "right on the edge of the woods",
        ],
    ),
}


@pytest.mark.parametrize(
    "family,text",
    [(family, text) for family, (flag, _) in FAMILIES.items() for text in flag],
)
def test_rule_family_flags_danger_now(rules, family, text):
    assert rules.flags(text), f"{family}: {text}"


@pytest.mark.parametrize(
    "family,text",
    [(family, text) for family, (_, keep) in FAMILIES.items() for text in keep],
)
def test_rule_family_leaves_near_misses_to_the_classifier(rules, family, text):
    assert not rules.flags(text), f"{family}: {rules.matches(text)} {text}"


@pytest.mark.parametrize(
    "text",
    [
        "what should I do if I'm being followed",
        "should i intervene if i see someone being attacked",
        "i'm writing a crime novel, what happens when someone gets stabbed",
        "i'm going to kill my brother he ate my chocolate lol",
        "saw on the news there was a shooting in london",
        "if i see someone with a knife do i call 999",
        "is drink driving a 999 call or 101",
    ],
)
def test_questions_fiction_and_jokes_are_exempt(rules, text):
    assert not rules.flags(text), text


@pytest.mark.parametrize(
    "text",
    [
        "is this an emergency? there's a man in my house right now",
        "the lads from last week are back and they're throwing stones at my windows",
        "my ex who hit me last year is outside my work waiting for me now",
        "my sister left him months ago, hes just found the address and hes outside "
        "now trying the windows",
        "he had his hands round my neck, he's just gone in the kitchen and I think "
        "he's coming back",
    ],
)
def test_danger_that_is_still_present_outweighs_questions_and_past_events(rules, text):
    assert rules.flags(text), text


@pytest.mark.parametrize(
    "text",
    [
        "the lads next door are fighting again, just shouting, nobody's getting hurt",
        "my teenage son punched a hole in his bedroom wall, he's calm now",
        "my mum's boyfriend hit my little brother last week, hes not here now but "
        "hes back tonight",
        "our house was broken into in the summer and my children are still scared",
        "A lad went for me with a bottle outside the club in the summer, they did "
        "him for it. I wasn't hurt, but I still get jumpy in crowds. I'm not in "
        "any danger now",
        "my partner hits me, he's away working this week so i'm ok for now, "
        "but i don't know how to get out",
        "on wednesday my son was jumped by three lads, they punched and kicked "
        "him. he's at home with me now and safe",
        "my boyfriend threatened to hit me if i go out, nobody's threatening me "
        "right now, i just want advice",
        "i cut myself when it gets bad, i'm not hurting myself right now",
    ],
)
def test_safe_now_and_future_return_are_not_danger_now(rules, text):
    assert not rules.flags(text), text


def test_fragments_are_expanded_and_counts_left_alone():
    fragments = {"who": "(?:he|{pronoun})", "pronoun": "she"}
    assert _expand(r"\b{who} (?:\w+ ){0,3}here", fragments) == (
        r"\b(?:he|she) (?:\w+ ){0,3}here"
    )


def test_unknown_fragment_is_an_error():
    with pytest.raises(KeyError):
        _expand("{nobody_defined_this}", {})
