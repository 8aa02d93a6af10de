"""Data exposure said as a fact: someone else sees the writer's private records, or their
customers' ("Another user can see my customers' data!", "¡Otra persona puede ver los datos de mis
clientes!", "Un autre client peut voir nos factures !", "Ein anderer Nutzer kann die Daten meiner
Kunden sehen!"), or the writer sees another company's ("I can see another company's invoices",
"Je vois les factures d'un autre client"). The heads read such a span `other`, even praise (0.57,
0.75 for the Spanish and German ones): it is a bug report, negative, and a breach (the urgency
cues count it in their security group: critical).

Not an exposure: a question ("Can other users see my notes?"), a denial ("No other user can see
your data"), a condition or a safeguard ("if other users could see our data", "make sure no
other client can see…"), or what is meant to be seen (a profile picture: only private records
count)."""

import re
from functools import lru_cache

from analyzer.alternation import AnyPattern
from analyzer.denials import denied

# What a company keeps to itself: another company seeing it is a breach ("Other customers can see
# our invoices"), not their profile picture. Written in lower case, accents kept: the urgency cues
# match these patterns on the same lower-cased text.
PRIVATE_RECORDS = (
    r"(?:data|invoices|files|projects|documents|records|emails|messages|notes|contacts|accounts"
    r"|orders|customers|données|factures|fichiers|projets|contacts|commandes|clients|datos"
    r"|facturas|archivos|proyectos|documentos|contactos|pedidos|clientes|dati|fatture|file"
    r"|progetti|documenti|contatti|ordini|clienti|dados|faturas|arquivos|projetos|contatos)\b"
)
_OURS = (
    r"(?:our|my|nos|mes|notre|mon|ma|nuestr[oa]s|mis|le nostre|i nostri|i miei|le mie|as nossas"
    r"|os nossos|as minhas|os meus)"
)
# The records, ours or our customers': "our invoices", "my customers' data", "les données de
# nos clients", "los datos de mis clientes"
_OUR_RECORDS = (
    r"(?:" + _OURS + r" (?:\w+ )?" + PRIVATE_RECORDS
    + r"|(?:the|les|los|las) (?:\w+ )?" + PRIVATE_RECORDS + r"'? (?:of|de|des) " + _OURS + r")"
)  # fmt: skip
_SEE = (
    r"(?:see|read|access|view|open|download|voir|lire|accéder|consulter|ouvrir|télécharger|ver"
    r"|leer|acceder|abrir|vedere|leggere|accedere|acessar|aceder)"
)
_OTHER_PARTY = (
    r"(?:user|customer|client|company|person|account|tenant|organi[sz]ation|utilisateur|personne"
    r"|entreprise|société|compte|usuario|usuário|utilizador|empresa|cliente|persona|cuenta|utente"
    r"|azienda)"
)
_CAN = (
    r"(?:can|could|is able to|are able to|peut|peuvent|pouvait|pouvaient|a pu|ont pu|puede|pueden"
    r"|pudo|podía|podían|può|possono|potevano|pode|podem|consegue|conseguem)"
)
_GERMAN_RECORDS = r"\w*(?:daten|rechnungen|dateien|projekte|dokumente|kontakte|nachrichten|notizen)"

_EXPOSURES = (
    # someone else sees ours: "Another user can see my customers' data", "Someone else can see
    # our customer data", "Un autre client peut voir nos factures", "Quelqu'un d'autre peut voir
    # les données de nos clients", "Otra persona puede ver los datos de mis clientes", "Other
    # customers can see our invoices", "Altri clienti possono vedere le nostre fatture"
    r"\b(?:(?:another|un autre|une autre|d'autres|other|a different|some other|otr[oa]s?"
    r"|un altro|un'altra|altr[ie]|outr[oa]s?) " + _OTHER_PARTY + r"\w*|someone else|somebody else"
    r"|anyone else|strangers|quelqu'un d'autre|des inconnus|alguien (?:más|ajeno)|qualcun altro"
    r"|outra pessoa) " + _CAN + r" (?:\w+ )?" + _SEE + r"\b(?: to| à| a)? (?:all |toutes |todos )?"
    + _OUR_RECORDS,
    # the writer sees another company's: "I can see another company's invoices", "We can see
    # other customers' projects", "Je vois les factures d'un autre client", "Veo los datos de
    # otro cliente"
    r"\b(?:i|we) (?:can |could )?(?:now )?(?:see|saw|am seeing|are seeing|access|view)"
    r" (?:the )?(?:\w+ )?(?:another|other|a different) " + _OTHER_PARTY
    + r"(?:s'|'s|s)? (?:\w+ )?" + PRIVATE_RECORDS,
    # "We can see orders from another company", "I see the invoices of other customers"
    r"\b(?:i|we) (?:can |could )?(?:now )?(?:see|saw|am seeing|are seeing|access|view)"
    r" (?:the )?(?:\w+ )?" + PRIVATE_RECORDS + r" (?:from|of|belonging to) (?:an?other|other"
    r"|a different) " + _OTHER_PARTY,
    # and said without a subject: "se ven pedidos de otra empresa", "s'affichent les factures
    # d'un autre client"
    r"\b(?:je vois|on voit|nous voyons|je peux voir|on peut voir|nous pouvons voir|veo|vemos"
    r"|puedo ver|podemos ver|se ven|se pueden ver|se muestran|aparecen|s'affichent|apparaissent)"
    r" (?:les |des |los |las )?(?:\w+ )?" + PRIVATE_RECORDS
    + r" (?:d'un autre|d'une autre|d'autres|des autres|de otr[oa]s?) " + _OTHER_PARTY,
    # ours shown to others: "Nos données sont visibles par d'autres clients", "our invoices are
    # visible to other users", "Unsere Rechnungen sind für andere Kunden sichtbar"
    r"\b(?:" + PRIVATE_RECORDS + "|" + _GERMAN_RECORDS + r"\b)[^.!?]{0,40}"
    r"\b(?:visibles? (?:par|pour|à) (?:d'autres|des autres)|visible to (?:other|another)"
    r"|visibles? para otr|für andere (?:\w+ )?sichtbar)",
    # German: "Andere Kunden können unsere Rechnungen sehen", "Ein anderer Nutzer kann die Daten
    # meiner Kunden sehen", "Jemand anderes kann unsere Kundendaten sehen", "Ich sehe die
    # Rechnungen einer anderen Firma"
    r"\b(?:andere (?:kunden|nutzer|benutzer|firmen)|(?:ein anderer|eine andere) (?:kunde|nutzer"
    r"|benutzer|firma|person)|jemand (?:anderes|anderer|fremdes|fremder)|fremde) (?:kann|konnte"
    r"|können|konnten) (?:\w+ )?(?:unsere|meine|die) (?:\w+ )?" + _GERMAN_RECORDS
    + r"(?: (?:meiner|unserer) \w+)? (?:\w+ )?(?:sehen|lesen|einsehen|öffnen|abrufen)\b",
    r"\b(?:ich sehe|wir sehen|ich kann|wir können) (?:\w+ )?(?:die )?(?:\w+ )?" + _GERMAN_RECORDS
    + r" (?:einer anderen|eines anderen|anderer) (?:firma|kunden|nutzers?|benutzers?"
    r"|unternehmens?|firmen)",
)  # fmt: skip
_ANY_EXPOSURE = AnyPattern(_EXPOSURES)
_EXPOSURE = re.compile("|".join(f"(?:{pattern})" for pattern in _EXPOSURES))
# A condition or a safeguard before it: "if other users could see", "make sure no one else".
_NOT_A_FACT_BEFORE = re.compile(
    r"\b(?:if|whether|unless|in case|make sure|ensure|prevent|so that|si|au cas|wenn|falls|ob"
    r"|sicherstellen|se|caso)\b"
)


@lru_cache(maxsize=256)
def reports_an_exposure(text: str) -> bool:
    """Whether the span states, as a fact, that someone else sees private records of the
    writer's or that the writer sees another company's: not asked, denied or supposed."""
    lowered = text.lower().replace("’", "'")
    if "?" in lowered or not _ANY_EXPOSURE.search(lowered):
        return False
    return any(said_as_fact(lowered, cue.start()) for cue in _EXPOSURE.finditer(lowered))


def said_as_fact(lowered: str, start: int) -> bool:
    """Whether the cue at `start` of the lower-cased text is neither denied nor supposed (the
    urgency cues read their own breach patterns so)."""
    before = lowered[:start]
    return not denied(before) and not _NOT_A_FACT_BEFORE.search(before)
