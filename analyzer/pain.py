"""Bodily pain the product causes: "My eyes hurt in the evening", "J'ai mal aux yeux le soir",
"Meine Augen tun abends weh", "Me duelen los ojos", "Mi fanno male gli occhi", "Os meus olhos
doem". A flat, calm sentence of a health complaint: the heads read the German one as praise
(0.64, positive). analyzer/grievance.py reads these cues as a grievance ("pain"): a complaint,
not praise.

A body part is named ("this update hurt our sales" is no pain), and the grievance rules drop a
denied one ("no more headaches", "ne fait plus mal", "tut nicht mehr weh")."""

import re

# Written on folded text (analyzer.negation.fold: lower case, no accents).
_BODY_EN = r"(?:eyes?|head|wrists?|hands?|neck|back|fingers?|ears?|shoulders?|thumbs?)"
PAIN = re.compile(
    # "my eyes hurt", "my wrists ache", "hurts my eyes", "gives me headaches", "eye strain"
    r"\b(?:my|our|the) " + _BODY_EN + r" (?:\w+ )?(?:hurts?|hurting|aches?|aching|sting|burn|are"
    r" sore|is sore|(?:are|is) killing me)\b|\bhurts? (?:my|our) " + _BODY_EN + r"\b|\bgives? "
    r"(?:me|us) (?:a )?(?:headaches?|migraines?|eye ?strain|sore eyes)\b|\beye ?strain\b"
    # "j'ai mal aux yeux", "ça me fait mal aux yeux", "mal de tête", "fatigue mes yeux"
    r"|\bmal (?:aux (?:yeux|mains|poignets|doigts|oreilles)|a la (?:tete|nuque|main)|au (?:dos"
    r"|cou|poignet|crane)|de (?:tete|crane))\b|\bmigraines?\b|\bfatigue (?:les|mes|nos) yeux\b"
    r"|\byeux qui (?:piquent|brulent|pleurent)\b"
    # "meine Augen tun abends weh", "mir tut der Kopf weh", "Kopfschmerzen", "Augen brennen"
    r"|\b(?:tun|tut|taten|tat) (?:\w+ ){0,4}weh\b|\b\w*schmerzen\b|\baugen (?:\w+ )?brennen\b"
    # "me duelen los ojos", "dolor de cabeza", "mi fanno male gli occhi", "mal di testa",
    # "os meus olhos doem", "dor de cabeça"
    r"|\bme duel(?:e|en)\b|\bdolor(?:es)? de (?:cabeza|ojos)\b|\bmi fa(?:nno)? male\b"
    r"|\bmal di (?:testa|occhi)\b|\bolhos doem\b|\bdo(?:i|em) (?:\w+ ){0,2}(?:olhos|cabeca)\b"
    r"|\bdor(?:es)? de cabeca\b"
)
# Every cue above holds one of these: most texts hold none and are let go at once.
KEYWORDS = ("hurt", "ache", "aching", "sting", "burn", "sore", "killing", "headache", "strain",
            "mal", "migraine", "fatigu", "yeux", "weh", "schmerz", "brennen", "duel", "dolor",
            "doem", "dói", "doi", "dor")  # fmt: skip
