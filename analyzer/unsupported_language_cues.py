"""Signs that a text is in a European language the analyzer does not support (Dutch, Polish, the
Nordic languages, Turkish, Czech, Romanian...), so that it is `und` instead of the supported
language nearest it ("Ik kan niet inloggen" read German at 0.91). Lingua weighing those
languages too cost 320 MB and 3.3 s of CPU at start; these are a few hundred words and a few
alphabets, built in well under a millisecond.

Two signs, counted per word: a frequent word of one of those languages that no supported language
writes (lists written for this module; tests/test_unsupported_languages.py checks that none is a
spaCy stop word of a supported language), and a lower-case word whose letters no single
supported alphabet holds ("się", "långsam", "çöküyor": ç is French, ö German). Capitalised words
give no letter sign: a name ("Łukasz", "Søren") says nothing of the text's language."""

import re

# Per language, very frequent words (function words, "works", "please", "app") that none of en, fr,
# de, es, it, pt writes. Left out on purpose: words a supported language also writes, however
# common here ("de", "is", "in", "en", "die", "men", "till", "den", "god", "nie", "do", "ve",
# "echt", "meer", "ama"), name particles ("van", "der") and chat spellings ("u", "wat").
UNSUPPORTED_WORDS: dict[str, str] = {
    "nl": """het een niet ik mijn wij jullie zijn maar ook naar voor deze wordt geen nog erg zeer
        laatste kapot langzaam tevreden kunnen kunt moet moeten heb hebben heeft wel graag waarom
        wanneer altijd nooit niets iets omdat sinds alleen bij uit zou zal welke bedankt
        alstublieft jij gewoon veel weer elke keer goed goede slecht traag werkt werken
        kan""",
    "pl": """się jest jestem czy już juz bardzo dlaczego proszę prosze dziękuję dziekuje dzięki
        dzieki można mozna mogę moge tylko przez przy jeszcze wszystko który która które gdy kiedy
        tego tej jego mnie być był była działa dziala nawet też oraz lub dla jak drogo aplikacja
        aplikacji eksport""",
    "sv": """och inte jag det är att som på för med har kan mycket bara när efter också alltid
        aldrig fungerar funkar snälla väldigt dyrt långsam lägg läge appen""",
    "da": """ikke jeg og det på med har kan meget hvorfor hvordan hvad hvis virker efter også
        aldrig altid rigtig lidt tak venligst dyrt langsom nogen noget ingen være blevet bliver
        jeres vores appen""",
    "nb": """ikke jeg og det på med har kan veldig hvorfor hvordan hva fungerer etter også alltid
        aldri takk vennligst dyrt langsom noe noen ingen være blitt blir deres appen""",
    "tr": """bir çok için daha değil gibi yok olarak olan sonra şimdi lütfen teşekkürler neden
        nasıl hiç uygulama""",
    "cs": """nejde nefunguje není jak proč když protože také jsem jsou byl bylo už velmi prosím
        děkuji že při pořád stále aplikace""",
    "ro": """nu și să sunt pentru foarte nici acest această doar când vă rog mulțumesc aplicația
        funcționează""",
    "ca": """amb perquè això aquesta aquest gràcies els dels molt""",
    "hu": """hogy egy nincs nagyon miért köszönöm kérem csak már még az""",
    "fi": """ei ole että kun mutta hyvin kiitos miksi todella sovellus toimi toimii""",
}
# The letters each supported language writes beyond a-z, in lower case (only lower-case words
# are read for letters).
ALPHABETS: dict[str, str] = {
    "en": "",
    "fr": "àâæçéèêëîïôœùûüÿ",
    "de": "äöüß",
    "es": "áéíóúñü",
    "it": "àèéìíîòóùú",
    "pt": "áâãàçéêíóôõú",
}
_LETTERS = re.compile(r"[^\W\d_]+")
# One sign in a longer text is not enough: "erg", "att", "og" turn up in English tweets and issues.
MIN_SIGNS = 2


def unsupported_words(codes: tuple[str, ...]) -> frozenset[str]:
    """The cue words of every language not among `codes` (a workspace may declare Dutch)."""
    return frozenset(
        w for code, words in UNSUPPORTED_WORDS.items() if code not in codes for w in words.split()
    )


def alphabets(codes: tuple[str, ...]) -> list[frozenset[str]] | None:
    """Each declared language's letters; None when one of them has no alphabet here (its letters
    unknown, no word can be said to be out of every declared alphabet)."""
    if any(code not in ALPHABETS for code in codes):
        return None
    return [frozenset("abcdefghijklmnopqrstuvwxyz" + ALPHABETS[code]) for code in codes]


def out_of_alphabets(word: str, letter_sets: list[frozenset[str]]) -> bool:
    """A lower-case word that no single declared alphabet can write."""
    if word.isascii() or not word.islower():  # a-z is every alphabet's: most words stop here
        return False
    letters = set(word)
    return not any(letters <= alphabet for alphabet in letter_sets)


def unsupported_signs(
    words: list[str], cue_words: frozenset[str], letter_sets: list[frozenset[str]] | None
) -> int:
    """How many words (as written) are an unsupported language's cue word or out of every
    declared alphabet (two letters at least: "ʖ" in an emoticon is no word)."""
    return sum(
        w.lower() in cue_words
        or (letter_sets is not None and len(w) > 1 and out_of_alphabets(w, letter_sets))
        for w in words
    )


class UnsupportedLanguageCues:
    """Says whether a text reads as a language outside the declared ones."""

    def __init__(self, codes: tuple[str, ...], stop_words: dict[str, frozenset[str]]) -> None:
        self.cue_words = unsupported_words(codes)
        self.letter_sets = alphabets(codes)
        self.stop_words = stop_words  # per declared language, spaCy's

    def says_unsupported(self, text: str) -> bool:
        """At least MIN_SIGNS signs (on a text of one or two words, every word: "Bedankt!",
        "Dzięki!"), and no fewer than the stop words of the declared language that has most in
        the text: "Het werkt niet. The export fails every time and my team needs it today." has
        3 signs but more English stop words, and stays English."""
        words = _LETTERS.findall(text)
        signs = self.signs(words)
        if not words or signs < min(MIN_SIGNS, len(words)):
            return False
        lowered = [w.lower() for w in words]
        ours = max(sum(w in stops for w in lowered) for stops in self.stop_words.values())
        return signs >= ours

    def signs(self, words: list[str]) -> int:
        """How many of `words` (as written) are signs of a language outside the declared ones."""
        return unsupported_signs(words, self.cue_words, self.letter_sets)
