"""Advice against the product, the typical NPS detractor comment: "Je ne recommande pas cet
outil", "Je ne le recommanderais pas à mes collègues", "Je déconseille", "No lo recomiendo", "Ich
empfehle es nicht", "Non lo consiglio", "Não recomendo", "I wouldn't recommend it". The heads hear
"recommande" and read praise (French: positive 0.42 to 0.66, praise 0.86 to 0.94), the denial
around it weighing less. analyzer/grievance.py reads these cues as a grievance ("advice"): a
complaint, not praise.

Each cue holds its own denial. Not advice against: a denial of the denial ("Je ne vois pas
pourquoi je ne le recommanderais pas": analyzer/grievance.py checks the words before), praise
said through a denial ("I can't recommend it enough", "Je ne peux que le recommander", "No puedo
dejar de recomendarlo", "Non posso che consigliarlo", "would not hesitate to recommend"), an
impersonal caution ("Il est déconseillé de lancer deux imports à la fois") or a question."""

import re

# Written on folded text (analyzer.negation.fold: lower case, no accents).
_CLITIC_FR = r"(?:(?:le |la |les |vous |te |vous le |vous la |te le |l'|vous l')\s*)?"
_ADVICE = re.compile(
    # "je ne recommande pas", "je ne le recommanderais pas", "nous ne recommandons plus"
    r"\b(?:ne |n')" + _CLITIC_FR + r"recommand\w* (?:\w+ )?(?:pas|plus|jamais|a personne)\b"
    r"(?! (?:assez|suffisamment)\b)"
    # "je ne peux pas recommander", "nous ne pouvons plus le recommander"
    r"|\b(?:ne |n')(?:peux|peut|pouvons|pourrais|pourrait|pourrions|saurais|saurait|vais|allons)"
    r" (?:pas|plus|jamais)(?: vraiment| du tout| absolument)? " + _CLITIC_FR + r"recommander\b"
    r"|\b(?:a ne pas|pas a|non) recommander\b|\b(?:pas|non) recommandable\b"
    # "je déconseille", "déconseillé", "à déconseiller"; not "il est déconseillé de ..."
    r"|(?<!est )\bdeconseill\w*\b(?! (?:de|d')\b)"
    # "I don't recommend", "would not recommend", "not recommended"; not "can't recommend it
    # enough", "could not recommend these more" (UCI), "would not hesitate to recommend"
    r"|(?:\b(?:do|does|would|could|can|will|wo|ca|did)n'?t|\b(?:do|does|would|could|can|will"
    r"|did) not|\bcannot|\bnever|\bnot)(?: (?:really|personally|ever|even))? recommend\w*\b"
    r"(?!(?: (?!any\b)\w+){0,4} (?:enough|more)\b)"
    # "I no longer recommend it", "we can no longer recommend" (QA #2)
    r"|\bno longer (?:\w+ )?recommend\w*\b"
    # "no lo recomiendo", "no recomendaría", "no es recomendable", "desaconsejo"
    r"|\bno (?:(?:se |te |os )?(?:lo|la|los|las) )?(?:recomiendo|recomendaria|recomendamos"
    r"|recomendariamos|recomendare)\b|\bno (?:es |son )?recomendable\b"
    r"|\bno (?:puedo|podemos|podria) recomendar\w*|\bdesaconsej\w*"
    # "Ich empfehle es nicht", "kann ich nicht empfehlen", "nicht empfehlenswert", "abraten"
    r"|\bempfehle[n]? (?:\w+ ){0,3}?nicht\b(?! (?:nur|genug)\b)"
    r"|\bnicht (?:\w+ )?(?:zu )?(?:weiter)?empfehl\w*|\bkeine empfehlung\b|\babzuraten\b|\babraten\b"
    # "non lo consiglio", "non consiglierei", "sconsiglio", "non è consigliabile"
    r"|\bnon (?:(?:ve |te |glie)?(?:lo|la|li|le) )?(?:consiglio|consiglierei|consigliamo"
    r"|raccomando|raccomanderei|raccomandiamo)\b|\bnon (?:e |sono )?(?:consigliabile|raccomandabile)\b"
    r"|\bnon (?:posso|possiamo) (?:proprio )?(?:consigliar|raccomandar)\w*|\bsconsigli\w*"
    # "não recomendo", "não o recomendaria", "não é recomendável", "desaconselho"
    r"|\bnao (?:(?:o|a|os|as|vos|te) )?(?:recomendo|recomendaria|recomendamos)\b"
    r"|\bnao (?:e |sao )?recomendavel\b|\bnao (?:posso|podemos|poderia) recomendar\w*"
    r"|\bdesaconselh\w*"
)
# A question ("Why wouldn't I recommend it?") or a condition ("if you don't recommend it")
_ASKED = re.compile(r"\?|\b(?:if|si|se|wenn|falls)\b")
# Every cue holds one of these: most texts hold none and are let go at once.
KEYWORDS = ("recommand", "recommend", "conseill", "recomend", "recomiend", "desaconsej", "desaconselh",
            "consigl", "raccomand", "empfehl", "abrat", "abzurat")  # fmt: skip


def advises_against(folded: str) -> list[re.Match[str]]:
    """The cues of advice against the product in the folded text, none when it asks or
    supposes."""
    if _ASKED.search(folded):
        return []
    return list(_ADVICE.finditer(folded))
