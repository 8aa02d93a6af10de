"""Words that raise a message's urgency, in the supported languages, grouped by why they matter.
Each group has a weight: the chance, on its own, that the message needs action today."""

import re

CUES: dict[str, tuple[float, tuple[str, ...]]] = {
    "security": (
        0.75,
        (
            r"security (?:issue|hole|breach|flaw)",
            r"data (?:breach|leak)",
            r"hack(?:ed|er)",
            r"account (?:was )?compromised",
            r"vulnerabilit",
            r"phishing",
            r"fraud",
            r"unauthori[sz]ed",
            r"faille de sécurité",
            r"fuite de données",
            r"piraté",
            r"fraude",
            r"non autorisé",
            r"sicherheitslücke",
            r"gehackt",
            r"hackeado",
            r"violación de datos",
        ),
    ),
    "data_loss": (
        0.7,
        (
            r"lost (?:all )?(?:my |our )?(?:data|files|work|photos|history)",
            r"data loss",
            r"deleted (?:all|everything)",
            r"(?:everything|all (?:my |our |the )?\w+) (?:is|are|was|were|has|have) (?:been )?"
            r"(?:gone|deleted|wiped|erased|lost)",
            r"(?:data|files|projects|tasks|photos|entries|records|invoices|history) "
            r"(?:was|were|got|has been|have been) (?:deleted|wiped|erased|lost)",
            r"(?:data|files|projects|tasks|photos|entries|records|invoices|history) "
            r"(?:has |have )?(?:disappeared|vanished)",
            r"corrupt(?:ed)?",
            r"perte de données",
            r"perdu (?:toutes? )?(?:mes |nos )?"
            r"(?:données|fichiers|photos|historique)",
            r"tout (?:a été )?(?:effacé|supprimé)",
            r"tout a disparu",
            r"(?:données|fichiers|projets|tâches|photos|factures|saisies) (?:ont|a) (?:été )?"
            r"(?:supprimée?s|effacée?s|perdue?s|disparue?s|supprimé|effacé|perdu|disparu)",
            r"datenverlust",
            r"pérdida de datos",
        ),
    ),
    "outage": (
        0.5,
        (
            r"\bdown\b",
            r"outage",
            r"not (?:loading|responding)",
            r"(?:nobody|no one) can",
            r"(?:can'?t|cannot|unable to) (?:log ?in|sign ?in|access|connect|login)",
            r"completely broken",
            r"error 50\d",
            r"(?:site|app|service|server)s? (?:is|are) unavailable",
            r"en panne",
            r"impossible de (?:se connecter|me connecter|nous connecter|accéder)",
            r"hors service",
            r"plus personne ne peut",
            r"funktioniert nicht",
            r"no funciona",
            r"non funziona",
            r"não funciona",
        ),
    ),
    "money": (
        0.5,
        (
            r"charged (?:me )?twice",
            r"double[- ]charged",
            r"overcharg",
            r"refund",
            r"los(?:e|ing) (?:money|revenue|sales)",
            r"lost (?:revenue|sales|money)",
            r"wrong (?:amount|charge|invoice)",
            r"chargeback",
            r"débité deux fois",
            r"rembourse",
            r"perdu de l'argent",
            r"perd(?:ons|ez|ent|s)? (?:de l'argent|des ventes|des clients|du chiffre)",
            r"perte de chiffre",
            r"prélevé deux fois",
            r"facturé deux fois",
            r"reembolso",
            r"rimborso",
        ),
    ),
    "deadline": (
        0.55,
        (
            r"\burgent",
            r"\basap\b",
            r"immediately",
            r"right now",
            r"as soon as possible",
            r"(?:by|before) (?:today|tomorrow|tonight|end of day|eod)",
            r"needs? (?:it|this|that|them) (?:today|tonight|now|by)",
            r"besoin (?:de (?:ça|cela|cet? \w+) )?(?:aujourd'hui|ce soir|maintenant)",
            r"\bemergency",
            r"au plus vite",
            r"immédiatement",
            r"dès que possible",
            r"en urgence",
            r"\burgence",
            r"d'ici (?:ce soir|demain)",
            r"dringend",
            r"sofort",
            r"urgente",
        ),
    ),
    "churn": (
        0.5,
        (
            r"cancel (?:my|our) (?:subscription|account|plan|contract)",
            r"(?:switch|move|moving|"
            r"switching) to (?:a )?(?:competitor|another)",
            r"unsubscrib",
            r"looking for (?:an )?"
            r"alternative",
            r"not renew",
            r"last chance",
            r"résilier",
            r"annuler (?:mon|notre) "
            r"abonnement",
            r"passer (?:chez|à) (?:la )?concurren",
            r"chercher une alternative",
            r"ne (?:pas )?renouveler",
            r"kündigen",
            r"cancelar (?:mi|la) suscripción",
        ),
    ),
}

# The cues are written in lower case and matched against lower-cased text: three times faster
# than re.IGNORECASE over these alternations.
COMPILED: dict[str, tuple[float, re.Pattern[str]]] = {
    group: (weight, re.compile("|".join(patterns))) for group, (weight, patterns) in CUES.items()
}


def matched_cues(text: str) -> dict[str, float]:
    """The cue groups found in `text`, with their weights."""
    lowered = text.lower()
    return {group: weight for group, (weight, rx) in COMPILED.items() if rx.search(lowered)}
