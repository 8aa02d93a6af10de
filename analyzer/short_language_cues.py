"""Words that say which language a very short text is in ("Ça marche pas", "Nickel", "Merci !",
"Danke!"), where lingua is unsure or wrong: on a few letters its character models guess ("Nickel"
reads German, "Le dashboard ne load pas" English), and NPS comments are often that short. Only
words no other supported language writes the same way: "bien" (French, Spanish), "non" (French,
Italian), "super", "top", "ok" stay ambiguous, and an English product word in a French comment
("dashboard", "load") is no cue at all."""

import re

# A short text: up to this many words. Longer ones give lingua enough letters.
MAX_WORDS = 6
# An elided article or pronoun is a word of its own ("j'ai" -> "j'", "ai"), as spaCy's stop
# word lists spell them: French "j'", "n'", "qu'" and Italian "dell'", "un'" are strong cues.
WORD = re.compile(r"[^\W\d_]+['’](?=[^\W\d_])|[^\W\d_]+")
# Cue words: an English contraction is one ("it's", "doesn't", "can't"): cut at its apostrophe as
# an elision, the English cues never matched ("meh\nIt's ok I guess." was `und`).
CUE_WORD = re.compile(r"[^\W\d_]+['’](?:s|t|re|ve|ll|d|m)(?![^\W\d_])|" + WORD.pattern)
# Up to this many words, cue words also decide where lingua is unsure ("Still no dark mode in
# 2026? Come on.": English 0.42): they only answer what would have been `und`.
UNSURE_MAX_WORDS = 12

_CUES = {
    # not "l'", "d'", "c'", "ne" (Italian writes them too), "des" (German), "gut" (English)
    "fr": """ça j' n' qu' pas merci nickel bof nul nulle génial géniale très trop vraiment
        fonctionne bonjour sympa dommage parfait je les une est avec pour sans rien jamais""",
    "en": """the not it's doesn't don't can't won't isn't thanks thank please love great works
        working my is this very still i'm""",
    "de": """nicht danke bitte sehr ist und geht funktioniert schlecht leider ich""",
    "es": """gracias muy bueno buena pero también""",
    "it": """grazie molto bello funziona perché niente ottimo benissimo""",
    "pt": """obrigado obrigada muito não bom ótimo""",
}
# Portuguese and Spanish apart ("É demasiado caro." read Spanish: "demasiado" and "caro" are both
# languages' words): "é" is Portuguese "is" (Spanish writes "es", Italian "è"), "também" and
# "você" are Portuguese spellings; "también", "mucho", "muchas" and "estoy" are Spanish ones.
_CUES["pt"] += " é também você vocês"
_CUES["es"] += " también mucho muchas estoy"
# "è" is Italian "is" ("La dashboard è vuota." read English 0.44): French writes "est", Portuguese
# "é", Spanish "es".
_CUES["it"] += " è"
# An app that hangs or freezes, as each language says it in a bug report ("O app trava.", "La
# app se cuelga."): spellings only one of them writes ("bloque" is French and Spanish).
_CUES["pt"] += " trava travou travando travada travado congelou bloqueia"
_CUES["es"] += " cuelga cuelgan colgó colgado bloquea bloqueó"
_CUES["it"] += " blocca bloccata bloccato impalla impallata"
_CUES["fr"] += " plante planté bloqué bloquée figé figée"
_CUES["de"] += " hängt abgestürzt stürzt einfriert"
_CUES["en"] += " crashes freezes hangs frozen"
# "voy" ("me voy con Freshdesk el mes que viene" was und: French hears "mes"): Portuguese writes
# "vou", Italian "vado".
_CUES["es"] += " voy"
# Words a short ticket full of product names holds ("Export kaputt!!!" was `und`): German
# "kaputt" and the contractions "vom", "zum", "beim" no other supported language writes.
_CUES["de"] += " kaputt vom zum beim"
# A short churn notice ("Disdiciamo." read Portuguese): Italian "disdire" and its forms, and
# "abbonamento", Portuguese "assinatura" (Spanish writes "suscripción", French "abonnement").
_CUES["it"] += " disdico disdiciamo disdire disdiremo disdetta abbonamento"
_CUES["pt"] += " assinatura"
# Words that are cues by the word after them. Spanish "el" before a common noun ("No funciona el
# login" read Portuguese 0.51; Portuguese writes "o", Italian "il"), not a place's name ("El
# Paso"); German "im" before a capitalised noun ("Bug im Export"), not a lower-case "im", as often
# an English "I'm" without its apostrophe ("im stuck on the login page").
_PHRASE_CUES = {
    "es": re.compile(r"\b[Ee]l\s+[a-záéíóúñ]"),
    "de": re.compile(r"\bim\s+[A-ZÄÖÜ]"),
}
_LANGUAGES_OF: dict[str, frozenset[str]] = {}
for _code, _words in _CUES.items():
    for _word in _words.split():
        _LANGUAGES_OF[_word] = _LANGUAGES_OF.get(_word, frozenset()) | {_code}


def short_text_language(
    text: str, codes: tuple[str, ...], max_words: int = MAX_WORDS
) -> str | None:
    """The one language among `codes` whose cue words a text of at most `max_words` words holds,
    when it holds none of another's; None otherwise (a longer text, no cue, or cues of two
    languages: "Merci for the fix")."""
    words = [w.lower().replace("’", "'") for w in CUE_WORD.findall(text)]
    if not words or len(words) > max_words:
        return None
    found = {code for word in words for code in _LANGUAGES_OF.get(word, ()) if code in codes}
    found |= {code for code, cue in _PHRASE_CUES.items() if code in codes and cue.search(text)}
    return found.pop() if len(found) == 1 else None
