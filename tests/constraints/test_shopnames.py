"""The structural competitor rule: an unlisted shop named in a retail context fires
competitor_mention with the name as evidence; people, sentence openers, carriers, codes, this
shop's own name, mail addresses and shouted text do not."""

from __future__ import annotations

import pytest

from tollgate.constraints.schema import CompetitorContext, ConstraintSchema
from tollgate.constraints.shopnames import ShopContext, find_actor_name, find_shop_name
from tollgate.constraints.triggers import detect_triggers
from tollgate.textsafety.confusables import fold_confusables

UNLISTED_SHOP = [
    ("Quillfield Stationers has the fountain pen in stock.", "Quillfield Stationers"),
    ("Why is the tent cheaper at Brackenby Outdoor?", "Brackenby Outdoor"),
    ("I'll just order the lamp from Lumora instead.", "Lumora"),
    ("Pellow's price for the kettle is a tenner lower.", "Pellow"),
    ("Corvane offers free delivery on the same fridge.", "Corvane"),
    ("I'm taking my business to Hartwell & Vane.", "Hartwell & Vane"),
    ("Your blender costs more than at Mixwell, and it's the same model.", "Mixwell"),
    ("Last week I popped into Farrow Home and they had it.", "Farrow Home"),
    ("Is this the same rug as the one at Knotley?", "Knotley"),
    # round 6: possession / availability / delivery verbs without a retail completion
    ("Dunmore has the wellies in a size 6.", "Dunmore"),
    ("Pickerell can get me the sander by Thursday.", "Pickerell"),
    ("Galloway Books got the atlas to me in a day.", "Galloway Books"),
    ("Tamsin & Rowe let me reserve the boots online.", "Tamsin & Rowe"),
    ("Is the coat the same as the Ashcombe one?", "Ashcombe"),
    ("Brindle's toaster is half what you charge.", "Brindle"),
    # round 7: "X do the …", "X delivered / gift-wrapped / will cut …", a lower-case web address
    ("Hollins do the raincoat in a mustard yellow too.", "Hollins"),
    ("Bramwell Audio delivered my speakers on a Sunday.", "Bramwell Audio"),
    ("Ferrow & Pike gift-wrapped mine for nothing.", "Ferrow & Pike"),
    ("Oldcastle will cut the worktop to size for me.", "Oldcastle"),
    ("I got the same blender from mixmart.co.uk for less.", "mixmart.co.uk"),
    # round 11: "still available at X", "…? X does.", "X will … for free"
    ("The rug you dropped is still available at Tollard Rugs.", "Tollard Rugs"),
    ("Do you deliver on Sundays? Wrenmoor Flowers does.", "Wrenmoor Flowers"),
    ("Bassett Tailors will shorten the sleeves for free.", "Bassett Tailors"),
    # round 15: a noun or adjective opening a sentence may still be a shop
    ("Boots has the same one cheaper.", "Boots"),
    ("Chewy delivers dog food on subscription, do you?", "Chewy"),
    # round 27: where the customer bought or went instead, named in passing
    ("Picked one up at Ashlar & Finch for less.", "Ashlar & Finch"),
    ("Our club usually buys from Gullwing Badminton.", "Gullwing Badminton"),
    ("I only came here because Treetop Rigging was sold out.", "Treetop Rigging"),
    ("Sallowby Books has a much better range of atlases.", "Sallowby Books"),
    # round 28: French, German and Dutch; custom moved to a shop; a shop that beat this one; an
    # item from a shop's clearance; a country's web address
    ("J'ai trouvé le même stylo chez Papeterie Lemoine.", "Papeterie Lemoine"),
    ("Bei Holzwerk Braun kostet der Hobel zehn Euro weniger.", "Holzwerk Braun"),
    ("Bij Fietsenhuis Smit is het goedkoper.", "Fietsenhuis Smit"),
    ("We're moving the club's order to Ravenhill Sports next season.", "Ravenhill Sports"),
    ("Quillford beat you on price again.", "Quillford"),
    ("Found a better one in the Mossgate Outdoors clearance.", "Mossgate Outdoors"),
    ("The same bell was on radladen.de for less.", "radladen.de"),
    # round 29: Spanish and Malay, "the folks at", bought "through", "just go to", a site gone to
    ("En Casa Lopez el taladro cuesta menos.", "Casa Lopez"),
    ("Kedai Bintang jual yang sama.", "Kedai Bintang"),
    ("The folks at Marlow Outdoor have already called me back.", "Marlow Outdoor"),
    ("Our team gets its balls through Pitchside Supplies.", "Pitchside Supplies"),
    ("Should I just go to Holloway Books instead?", "Holloway Books"),
    ("No answer, so I went to reedandquill.com instead.", "reedandquill.com"),
    # round 30: a listing cited, stock shown, custom transferred, a shop to learn from, one found
    # at an emporium, a shop on the high street, one that never got it wrong
    ("The Hollin Tools listing says the case is included.", "Hollin Tools"),
    ("tidewrack.ie is showing 4 available.", "tidewrack.ie"),
    ("We have transferred our custom to Ashby Stationers.", "Ashby Stationers"),
    ("You could learn a thing or two from Pelham Books.", "Pelham Books"),
    ("Stumbled on a cheaper one at the Otterburn Emporium.", "Otterburn Emporium"),
    ("Corbett's on the high street had it for less.", "Corbett"),
    ("Wrenfield Yarns has never once got my order wrong.", "Wrenfield Yarns"),
    # round 31: a shop rung about its stock, "extra like at", custom "moved over to", a shop in a
    # town showing stock, "the X on the high street did"
    ("Rang Amberley Tools and they have three on the shelf.", "Amberley Tools"),
    ("Is the stand extra, like at Corran Music?", "Corran Music"),
    ("Moved over to Hatherley & Finch for all my spares.", "Hatherley & Finch"),
    ("Marlbank Pets in York are showing five available.", "Marlbank Pets"),
    ("The Saddle Loft on the high street did mine in a day.", "Saddle Loft"),
    # round 32: a service held against this one, a replacement from a shop, "X it is", a web shop
    # in a Spanish sentence
    ("Harwood Cycles fitted it for free. Is that something you offer?", "Harwood Cycles"),
    ("The replacement from Lindale Electrical works fine.", "Lindale Electrical"),
    ("Forget it. Marlow Crafts it is.", "Marlow Crafts"),
    ("en bicimundo.es me sale mas barato", "bicimundo.es"),
    # round 33: custom moved "over to" a shop, a trade that "all use" one, a web shop that "can
    # drop" an item off, a name after a shouted word's full stop
    ("She's moved all her sewing bits over to Threadwell Depot.", "Threadwell Depot"),
    ("The lads all use Carrick Trade Counter for boots.", "Carrick Trade Counter"),
    ("heat-hire.co.uk can drop them off tomorrow.", "heat-hire.co.uk"),
    ("Wrong size AGAIN. Pellow Music never once got that wrong.", "Pellow Music"),
]

NOT_A_SHOP = [
    "My brother Tobias has the receipt, can he return it?",
    "Jess from your team said she'd call me back about the refund.",
    "Someone has the wrong parcel, I got a box of socks.",
    "Royal Mail has the parcel according to tracking.",
    "I ordered it on Tuesday and it's still not here.",
    "Code SPRING15 gave me nothing off, why?",
    "PayPal has taken the money twice.",
    "Tollgate has the best kettles, I'm buying another one.",
    "I BOUGHT IT FROM YOUR SHOP AND IT BROKE, WHERE IS MY REFUND",
    "Is the sofa available in Charcoal Grey?",
    "Could you deliver to Leeds on Saturday?",
    "Dyson has a five-year warranty, does that apply if I buy it from you?",
    "Evri has the parcel but says it can't find my house.",
    "Have have a small charge on my account I don't recognise.",
    "My neighbour Imogen can get me the parcel if you leave it next door.",
    "Kieran delivered my parcel to the house next door.",
    "I got it from noreply@shopmail.com, is that you?",
    "Tollgate.com delivered my order a day early, thanks.",
    # a verb form or a pronoun opening a sentence (round 26)
    "Three catalogues this week. One is plenty. None is better.",
    "Thank you. Served two tours and dealt with plenty of paperwork, this was easy.",
    "Cannae get intae ma account, it's sayin ma email's no recognised.",  # Scots (round 27)
    # round 28: Pidgin "Abeg", "God bless", "chez Vous"; a web-like typo with an English ending
    "Abeg send me the tracking number.",
    "God bless, the parcel came in time.",
    "Je passerai chez Vous demain pour le colis.",
    "It arrived.it was broken though.",
    # round 29: a street named first, a place gone to
    "Please send it to the Jalan Bukit one, not the old address.",
    "I went to Leeds for the weekend, so deliver on Monday.",
    # round 30: "Allah bless", Bajan "Wunna" (you all) and "Everyting"
    "Thanks for the help, Allah bless you.",
    "Wunna got de kettle in red?",
    "Everyting come broke up.",
    # round 31: Trinidadian "Allyuh", a form's words
    "Allyuh have de charger in black?",
    "Unsubscribe link in the email does nothing.",
    # round 32: a brand in "or only the X ones", chat contractions, autocorrect
    "Do you sell the Tarlow drills or only the Venmark ones?",
    "Tryna order but the page keeps crashing.",
    "autocorrect got my street name wrong, sorry.",
    # round 33: a product's arrival or state, not a shop acting
    "thanks so much, kettlebell came today and it's perfect",
    "Box was soaked. Dehydrator seems fine though.",
]


@pytest.fixture(scope="module")
def context(shop: ConstraintSchema) -> ShopContext:
    return ShopContext.build(shop.competitor_context)


@pytest.mark.parametrize(("text", "name"), UNLISTED_SHOP)
def test_an_unlisted_shop_in_a_retail_context_is_found(
    text: str, name: str, context: ShopContext, shop: ConstraintSchema
) -> None:
    _found_as(find_shop_name(text, context), name, text, shop, "in a retail context")


def _found_as(
    found: tuple[str, str] | None, name: str, text: str, shop: ConstraintSchema, how: str
) -> None:
    """``found`` names ``name``, and the trigger's evidence says the same (``shop NAME how``)."""
    assert found is not None and found[0] == name, found
    hits = {h.name: h.evidence for h in detect_triggers(text, text, shop)}
    assert hits["competitor_mention"].startswith(f"shop {name} {how}")


@pytest.mark.parametrize("text", NOT_A_SHOP)
def test_people_openers_carriers_codes_and_own_name_are_not_shops(
    text: str, context: ShopContext
) -> None:
    assert find_shop_name(text, context) is None


def test_the_listed_name_wins_as_evidence(shop: ConstraintSchema) -> None:
    text = "Argos has the same kettle for less."
    hits = {h.name: h.evidence for h in detect_triggers(text, text, shop)}
    assert hits["competitor_mention"].startswith("competitor Argos")


def test_a_listed_shop_s_own_devices_are_products(shop: ConstraintSchema) -> None:
    """Round 15: "my Amazon Echo" names a device the customer owns (the pack's
    ``unless_followed_by``); buying from Amazon is still a competitor mention."""

    def fired(text: str) -> set[str]:
        return {h.name for h in detect_triggers(text, text, shop, None)}

    assert "competitor_mention" not in fired("My Amazon Echo won't pair with your smart plug.")
    assert "competitor_mention" in fired("I can get the same plug from Amazon for less.")


def test_a_pack_without_contexts_has_no_structural_rule() -> None:
    empty = ShopContext.build(CompetitorContext())
    assert find_shop_name("Corvane has it in stock.", empty) is None


def test_a_context_must_hold_one_shop_slot() -> None:
    with pytest.raises(ValueError, match="exactly once"):
        CompetitorContext(contexts=["cheaper at"])
    with pytest.raises(ValueError, match="exactly once"):
        CompetitorContext(contexts=["{shop} is cheaper than {site}"])
    with pytest.raises(ValueError, match="not a valid regular expression"):
        CompetitorContext(contexts=["cheaper at ({shop}"])
    # contexts read the accent-folded text: an accented letter could never match
    with pytest.raises(ValueError, match="accent-folded"):
        CompetitorContext(contexts=["{shop} es más barato"])
    # so do the word lists (round 30): "Kärcher" is read as "Karcher", so the list says "karcher"
    with pytest.raises(ValueError, match="accent-folded"):
        CompetitorContext(not_names=["kärcher"])
    ctx = ShopContext.build(CompetitorContext(contexts=["{shop} has"], not_names=["karcher"]))
    assert find_shop_name(fold_confusables("Kärcher has it."), ctx) is None
    assert find_shop_name(fold_confusables("Zwërgenland has it."), ctx) == (
        "Zwergenland",
        "Zwergenland has",
    )


def test_a_run_rejected_as_no_name_hides_neither_a_later_name_nor_itself() -> None:
    """Round 21: a context's matches may overlap. "The" matches first and is no name; the shop
    after it is still found. No word inside a rejected run is tried alone: "Castle Street" is an
    address, and "Street" is no shop."""
    ctx = ShopContext.build(
        CompetitorContext(contexts=[r"{shop}\b[^.?!\n]{0,60}?, yours \w+"], not_names=["the"])
    )
    text = "The doormat from Ludgate & Pike came with a rubber back, yours slides about."
    found = find_shop_name(text, ctx)
    assert found is not None and found[0] == "Ludgate & Pike"
    assert find_shop_name("My shop on Castle Street had one, yours is cheaper.", ctx) is None


def test_a_site_slot_holds_only_a_web_address() -> None:
    """Round 15: ``{site}`` names a shop only by its web address ("was on X.com in navy"),
    never a capitalised word ("was on Monday") nor an address in ``not_names`` (a carrier)."""
    ctx = ShopContext.build(
        CompetitorContext(contexts=[r"\bwas on {site}"], not_names=["royalmail"])
    )
    assert find_shop_name("The coat was on puddlepine.com in navy.", ctx) == (
        "puddlepine.com",
        "was on puddlepine.com",
    )
    assert find_shop_name("It was on Monday that Harrow Home emailed.", ctx) is None
    assert find_shop_name("The tracking was on royalmail.com all along.", ctx) is None
    assert find_shop_name("It was on mail@puddlepine.com, see below.", ctx) is None


# --- round 8: a name acting as the subject of a verb (shopnames.find_actor_name) ---

ACTING_SHOP = [
    ("Pelham Cameras threw in a spare strap with the body.", "Pelham Cameras"),
    ("Quorn & Daly sent me the hinge as a free spare.", "Quorn & Daly"),
    ("Trevanny make the cushion in a darker green.", "Trevanny"),
    ("Stoneleigh Garden price the hose reel lower than you.", "Stoneleigh Garden"),
    ("Beds for Less took the old frame away for nothing.", "Beds for Less"),
    ("Honestly, Marrowby gift-boxed the mug for me at the till.", "Marrowby"),
    ("Ashgrove often knocks a bit off if you ask.", "Ashgrove"),
    # round 9: a web address acting, a name typed in lower case opening the text
    ("harbourkit.co.uk replaced the strap in a day.", "harbourkit.co.uk"),
    ("quillmere books had the atlas last week, just saying", "quillmere books"),
    # a first name and a surname doing what shops do, or a firm joined by "&"
    ("Ivor Penhallow knocked a tenner off the chair.", "Ivor Penhallow"),
    ("Ivor & Penhallow repaired the strap while I waited.", "Ivor & Penhallow"),
    # round 23: a place between the name and its verb
    ("Footloose Cobblers on Castle Street had the brogues in an 11.", "Footloose Cobblers"),
    ("Reefside Aquatics in Leeds had the tank with the sump included.", "Reefside Aquatics"),
    # round 24: a name ending in a trade word acts with a verb that is also a noun, after a
    # modal, after "the" and a lower-case place; an adverb between the name and its verb
    ("Treloar Hardware post garden twine to the islands.", "Treloar Hardware"),
    ("How come Bramcote Market can post them to Orkney and you can't?", "Bramcote Market"),
    ("The Pennock & Sons near the station had six in stock.", "Pennock & Sons"),
    ("Halsey Supplies regularly post seed trays by the next day.", "Halsey Supplies"),
    # round 28: a lower-case name opening a clause after a comma or a connector
    ("no rush but tinderbox have the blue one in stock", "tinderbox"),
    ("bro wheelyard got my trucks to me in two days", "wheelyard"),
    ("not to be rude but quaymarket actually answer the phone", "quaymarket"),  # round 29
    ("omg brindlecraft do the same kit for less", "brindlecraft"),  # round 30
    ("ok, gearloft sent me the strap for free", "gearloft"),
    # round 26: "somehow manage to", "miraculously" between the name and its verb
    ("Great. Kelbrook Crafts somehow manage to keep the glue sticks in.", "Kelbrook Crafts"),
    ("Funny how Tarnside Makers miraculously have the cork boards.", "Tarnside Makers"),
    # round 31: "down the road", "round the corner" between the name and its verb
    ("Thornbury Nursery down the road do the same greenhouse.", "Thornbury Nursery"),
    ("Pendle Outdoor round the corner have the tent in green.", "Pendle Outdoor"),
]

NOT_ACTING = [
    "Marcus sent me the tracking link yesterday.",  # a first name (the pack's not_names)
    "Dr Okafor ordered the chair, please update the name.",  # a title: a person
    "My friend Tamsin packed it badly when she returned it.",  # a person cue
    "The Ninja blender broke after a week.",  # a product after a determiner
    "InPost left it in a locker miles away.",  # a carrier
    "Don't send this to my old address.",  # a contraction opening a sentence
    "Activate my account please.",  # an English word opening a sentence
    "Order C42424 arrived with a part missing.",  # a code
    "Why wasn't my payment to beneficiary X approved?",  # one letter
    "Two ATMs declined my card today.",  # a plural of a not-name
    "Change delivery to 14 Court Lane please.",  # "please" is no action
    "Where Is My Order From Last Week",  # title case
    "Hi, I've got a grey one in Hull today.",  # a place, no verb after it
    "parcle arrived damaged, what now?",  # a misspelt word opening the text
    "tollgate.com sent me the wrong size.",  # this shop's own address
    "thx got it",  # chat shorthand
    "Bogdan delivered the wardrobe very carefully.",  # a first name (the pack's first_names)
    "Sarah Penhallow said the refund was on its way.",  # a person's name and a person's verb
    'It says "Session expired" when I open my basket.',  # a quotation opening
    # round 15, real chat text (public customer-service tweets): chat words, adverbs and
    # prefixed verbs opening a sentence, a code before the opening, services, versions
    "Yeah have to restart the app every time.",
    "Gotta hand it to you, that was quick.",
    "Cannot adjust the volume on the speaker.",
    "Already did that, still broken.",
    "Pre-ordered back in May and nothing yet.",
    "[140.222.237.225] Request timed out",
    "Spotify really needs a sleep timer on the app.",
    "watchOs4 made my watch pointless",
    "I bought an Amazon Echo for a present, does it need an Amazon Alexa account?",
    "omg the sofa is PERFECT thank u",  # an English word in capitals
    "Is the 'Attack Pack' juggling set in stock?",  # a quoted product title
    "Site times out at the 3D Secure step every time.",  # after a spec
    "lowkey obsessed with the new candles",  # chat word
    "Sent the receipt through Messenger earlier.",  # a messaging app (not_names)
    # round 23: a rejected run hides no later one, but nothing inside it is tried alone
    "Does Evri or Royal Mail handle the returns for you?",  # "Mail" is no shop
    "The code MATCHDAY worked on the frisbees.",  # a code's name
    "Mony thanks for sorting it.",  # thanks are no action
    # round 24: a trade word ends no product's or currency's name
    "The Garden Centre near us had a fire.",  # English words before the trade word
    "GTA Online keeps disconnecting on my console.",  # "Online" is no trade word
    "The Pennock sofa post arrived bent.",  # no trade word: a noun-verb needs an object
    # round 28: an item back in stock; a glued chat word, a user name after "and"
    "Will you be getting the Velvia back in?",
    "ok, thankyou got it",
    "Gav and mrsgav both ordered the same lamp.",
]


@pytest.mark.parametrize(("text", "name"), ACTING_SHOP)
def test_an_unknown_name_acting_names_a_shop(
    text: str, name: str, context: ShopContext, shop: ConstraintSchema
) -> None:
    assert find_shop_name(text, context) is None  # no retail context: only the new reading
    _found_as(find_actor_name(text, context), name, text, shop, "acting")


@pytest.mark.parametrize("text", NOT_ACTING)
def test_people_products_carriers_and_sentence_openers_do_not_act_as_shops(
    text: str, context: ShopContext
) -> None:
    assert find_actor_name(text, context) is None
    assert find_shop_name(text, context) is None
