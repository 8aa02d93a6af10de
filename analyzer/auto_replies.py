"""Out-of-office auto-replies: "I am out of the office until 12 December with limited access to
e-mail. For urgent matters please contact …", "Je suis absente du bureau jusqu'au …, en cas
d'urgence contactez …", "Ich bin bis zum … nicht im Büro. In dringenden Fällen …". A help desk
files them as tickets; they are no feedback, and their "for urgent matters" hand-off is the
sender's, not a request to us. The later stages read such a message neutral, `other` and low.

Two signs together: the writer away (an absence said in the first person) and what only an
auto-reply adds (a hand-off for urgent matters, limited access to e-mail, an answer on return,
or its subject line: "Automatic reply", "Abwesenheitsnotiz"). An absence alone is feedback's
context ("Je suis absent jusqu'au 12 mais l'export plante"), and so is an auto-reply named alone
("Our auto-reply rules stopped firing"), and an auto-reply asks nothing: a text with a question
("Could you add an auto-reply for when I'm out of the office?") is feedback. Written on
lower-cased text, in en/fr/de/es/it/pt."""

import re

ABSENT = re.compile(
    r"\b(?:i am|i'm|i will be|i'll be|i shall be)(?: currently| now)? (?:out of (?:the )?office|"
    r"away(?: from (?:the |my )?(?:office|desk))?|on (?:\w+ )?(?:leave|holiday|vacation)|off work|"
    r"not in the office|absent)\b|"
    r"\bje (?:suis|serai)(?: actuellement)? (?:absente?|en congés?|en vacances|en déplacement|"
    r"(?:hors|en dehors) du bureau)\b|"
    # "Ich bin bis zum 14. April nicht im Büro": a date's period ends no sentence
    r"\bich (?:bin|befinde mich)\b(?:[^.!?]|(?<=\d)\.){0,60}?\b(?:nicht im büro|im urlaub|abwesend|außer haus|"
    r"nicht erreichbar|auf dienstreise|in elternzeit)\b|"
    r"\b(?:estoy|estaré|me encuentro)(?: \w+){0,3}? (?:fuera de la oficina|de vacaciones|ausente|"
    r"de viaje)\b|"
    r"\b(?:sono|sarò|mi trovo)(?: \w+){0,3}? (?:fuori (?:ufficio|sede)|in ferie|assente|in vacanza)\b|"
    r"\b(?:estou|estarei)(?: \w+){0,3}? (?:fora do escritório|de férias|ausente)\b"
)

AUTO_REPLY_ONLY = re.compile(
    r"\b(?:out[ -]of[ -]office|automatic reply|auto-?reply|r[ée]ponse automatique|message d'absence|"
    r"abwesenheitsnotiz|automatische antwort|respuesta automática|risposta automatica|"
    r"resposta automática)\b|"
    # a hand-off for urgent matters
    r"\bfor (?:anything|any|all)? ?urgent\b|\bin (?:urgent|emergency) cases\b|\bin case of (?:an )?"
    r"emergency\b|\ben cas d'urgence\b|\bpour toute (?:demande|question|affaire) urgente\b|"
    r"\bin dringenden fällen\b|\bbei dringenden (?:anliegen|fragen|angelegenheiten)\b|"
    r"\b(?:para|en) (?:asuntos|casos|temas) urgentes\b|\ben caso de urgencia\b|"
    r"\bper (?:questioni|comunicazioni|richieste|casi) urgenti\b|\bin caso di urgenza\b|"
    r"\bpara assuntos urgentes\b|\bem caso de urgência\b|"
    # limited or no access to e-mail; an answer on return
    r"\b(?:limited|no) access to (?:my )?e-?mails?\b|\baccès limité à (?:mes |ma )|"
    r"\bn'aurai (?:pas|qu'un) (?:accès|acces)\b|\beingeschränkte[mn]? zugriff\b|"
    r"\b(?:lese|prüfe) meine e-?mails nur\b|\bacceso limitado al correo\b|"
    r"\baccesso limitato alla posta\b|\bacesso limitado ao e-?mail\b|"
    r"\b(?:upon|on|after) my return\b|\bà mon retour\b|\bdès mon retour\b|"
    r"\bnach meiner rückkehr\b|\bwird nicht weitergeleitet\b|\ba mi regreso\b|\bal mio rientro\b|"
    r"\bno meu (?:regresso|retorno)\b"
)


def is_auto_reply(text: str) -> bool:
    """Whether `text` is an out-of-office auto-reply, not feedback."""
    if "?" in text:
        return False
    lowered = text.lower()
    return ABSENT.search(lowered) is not None and AUTO_REPLY_ONLY.search(lowered) is not None
