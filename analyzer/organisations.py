"""A person's name that names an organisation or a place, not a person: "Austin Bergstrom airport",
"Hunter Warfield Inc", "Chase Bank", "rue Jean Jaurès", "lycée Victor Hugo". The name rules
(analyzer/names.py) leave such a first name and surname as written; read only for their matches,
a few a text at most, so the tag path's cost stays where it was.

Two signs, either enough: the word right after the name is an organisation's or a place's
(English puts it after: "… airport", "… Street", "… Inc"), or the word right before it is a
place's (French puts it before: "rue …", "aéroport …") or says a drink is meant ("a bottle of
…"); or the whole pair is an organisation known to look like a person ("Hunter Warfield", a
collection agency customers name bare)."""

import re

# Words after a name that make it an organisation's or a place's; none that a sentence often
# puts after a person ("give Jean Dupont credit"). "draft" is a beer's: "a Sam Adams draft".
_AFTER = """airport airports international intl airline airlines airways
    bank banks banking bancorp mortgage lending loans financial finance capital insurance
    collections collection agency associates partners holdings group inc incorporated llc llp ltd
    plc corp corporation company co gmbh sarl sas foundation trust
    university college school academy institute hospital clinic medical
    street st avenue ave road rd boulevard blvd parkway pkwy highway square plaza
    station terminal stadium arena center centre museum library memorial bridge park
    hotel hotels inn resort casino brewery brewing beer lager ale draft winery vineyard
    restaurant cafe café store stores mall pharmacy motors whiskey whisky bourbon"""
# Words before a name that make it a place's, as French writes them ("rue Victor Hugo", "gare
# Saint-Lazare"); English puts the word after.
_BEFORE = """rue avenue av boulevard bd place quai allée allee impasse chemin square pont
    gare aéroport aeroport hôpital hopital clinique lycée lycee collège college école ecole
    université universite fac stade métro metro station centre musée musee parc salle
    résidence residence hôtel hotel"""
# Words before a name that say a drink is meant: "I drink Jack Daniels", "a bottle of Jack Daniels".
_SERVED = re.compile(
    r"\b(?:drinks?|drank|drinking|sipp?(?:ing|ed)?|(?:bottles?|glass(?:es)?|shots?|pints?|cans?)"
    r"[ \t]+of|bouteilles?[ \t]+de|verres?[ \t]+de)[ \t]+$",
    re.IGNORECASE,
)
# A shop's trade after its owner's first name: "Valentine Flowers" (a florist), "Rose Fleurs",
# "Julie Boulangerie". A person only where a word around says so (analyzer/names.py): "Flowers"
# is a surname too. English trades in the plural ("Cakes", "Motors") are no English word as
# written, and read as a product's already.
_TRADES = """flowers florist florists fleurs fleuriste fleuristes boulangerie pâtisserie patisserie
    traiteur coiffure optique immobilier"""
TRADE_WORDS = frozenset(_TRADES.split())
AFTER_WORDS = frozenset(_AFTER.split())
BEFORE_WORDS = frozenset(_BEFORE.split())
# Organisations whose name alone reads as a first name and a surname, as customers write them
# bare ("a call from Hunter Warfield", "AUS (Austin Bergstrom)"): those the name rules masked on
# the public sets (models/README.md, 2026-12-06). Only pairs few people bear: a "Sam Adams" or
# an "Edward Jones" writing in is masked unless a word after says it is the beer or the firm.
KNOWN = frozenset({"hunter warfield", "austin bergstrom"})

_WORD_AFTER = re.compile(r"[ \t]+([^\W\d_]+)(?![\w'’-])")  # not "co" of "co-signed"
_WORD_BEFORE = re.compile(r"([^\W\d_]+)[ \t]+$")
_REACH = 24  # characters looked at before a name: longer than any word of _BEFORE


def names_no_person(text: str, start: int, end: int) -> bool:
    """Whether the name at text[start:end] ("Austin Bergstrom") names an organisation, a place
    or a drink: a word of AFTER_WORDS right after it, of BEFORE_WORDS or _SERVED right before
    it, or KNOWN."""
    if " ".join(text[start:end].split()).casefold() in KNOWN:
        return True
    after = _WORD_AFTER.match(text, end)
    if after is not None and after[1].casefold() in AFTER_WORDS:
        return True
    window = text[max(0, start - _REACH) : start]
    before = _WORD_BEFORE.search(window)
    return (before is not None and before[1].casefold() in BEFORE_WORDS) or bool(
        _SERVED.search(window)
    )
