"""Short factual grievances: a price rise or a price too high ("The new price is 30% higher for
the same features", "Le tarif a augmenté sans prévenir", "bien trop cher pour une équipe de 24")
a lasting slowness ("Tout est très lent ces derniers temps", "ça rame") and a long wait for an
answer ("We have been waiting two weeks for an answer", "Nous attendons une réponse depuis lundi",
"Llevo tres semanas esperando una respuesta"), uselessness ("No me sirve para nada", "Ça ne me
sert à rien", "Das bringt mir gar nichts"), pain the product causes ("Meine Augen tun abends weh": analyzer/pain.py) and harm a complaint narrates ("This is causing me anguish": analyzer/harm.py). The sentiment head
learnt from reviews, where such flat statements sit among good ratings, and reads them positive
and as praise (models/README.md, "Short factual complaints are often read positive"). The
sentiment stage mirrors a positive reading of such a span into negative, and the intent stage
takes its praise away, raises complaint and, for a price, pricing.

Not a grievance: a denied one ("not too expensive", "ce n'est pas trop cher", "ne rame plus"), a
price judged fair ("worth the price", "vaut son prix"), one that looks back ("used to be so
slow", "no longer"; not "no longer recommend", advice against), or a span that also praises
("Great app, a bit too expensive": the head's reading stays)."""

import re

from analyzer.advice import KEYWORDS as ADVICE_KEYWORDS
from analyzer.advice import advises_against
from analyzer.denials import denied
from analyzer.harm import HARM
from analyzer.harm import KEYWORDS as HARM_KEYWORDS
from analyzer.negation import fold
from analyzer.pain import KEYWORDS, PAIN
from analyzer.politeness import praises

_PRICE_WORD = (
    r"(?:prices?|pricing|costs?|fees?|subscriptions?|plans?|bills?|invoices?|quotes?|rates?"
    r"|renewals?|licen[cs]es?)"
)
_PRICE_FR = r"(?:prix|tarifs?|abonnements?|factures?|couts?|devis|licences?|forfaits?)"
_PRICE_OTHER = (
    r"(?:preis(?:e|erhohung)?|abopreis|kosten|gebuhren?|precios?|tarifas?|cuotas?|suscripcion"
    r"|prezz[oi]|tariff[ae]|costi|costo|canone|abbonamento|precos?|mensalidade|assinatura)"
)
# Written on folded text (analyzer.negation.fold: lower case, no accents). Not "heart rate",
# not a superlative ("ce qui coûte le plus cher"), not "super slow motion": the public sets'.
_PRICE = (
    # "the price went up", "our subscription went up again", "costs have doubled"
    r"\b(?<!heart )" + _PRICE_WORD + r" (?:\w+ ){0,2}?(?:(?:went|gone|goes|go|going|shot|jumped) up"
    r"|rose|risen|increased|doubled|tripled|skyrocketed|soared)\b",
    # "another price hike", "the price increase"
    r"\b(?:price|cost|fee|rate|pricing)s? (?:increase|hike|rise|jump)s?\b",
    # "30% higher" with a price word in the span (checked below), "more expensive", "pricier"
    r"\b(?:more expensive|pricier|dearer|overpriced|rip[ -]?off)\b",
    # "the price is far too high", "le prix est bien trop élevé" (a price word in the span:
    # checked below, as for "30% higher")
    r"\b(?:too|way too|far too|so|very|really|extremely|ridiculously|insanely|crazy|super)"
    r" (?:expensive|pricey|costly)\b",
    # "hausse de prix", "hausse des tarifs", "augmentation de l'abonnement"
    r"\b(?:hausses?|augmentations?|explosion) (?:de |du |des |de l')(?:\w+ )?" + _PRICE_FR,
    # "le tarif a augmenté", "les prix ont explosé", "l'abonnement a doublé"
    r"\b" + _PRICE_FR + r" (?:a |ont |est |sont )?(?:encore )?(?:augmente|explose|double|triple"
    r"|flambe|grimpe)\w*",
    r"\baugmente\w* sans prevenir\b",
    r"\b(?<!le )(?<!la )(?<!les )(?:plus|trop) chers?\b|\bhors de prix\b|\bexorbitant\w*",
    r"\b(?:tres|bien|vraiment|super|hyper|tellement|si) chers?\b",
    # German, Spanish, Italian, Portuguese: "viel zu teuer", "demasiado caro", "troppo caro",
    # "caro demais", "der Preis ist zu hoch", "el precio ha subido", "il prezzo è aumentato"
    r"\b(?:zu|sehr|ziemlich|extrem|echt|total) teuer\b|\buberteuert\b",
    r"\b(?:demasiado|muy|bastante|carisim[oa]|tan) car[oa]s?\b|\bcarisim[oa]s?\b",
    r"\b(?:troppo|molto|davvero|parecchio) car[oa]\b|\bcarissim[oa]\b",
    r"\b(?:muito|bem|tao) car[oa]s?\b|\bcar[oa]s? demais\b|\bcarissim[oa]s?\b",
    r"\b" + _PRICE_OTHER + r" (?:\w+ ){0,6}?(?:zu hoch|demasiado alto|muy alto|troppo alto"
    r"|alto demais|muito alto)\b",
    r"\b" + _PRICE_OTHER + r" (?:\w+ ){0,4}?(?:gestiegen|erhoht|verdoppelt|subido|subio|aumentado"
    r"|aumento|duplicado|aumentat[oi]|raddoppiat[oi]|salit[oi]|aumentou|aumentaram|subiu|dobrou"
    r"|a subir|a salire)\b",
)
_PERCENT_HIGHER = re.compile(
    r"\b\d+ ?% (?:higher|more|plus eleve)"
    r"|\b(?:too|far too|way too|much too|so|very|really|ridiculously) high\b"
    r"(?! (?:level|quality|resolution|res|end|priority|volume|speed|performance|availability))"
    # "payer en plus pour l'API, c'est de l'arnaque", not a product called a scam ("grosse
    # arnaque": app reviews of a watch that does not sync)
    r"|\barnaque\w*"
    r"|\b(?:beaucoup |bien |vraiment |largement )?trop (?:eleve|importante?)s?\b"
    r"|\b(?:excessi(?:f|ve)s?|abusi(?:f|ve)s?|prohibiti(?:f|ve)s?)\b"
)
# Paying more for nothing more: "with no new features", "for the same product", "sans nouvelle
# fonctionnalité", "pour les mêmes fonctionnalités". Beside it a rise needs no price word: "40%
# increase with no new features", "Hausse de 40 % sans nouvelles fonctionnalités".
_NOTHING_NEW = re.compile(
    r"\b(?:with|for) (?:no|zero) (?:new|extra|additional|more) (?:features?|functionality|value)\b"
    r"|\bfor (?:exactly |basically )?the same (?:features?|product|service|tool|app|functionality"
    r"|thing)\b|\bnothing new\b|\bsans (?:aucune? |rien de )?(?:nouvel(?:le)?s?"
    r" fonctionnalites?|nouveaute|nouveau)\b|\bpour (?:exactement )?(?:les memes|le meme"
    r"|la meme) (?:fonctionnalites|service|outil|produit|chose)\b"
)
_RISE = re.compile(
    r"\d+ ?% (?:increase|hike|rise|jump|more|higher)\b|(?<![\w.])\+ ?\d+ ?%"
    r"|\b(?:hausse|augmentation) de \d+ ?%"
)
_UNAFFORDABLE = re.compile(
    r"\b(?:can ?not|can't|cannot|could not|couldn't|can no longer|no longer) (?:\w+ )?afford\b"
    r"|\bn'(?:ai|a|avons|ont) (?:plus|pas) les moyens\b"
)
_SLOW = (
    r"\b(?:so|very|really|extremely|painfully|super|too|incredibly|terribly|unbearably|always"
    r"|still|constantly|horribly) slow\b(?! motion)",
    r"\b(?:tres|trop|hyper|super|vraiment|tellement|si|extremement|toujours|hyper) lente?s?\b",
    # "keeps getting slower", "slower with every update", "de plus en plus lent"
    r"\b(?:keeps?|kept) getting slower\b|\bslower and slower\b|\bslower (?:with )?every\b",
    r"\bde plus en plus lente?s?\b",
    r"\bd'une lenteur\b",
    r"\brame(?:nt)?\b(?! de\b)",
    r"\b(?:sehr|zu|extrem|total|so|immer noch) langsam\b",
    r"\b(?:muy|demasiado|super|tan|muito|tao|molto|troppo|sempre) lent[oa]s?\b|\blent[oa]s? demais\b",
    # said plainly, with a copula: "El inicio de sesión es lento" read praise beside the bug
    # report (issue #2), "L'application est lente" praise too; "is slow" is the English twin
    r"\b(?:is|are) slow\b(?! (?:motion|cooker|down))",
    r"\b(?:est|sont) lente?s?\b",
    r"\b(?:es|son|esta|estan|e|sono|sao) lent[oa]s?\b",
    r"\b(?:ist|sind) langsam\b",
)
# A long wait for an answer the writer is owed: "been waiting two weeks for an answer", "nous
# attendons une réponse depuis lundi"; not "been waiting for this feature", "waiting for your
# answer, thanks", "still waiting for a reply on whether you allow car seats".
_OWED = r"(?:an? |any |your |the |une |un |votre |le |la |notre )?(?:answer|reply|response|refund|callback|reponse|retour|remboursement|rappel)s?\b"
# a count ("4 days", "two weeks") or one long unit: "a week", "une semaine" (not "a day")
_LONG = r"(?:(?:\w+ )?(?:days|weeks|months|ages)|an? (?:whole |full )?(?:week|month))\b"
_LONG_FR = r"(?:(?:\w+ )?(?:jours|semaines|mois)|une (?:bonne |longue )?semaine)"
_LONG_DE = r"(?:\w+ )?(?:tage|wochen|monate)"
_WAIT = (
    # said with how long: "still waiting for a reply" alone is often a calm follow-up (airline
    # tweets with neutral gold read negative in a first draft)
    r"\bwait\w* " + _LONG + r" for " + _OWED,
    r"\bwait\w* (?:\w+ ){0,3}?for " + _OWED + r"(?: \w+){0,3}? (?:for|since|in) " + _LONG,
    r"\battend\w* (?:toujours |encore )?" + _OWED + r"(?: \w+){0,3}? depuis\b",
    r"\btoujours en attente d'" + _OWED,
    # how long it took: "Took 4 days to get an answer", "it took two weeks before we got a reply"
    r"\btook (?:us |me |them |you )?"
    + _LONG
    + r" (?:\w+ )?(?:(?:to (?:get|receive)|before (?:we|i)"
    r" (?:got|received)) " + _OWED + r"|to (?:hear back|answer|reply|respond)\b)",
    # "il a fallu 3 jours pour avoir une réponse", "attendu 5 jours pour une réponse"
    r"\b" + _LONG_FR + r" (?:d'attente )?(?:pour|avant d') ?(?:avoir |obtenir |recevoir )?" + _OWED,
    # "4 Tage auf eine Antwort gewartet", "tardaron 4 días en responder"
    r"\b"
    + _LONG_DE
    + r" (?:auf (?:eine |die |eure |ihre )?(?:antwort|ruckmeldung)|bis zur antwort)\b",
    r"\btard\w* (?:\w+ )?(?:dias|semanas|meses) en (?:responder|contestar)\b",
    # "Llevo tres semanas esperando una respuesta", "esperamos una respuesta desde hace dos
    # semanas"; not "Llevo tres semanas usando la app", nor "Esperando una respuesta, gracias"
    r"\bllev\w+ (?:\w+ )?(?:dias|semanas|meses) esperando (?:una |la |su |el |vuestra )?"
    r"(?:respuesta|reembolso|contestacion|devolucion)\b",
    r"\besper\w+ (?:una |la |su |el |vuestra )?(?:respuesta|reembolso|contestacion|devolucion)"
    r"(?: \w+){0,3}? desde hace (?:\w+ )?(?:dias|semanas|meses)\b",
    # "Estamos à espera de uma resposta há duas semanas", "Aguardamos resposta há dias",
    # "Aspettiamo una risposta da due settimane"
    r"\b(?:a espera de|esper\w+|aguard\w+) (?:uma |a |pela |por uma |vossa |sua )?(?:resposta"
    r"|reembolso|devolucao)(?: \w+){0,3}? (?:ha|desde ha) (?:\w+ )?(?:dias|semanas|meses)\b",
    r"\b(?:aspett\w+|attend\w+) (?:una |la |vostra |la vostra |il |un )?(?:risposta|rimborso"
    r"|riscontro)(?: \w+){0,3}? da (?:\w+ )?(?:giorni|settimane|mesi)\b",
)
# Of no use to the writer: "No me sirve para nada", "Ça ne me sert à rien", "Das bringt mir gar
# nichts", "completely useless"; not "no sirve para nada más que para exportar" (a praise of
# one use), nor "il est inutile de redémarrer" (no need to).
_USELESS = (
    r"\b(?:is|are|was|were|'s|it's|totally|completely|utterly|pretty much) useless\b",
    r"\bno (?:me |nos |le |les )?sirve(?:n)? (?:para|de) nada\b(?! mas\b)",
    r"\bne (?:me |nous |lui |leur )?ser(?:t|vent) (?:strictement |absolument |vraiment )?a rien\b",
    r"\bbringt (?:mir |uns |einem )?(?:gar |uberhaupt |absolut |rein gar )?nichts\b",
    r"\bnon (?:mi |ci )?serve a (?:niente|nulla)\b|\bnao (?:me |nos )?serve (?:para|de) nada\b",
)
# A wait said with its own negation ("still no answer", "toujours pas de réponse"), and money the
# writer no longer has ("can no longer afford the plan"): not read as denied.
_NO_ANSWER = re.compile(
    r"\b(?:still|yet again) no (?:answer|reply|response)s?\b"
    r"|\btoujours (?:pas|aucune?) (?:de |d')?(?:reponse|retour|nouvelles)\b"
)
_PRICE_RE = re.compile("|".join(_PRICE))
_WAIT_RE = re.compile("|".join(_WAIT))
_SLOW_RE = re.compile("|".join(_SLOW))
_USELESS_RE = re.compile("|".join(_USELESS))
# A price judged fair, unless denied ("not worth it", "ne vaut pas le prix"), or a problem gone
# or a price fallen: the span is no grievance, wherever the words stand.
_FAIR = re.compile(r"\b(?:worth|vaut|valent|merite|wert|vale la pena|vale a pena|merece)\b")
_GONE = re.compile(
    r"\b(?:used to|no longer(?! (?:afford|(?:\w+ )?recommend))|went down|baisse\w*|moins chers?"
    r"|cheaper|gunstiger|billiger"
    r"|gesunken|mas barato|bajado|piu economico|diminuit\w*|mais barato|baixou)\b"
)
# Every cue holds one of these: most texts hold none and are let go at once.
_KEYWORDS = (
    "up", "rose", "risen", "increase", "doubl", "tripl", "skyrocket", "soar", "hike", "rise",
    "jump", "expensive", "pric", "dear", "rip", "costly", "hausse", "augment", "explos", "flamb",
    "grimp", "cher", "exorbitant", "%", "slow", "lent", "lenteur", "rame", "teuer", "caro",
    "cara", "hoch", "alto", "gestiegen", "erhöht", "erhoht", "verdoppelt", "subi", "aument",
    "duplicado", "raddopp", "salit", "dobrou", "langsam", "carís", "caris", "high", "elev", "élev",
    "excessi", "abusi", "prohibiti", "afford", "moyens", "arnaque", "wait", "answer", "repl",
    "respons", "attend", "attente", "pons", "antwort", "ruckmeld", "rückmeld", "tard", "hear back", "retour",
    "useless", "sirve", "sert", "bringt", "serve", "esper",
)  # fmt: skip


# Every long wait for an answer names the answer: most texts hold none of these.
_WAIT_KEYWORDS = (
    "answer", "repl", "respon", "refund", "callback", "répon", "repon", "retour", "rembours",
    "rappel", "antwort", "rückmeld", "ruckmeld", "contest", "respuest", "reembolso", "devoluci",
    "respost", "devoluç", "devoluc", "rispost", "rimbors", "riscontr",
)  # fmt: skip


def grievance(text: str) -> str | None:
    """ "price", "slowness", "wait", "pain", "harm", "useless" or "advice" when the text states a price
    rise, a price too high, a lasting slowness, a long wait for an answer, pain, uselessness
    ("No me sirve para nada") or advice against the product
    (analyzer/advice.py) that it does not deny, judge fair or praise beside; else None."""
    lowered = text.lower()
    # the wait's own keywords too: "took a week to respond" holds none of _KEYWORDS
    cue_words = _KEYWORDS + KEYWORDS + HARM_KEYWORDS + ADVICE_KEYWORDS + _WAIT_KEYWORDS
    if not any(word in lowered for word in cue_words):
        return None
    folded = fold(text)
    if _GONE.search(folded) or any(
        not denied(folded[: fair.end()]) for fair in _FAIR.finditer(folded)
    ):
        return None
    readings = (
        ("price", _price_cues(folded)),
        ("slowness", _SLOW_RE.finditer(folded)),
        ("wait", _WAIT_RE.finditer(folded)),
        ("pain", PAIN.finditer(folded)),
        ("harm", HARM.finditer(folded)),
        ("useless", _USELESS_RE.finditer(folded)),
    )
    for kind, cues in readings:
        spans = [(cue.start(), cue.end()) for cue in cues if not _denied_cue(folded, cue)]
        said_denied = _unaffordable(folded) if kind == "price" else []
        if kind == "wait":
            said_denied = list(_NO_ANSWER.finditer(folded))
        spans += [(cue.start(), cue.end()) for cue in said_denied]
        if spans and not praises(_without(folded, spans)):
            return kind
    # the cue holds its own denial ("je ne recommande pas"): only a denial before it counts
    advice = [
        (c.start(), c.end()) for c in advises_against(folded) if not denied(folded[: c.start()])
    ]
    if advice and not praises(_without(folded, advice)):
        return "advice"
    return None


def waits_long_for_an_answer(text: str) -> bool:
    """Whether the text states a long wait for an answer ("Took 4 days to get an answer", "il a
    fallu 3 jours pour avoir une réponse") that it does not deny, say is past or praise beside:
    the urgency stage's "wait" cue, whatever other grievance `grievance` reads first."""
    lowered = text.lower()
    if not any(word in lowered for word in _WAIT_KEYWORDS):
        return False
    folded = fold(text)
    if _GONE.search(folded):
        return False
    spans = [(c.start(), c.end()) for c in _WAIT_RE.finditer(folded) if not _denied_cue(folded, c)]
    return bool(spans) and not praises(_without(folded, spans))


def _denied_cue(folded: str, cue: re.Match) -> bool:
    """Whether the words before the cue, or before its end, deny it: "not too expensive", and
    "non è troppo caro", whose copula leaves the denial three words before the cue's end."""
    return denied(folded[: cue.end()]) or denied(folded[: cue.start()])


def _price_cues(folded: str) -> list[re.Match]:
    cues = list(_PRICE_RE.finditer(folded))
    if re.search(r"\b(?:" + _PRICE_WORD + "|" + _PRICE_FR + r"|pay|paying|payer|payons)\b", folded):
        cues += _PERCENT_HIGHER.finditer(folded)
    if gets_nothing_new(folded):
        cues += _RISE.finditer(folded)
    return cues


def gets_nothing_new(text: str) -> bool:
    """Whether the text says the writer gets nothing more for the money: "with no new
    features", "pour les mêmes fonctionnalités"."""
    return _NOTHING_NEW.search(fold(text)) is not None


def _unaffordable(folded: str) -> list[re.Match]:
    """ "We can no longer afford the plan", not "we can't afford another outage": a price word or
    paying in the span."""
    if re.search(
        r"\b(?:" + _PRICE_WORD + "|" + _PRICE_FR + r"|pay|payer|afford (?:it|this|you))\b", folded
    ):
        return list(_UNAFFORDABLE.finditer(folded))
    return []


def _without(folded: str, spans: list[tuple[int, int]]) -> str:
    """The text without the cues: "super slow" or "super cher" praise nothing."""
    for start, end in sorted(spans, reverse=True):
        folded = folded[:start] + " " + folded[end:]
    return folded
