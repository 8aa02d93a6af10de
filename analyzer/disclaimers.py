"""Lines that end an e-mail with what no customer wrote: a legal disclaimer ("This e-mail and any
attachments are confidential…", "Ce message et ses pièces jointes sont confidentiels…", "Diese
E-Mail enthält vertrauliche Informationen…", "Este mensaje es confidencial…", "Questo messaggio
è riservato…", "Esta mensagem é confidencial…"), the print-the-planet line, and a help desk's reply marker ("##- Please type your reply above this
line -##", Zendesk's, in any language). Everything from such a line on is cut (normalise): each of
its sentences was an insight, and a disclaimer read as a complaint. A text whose first line is one
keeps it: a message is never cut down to nothing. A reply marker on the first line is Zendesk's
notification itself (a reply is typed above it, none was): the marker goes, the message below it
stays.

Each opener needs its own words together ("this e-mail … confidential", "intended for"), so a
customer's "This e-mail was meant for me only", "Diese E-Mail ist an den Support gerichtet" or
"the confidential notes field" stays."""

import re

_MAIL = (
    r"(?:e-?mail|message|communication|transmission|courriel|mail|nachricht|mitteilung|"
    r"correo(?: electr(?:ó|o)nico)?|mensaje|comunicaci(?:ó|o)n|mensagem|comunica(?:ç|c)(?:ã|a)o|"
    r"messaggio|comunicazione)"
)
_DISCLAIMER = re.compile(
    r"^[ \t]*(?:"
    # Zendesk's marker: "##- Please type your reply above this line -##", "##- Veuillez écrire …"
    r"##- ?[^\n]{5,120}? ?-## *$"
    r"|(?:confidentiality notice|confidentiality note|avis de confidentialit[ée]|"
    r"clause de confidentialit[ée])\s*:"
    rf"|this {_MAIL}\b[^\n]{{0,80}}?\b(?:(?:is|are|may be|may contain|contains?) "
    r"(?:strictly )?(?:confidential|privileged)|(?:is )?intended (?:solely |only |exclusively )?"
    r"for|for the (?:sole|exclusive) use)"
    rf"|(?:ce|le présent|cet) {_MAIL}\b[^\n]{{0,80}}?\b(?:confidentiel|"
    r"(?:sont |est )?(?:destinée?s? |établie?s? )(?:uniquement|exclusivement))"
    # German: "Diese E-Mail enthält vertrauliche Informationen", "… ist ausschließlich für den
    # Adressaten bestimmt"
    r"|(?:vertraulichkeitshinweis|haftungsausschluss|rechtlicher hinweis)\s*:"
    rf"|(?:diese|die vorliegende) {_MAIL}\b[^\n]{{0,80}}?\b(?:(?:enth(?:ä|ae)lt|ist|sind|kann|k(?:ö|oe)nnen)"
    r"\s+(?:streng |m(?:ö|oe)glicherweise |eventuell )?vertraulich|ausschlie(?:ß|ss)lich f(?:ü|ue)r"
    r"|nur f(?:ü|ue)r den (?:adressaten|empf(?:ä|ae)nger)|(?:ist|sind) f(?:ü|ue)r den (?:adressaten|"
    r"empf(?:ä|ae)nger) bestimmt)"
    rf"|die in diese[rm] {_MAIL} enthaltenen informationen"
    # Spanish and Portuguese: "Este mensaje es confidencial y está dirigido exclusivamente a su
    # destinatario", "Esta mensagem é confidencial e destina-se exclusivamente ao destinatário"
    r"|(?:aviso de confidencialidad|aviso legal|cl(?:á|a)usula de confidencialidad|"
    r"aviso de confidencialidade|avviso di riservatezza|clausola di riservatezza)\s*:"
    rf"|(?:este|el presente|esta|a presente|o presente) {_MAIL}\b[^\n]{{0,80}}?\b(?:(?:es|son|é|e|são|"
    r"sao|contiene|contienen|contém|contem|puede contener|pueden contener|pode conter|podem conter)"
    r"\s+(?:(?:de )?(?:car(?:á|a)cter|natureza) |estrictamente |estritamente |informaci(?:ó|o)n |"
    r"informa(?:ç|c)(?:ã|a)o |informa(?:ç|c)(?:õ|o)es |legalmente )*(?:confidencia|privilegiad)|(?:(?:est(?:á|a)n?|va|van|é|e|são|sao) )?"
    r"(?:dirigid|destinad)[oa]s? (?:exclusivamente|(?:ú|u)nicamente|solamente|apenas)|"
    r"se dirigen? (?:exclusivamente|(?:ú|u)nicamente)|destina(?:m)?-se)"
    rf"|(?:la informaci(?:ó|o)n|as informa(?:ç|c)(?:õ|o)es|a informa(?:ç|c)(?:ã|a)o) (?:contid|contenid)[ao]s? "
    rf"(?:en|nesta|neste|em) (?:este |esta |el presente )?{_MAIL}"
    # Italian: "Questo messaggio e i suoi allegati sono riservati", "Ai sensi del D.Lgs. 196/2003"
    rf"|(?:questo|il presente|questa|la presente) {_MAIL}\b[^\n]{{0,80}}?\b(?:(?:è|e|sono|contiene|"
    r"contengono|può contenere|possono contenere)\s+(?:strettamente |informazioni |dati )*"
    r"(?:riservat|confidenzial)|"
    r"destinat[oaie] (?:esclusivamente|unicamente|solo))"
    rf"|le informazioni contenute (?:in|nel(?:la)?) (?:questo |questa |il presente )?{_MAIL}"
    r"|(?:please )?(?:consider|think of|think about) the environment before printing"
    r"|(?:merci de )?(?:pensez|penser) à l['’]environnement avant d['’]imprimer"
    r"|(?:bitte )?(?:denken sie|denk) an die umwelt,? bevor sie (?:diese|die) [^\n]{0,20}ausdrucken"
    r"|(?:por favor,? )?(?:antes de imprimir,? (?:este|esta|piense|pense|considere|recuerde)|"
    r"piense en el medio ambiente antes de imprimir|pense no meio ambiente antes de imprimir)"
    r"|prima di stampare,? (?:questa|questo|pensa|pensate|rifletti|considera)"
    r"|rispetta l['’]ambiente:? non stampare"
    r")[^\n]*$",
    re.MULTILINE | re.IGNORECASE,
)
# Every opener above holds one of these (lower case): most texts hold none and are let go at once,
# as the pattern tried at each line start cost more than the rest of normalisation.
_KEYWORDS = ("##-", "confidential", "privileged", "intended", "sole use", "exclusive use",
             "before printing", "destiné", "établi", "confidentiel", "avant d'imprimer",
             "avant d’imprimer", "vertraulich", "ausschließlich", "ausschliesslich", "nur für den",
             "für den adressaten", "für den empfänger", "enthaltenen informationen",
             "haftungsausschluss", "rechtlicher hinweis", "umwelt", "confidencia",
             "aviso legal", "privilegiad", "dirigid", "destinad", "se dirige", "destina-se",
             "contida", "contenida", "imprimir", "riservat", "confidenzial", "destinat",
             "informazioni contenute", "stampare", "rispetta l")  # fmt: skip


# Zendesk's marker on a notification's first line: a reply is typed above it, so in a mail that
# opens with it (the notification itself, forwarded or imported) the message is what follows.
_OPENING_REPLY_MARKER = re.compile(r"\s*##- ?[^\n]{5,120}? ?-## *(?:\n|$)")


def cut_disclaimer(text: str) -> str:
    """The text before its first disclaimer, print-the-planet line or help-desk reply marker that
    has words above it; the text itself when it has none. A reply marker opening the text goes,
    and what follows it stays."""
    lowered = text.lower()
    if not any(keyword in lowered for keyword in _KEYWORDS):
        return text
    opening = _OPENING_REPLY_MARKER.match(text)
    if opening is not None and text[opening.end() :].strip():
        text = text[opening.end() :]
    for match in _DISCLAIMER.finditer(text):
        if text[: match.start()].strip():
            return text[: match.start()]
    return text
