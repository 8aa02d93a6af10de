"""Lines that end an e-mail with what no customer wrote: a legal disclaimer ("This e-mail and any
attachments are confidential…", "Ce message et ses pièces jointes sont confidentiels…"), the
print-the-planet line, and a help desk's reply marker ("##- Please type your reply above this
line -##", Zendesk's, in any language). Everything from such a line on is cut (normalise): each of
its sentences was an insight, and a disclaimer read as a complaint. A text whose first line is one
keeps it: a message is never cut down to nothing.

Each opener needs its own words together ("this e-mail … confidential", "intended for"), so a
customer's "This e-mail was meant for me only" or "the confidential notes field" stays."""

import re

_MAIL = r"(?:e-?mail|message|communication|transmission|courriel|mail)"
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
    r"|(?:please )?(?:consider|think of|think about) the environment before printing"
    r"|(?:merci de )?(?:pensez|penser) à l['’]environnement avant d['’]imprimer"
    r")[^\n]*$",
    re.MULTILINE | re.IGNORECASE,
)
# Every opener above holds one of these (lower case): most texts hold none and are let go at once,
# as the pattern tried at each line start cost more than the rest of normalisation.
_KEYWORDS = ("##-", "confidential", "privileged", "intended", "sole use", "exclusive use",
             "before printing", "destiné", "établi", "confidentiel", "avant d'imprimer",
             "avant d’imprimer")  # fmt: skip


def cut_disclaimer(text: str) -> str:
    """The text before its first disclaimer, print-the-planet line or help-desk reply marker that
    has words above it; the text itself when it has none."""
    lowered = text.lower()
    if not any(keyword in lowered for keyword in _KEYWORDS):
        return text
    for match in _DISCLAIMER.finditer(text):
        if text[: match.start()].strip():
            return text[: match.start()]
    return text
