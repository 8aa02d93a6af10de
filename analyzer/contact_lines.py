"""A span that holds only contact details redaction masked, with their labels: "Meine Email:
[EMAIL], Tel. [PHONE]", "O meu NIF é [ID] e o telemóvel [PHONE].", "My number: [PHONE]". It
tells where to reach the writer and asks, praises or reports nothing; the heads heard praise in
what is left of it (0.8 and more). The intent stage reads it as context: no label but `other`."""

import re

from analyzer.negation import fold
from analyzer.placeholders import PLACEHOLDER

# Written on folded text (lower case, no accents): the details' labels and the words that join
# them, in the six languages. Any other word says something more, and the heads read it.
_LABELS = """email e-mail mail courriel adresse address addresse tel tel. telephone phone mobile
    cell portable handy telefon telefonnummer handynummer mobil movil telefono celular telemovel
    cellulare numero number nummer no nr n° id nif nie dni cpf iban ssn fax whatsapp contact
    contacto contatto kontakt coordonnees details daten datos dados dati cf codice fiscale
    my mon ma mes meine mein meinen mi mis il mio la mia o meu a minha
    is est ist es e é et and und y or ou oder o de du of von del da do here ici hier aqui aca qui
    voici voila below ci-dessous"""
_LABEL_WORDS = frozenset(fold(_LABELS).split())
# What redaction writes for a contact detail; a [NAME] alone is no contact detail ("No, [NAME]").
_DETAIL = re.compile(r"\[(?:EMAIL|PHONE|ID|SSN|ADDRESS|IBAN|CARD|URL|DATE_OF_BIRTH)\]")
_WORD = re.compile(r"[^\W_]+(?:[-.'’][^\W_]+)*\.?|n°")


def only_contact_details(text: str) -> bool:
    """Whether `text` holds a contact detail's placeholder and, besides placeholders and
    punctuation, only the labels of contact details and the words that join them."""
    if not _DETAIL.search(text):
        return False
    words = _WORD.findall(fold(PLACEHOLDER.sub(" ", text)))
    return all(word in _LABEL_WORDS or word.rstrip(".") in _LABEL_WORDS for word in words)
