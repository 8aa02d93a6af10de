"""Lines that only give a reference number or a contact detail: "Order #A-99812.", "Account ID:
12345.", "Kundennummer 88123.", "Commande n° 4471.", "Mon IBAN : [IBAN].", "Mi teléfono es
[PHONE].", "You can reach her on [EMAIL] or [PHONE].". They say nothing about the product, and
as insights the heads read them as praise or a complaint that spread to the whole message.
Segmentation drops such a span (the stored text keeps it); one that says more stays: "Order
12345 never arrived." reports a problem."""

import re

from analyzer.negation import fold

# Written on folded text (lower case, no accents): "Teléfono" is "telefono", "[PHONE]" "[phone]".
_OWNER = (
    r"(?:l'|(?:my|our|his|her|their|the|your|mon|ma|mes|notre|nos|son|sa|le|la|mein|meine|meinen"
    r"|unser|unsere|ihre?|die|der|mi|mis|nuestr[oa]s?|su|el|la|il|lo|mio|mia|nostr[oa]|(?:il|la)"
    r" (?:mia|mio|nostra|nostro|sua|suo)|meu|minha|nosso|nossa|o|a|seu|sua) )?"
)
_REFERENCE = (
    r"(?:order|account|customer|client|ticket|case|invoice|contract|subscription|user|member"
    r"|booking|reservation|reference|ref|tracking|transaction|serial|licen[cs]e)"
    r"(?: (?:number|no\.?|nr\.?|id|code|reference|ref))?"
    r"|(?:commande|compte|client|dossier|facture|contrat|abonnement|reservation|reference|ref"
    r"|ticket|identifiant|(?:numero|n[°o]\.?)(?: de| d')? ?(?:commande|client|compte|dossier"
    r"|facture|contrat|ticket)|numero)"
    r"|(?:bestell|kunden|konto|rechnungs|vertrags|ticket|auftrags|buchungs|referenz|mitglieds)"
    r"(?:nummer|-?nr\.?)|bestellung|kundenkonto|konto|referenz"
    r"|(?:numero (?:de |del |d'|di |do |da )?)?(?:pedido|cliente|cuenta|factura|contrato|reserva"
    r"|referencia|ordine|conto|fattura|contratto|prenotazione|riferimento|encomenda|conta|fatura"
    r"|referencia|codice cliente)|codice(?: cliente| ordine)?"
)
_CONTACT = (
    r"(?:phone|telephone|tel\.?|mobile|cell|e-?mail|email address|iban|bic|swift"
    r"|telephone|tel\.?|portable|e-?mail|courriel|adresse (?:e-?mail|mail)"
    r"|telefon(?:nummer)?|handy(?:nummer)?|mobilnummer|e-?mail-adresse"
    r"|telefono|movil|celular|correo(?: electronico)?|cellulare|posta elettronica|indirizzo e-?mail"
    r"|telemovel|endereco de e-?mail"
    r"|(?:numero|n[°o]\.?) (?:de |di |do |da )?(?:telephone|portable|telefono|telefone|cellulare"
    r"|movil|celular|telemovel))(?: (?:number|numero|nummer))?"
)
# What joins the label to its value: "#", ":", "n°", "is", "est", "ist", "es", "è", "é"
_JOIN = r"(?: ?(?:#|:|=|-|n[°ºo]\.?|nr\.?|no\.|is|est|ist|lautet|es|e|son|sono|sao|sont))*"
# A value: a number-like token (with a digit) or a redaction placeholder ("[PHONE]")
_VALUE = r"(?:#? ?[\w./-]*\d[\w./-]*|\[[a-z_]+\])"
_VALUES = _VALUE + r"(?:(?: ?,| or| ou| oder| o| y| e| and| und| et)? " + _VALUE + r")*"
# "You can reach her on [EMAIL] or [PHONE]", "Vous pouvez la joindre au [PHONE]", "Sie erreichen
# ihn unter [PHONE]", "Puede contactarla en [EMAIL]", "Può contattarlo al [PHONE]", "Pode ligar-lhe
# para o [PHONE]": a third person's contact, given to us
_REACH = (
    r"(?:(?:you|we) (?:can|could|may) |please )?(?:reach|contact|call|email|e-mail|text)"
    r" (?:him|her|them) (?:at|on|by|via|through)"
    r"|(?:vous pouvez |tu peux )?(?:le|la|les|l') ?(?:joindre|contacter|appeler)"
    r" (?:au|a|par|sur|via)"
    r"|(?:sie|du) (?:erreichen|erreichst|konnen|kannst) (?:ihn|sie)(?: erreichen)? (?:unter|per|uber)"
    r"|(?:puede|puedes|puo|puoi|pode|podes) (?:contactarl[oae]s?|llamarl[oae]s?|contattarl[oae]"
    r"|chiamarl[oae]|contacta-l[oa]|liga-lhe|ligar-lhe|contata-l[oa]) (?:al|en|a|por|su|para o"
    r"|para|pelo|no|nel)"
)
_LINE = re.compile(
    r"[-–—\s*•]*(?:"
    + _OWNER + r"(?:" + _REFERENCE + r"|" + _CONTACT + r")" + _JOIN + r" ?" + _VALUES
    + r"|(?:" + _REACH + r") " + _VALUES
    + r")[\s.!,;:)]*"
)  # fmt: skip


def is_reference_line(text: str) -> bool:
    """Whether the text only gives a reference number or a contact detail."""
    if not any(ch.isdigit() or ch == "[" for ch in text):  # most spans: no value to give
        return False
    return _LINE.fullmatch(fold(text).replace("\u00a0", " ")) is not None
