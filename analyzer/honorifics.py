"""Person names after German, Spanish, Italian and Portuguese titles (analyzer/names.py runs this
first): "Frau Dr. Schulz", "Herrn Klaus Becker", "la dottoressa Romano", "Sig. Rossi", "D.
Fernanda Costa", and after "falei com a", "hablé con", "ho parlato con" + first name and surname.

A courtesy word stays ("Frau [NAME]", "Herrn [NAME]"); an abbreviated title goes with the name
into [NAME] ("Frau Dr. Schulz" is "Frau [NAME]", "Il Sig. Rossi" is "Il [NAME]"): "Frau [NAME].
Schulz" leaked the surname, and a title's dot before the mask ended the sentence there."""

import re
from collections.abc import Callable

from analyzer.keywords import holds, lowered
from analyzer.letters import LOWER, UPPER

# Kept before the name: courtesy words, and roles written out ("la dottoressa Romano").
_COURTESY = (
    r"(?-i:Herrn?|Frau|Fräulein|Señora?|Señorita|Signora|Signorina|Signore?|Senhora?|Mr|Mrs|Ms|"
    r"Mme|Mlle|Sr|Sra|Srta)\.?|"
    r"dottor(?:e|essa)?|professor(?:e|essa|a|in)?|ingegnere|avvocat(?:o|essa)|doutor(?:a)?|"
    r"doctor(?:a)?|doktor|licenciad[oa]|engenheir[oa]"
)
# Abbreviated titles taken with the name: after a courtesy word, or opening it. "Dr." opening a
# name stays, as the other rules keep it ("Dr. [NAME]").
_TITLE = (
    r"(?:Dr|Dra|Prof|Profa|Prof\.ssa|Ing|Dott|Dott\.ssa|Avv|Arch|Mag|Dipl\.-Ing|Sig|Sig\.ra|"
    r"Sig\.na|Dña|Dª|Eng|Lic)\."
)
_PARTICLE = r"(?:von|van|zu|de|del|della|di|da|do|dos|das|de la)"
_WORD = rf"{UPPER}{LOWER}+(?:['’-]{UPPER}?{LOWER}+)*(?![\w'’-])"
# One to three words: a first name and surname, or a surname alone after a title.
_NAME = rf"{_WORD}(?:\s(?:{_PARTICLE}\s)?{_WORD}){{0,2}}"

AFTER_COURTESY = re.compile(
    rf"(\b(?:{_COURTESY})\s+)((?:{_TITLE}\s*)*(?-i:{_NAME}))", re.IGNORECASE
)
# Italian letters write titles in lower case ("Gentile dott. Bianchi", "egr. sig. Rossi"); only
# those no English word ends with ("ing.", "arch.", "mag." stay capitalised only).
_LOWER_TITLE = r"(?:dott|dott\.ssa|sig|sig\.ra|sig\.na|avv|prof|prof\.ssa|dra)\."
OPENED_BY_TITLE = re.compile(rf"(?<![\w.])()((?!Dr\.)(?:(?:{_TITLE}|{_LOWER_TITLE})\s*)+{_NAME})")
# "D. Fernanda Costa", "Doña María López": a first name and a surname, opening a sentence or
# after a preposition or an article ("Employment D. Court Order", "Vitamin D. Great" name none).
DON_DONA = re.compile(
    r"((?:^|(?<=[.!?:\n] )|\b(?:a|ao|à|de|da|do|com|para|por|con|la|el|y|e)\s+))"
    rf"((?:Doña|Dona|D\.|Dª)\s*{_WORD}\s(?:{_PARTICLE}\s)?{_WORD})"
)
# Whom one spoke with, then a first name and a surname ("Falei com a Ana Sousa"): two words,
# since one capitalised word after these is as often a company ("hablé con Movistar").
_SPOKE_WITH = (
    r"falei com(?: [oa])?|conversei com(?: [oa])?|liguei (?:para|a)(?: [oa])?|"
    r"habl[ée] con|he hablado con|llam[ée] a|ho parlato con|ho sentito|ho chiamato|"
    r"habe mit|sprach mit|telefonierte mit"
)
SPOKE_WITH = re.compile(
    rf"(\b(?:{_SPOKE_WITH})\s+)((?-i:{_WORD}\s(?:{_PARTICLE}\s)?{_WORD}))", re.I
)

# Words every match holds (analyzer/keywords.py): the courtesy words lower-cased; the titles as
# written, looked for in the text itself ("ing." ends many an English sentence, "Ing." does not).
_COURTESY_KEYWORDS = (
    "herr", "frau", "fräulein", "señor", "signor", "senhor", "mr", "ms", "mme", "mlle", "sr",
    "dottor", "professor", "ingegnere", "avvocat", "doutor", "doctor", "doktor", "licenciad",
    "engenheir",
)  # fmt: skip
_TITLE_KEYWORDS = ("Dra.", "Prof", "Ing.", "Dott.", "Avv.", "Arch.", "Mag.", "Dipl.", "Sig.",
                   "Dña.", "Dª", "Eng.", "Lic.", "dott.", "sig.", "avv.", "prof.", "dra.")  # fmt: skip
_DON_DONA_KEYWORDS = ("Doña", "Dona", "D.", "Dª")
_SPOKE_KEYWORDS = ("falei com", "conversei com", "liguei", "habl", "llamé a", "llame a",
                   "parlato con", "ho sentito", "ho chiamato", "habe mit", "sprach mit",
                   "telefonierte mit")  # fmt: skip

IsNotAName = Callable[[str], bool]


def redact_titled_names(text: str, is_not_a_name: IsNotAName) -> tuple[str, int]:
    """`text` with the names after titles and "spoke with" cues replaced by [NAME], and how many;
    `is_not_a_name` keeps a match (a common word, a workspace's product)."""
    found = 0

    def replace(match: re.Match[str]) -> str:
        nonlocal found
        if is_not_a_name(match.group(2)):
            return match.group(0)
        found += 1
        return match.group(1) + "[NAME]"

    lowered_text = lowered(text)
    if holds(lowered_text, (_COURTESY_KEYWORDS,)):
        text = AFTER_COURTESY.sub(replace, text)
    if holds(text, (_TITLE_KEYWORDS,)):
        text = OPENED_BY_TITLE.sub(replace, text)
    if holds(text, (_DON_DONA_KEYWORDS,)):
        text = DON_DONA.sub(replace, text)
    if holds(lowered_text, (_SPOKE_KEYWORDS,)):
        text = SPOKE_WITH.sub(replace, text)
    return text, found
