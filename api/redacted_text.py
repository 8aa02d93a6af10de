"""What the team writes, redacted as a customer's message is: a follow-up note pasting "Paul
Petit (paul.petit@x.com, 06 55 44 33 22, IBAN FR76 …)" and its `by`, a theme's name (seeded or
renamed), seed examples and description, a need's title and description were stored as sent and
shown to every `read` key."""

from typing import TypeVar

from pydantic import BaseModel

from analyzer.names import redact_names
from analyzer.stages.redact import redact_patterns
from api.settings import Settings

Body = TypeVar("Body", bound=BaseModel)


def redacted_text(text: str | None, settings: Settings, names: bool = True) -> str | None:
    """`text` with what ingestion redacts replaced (e-mails, phones, IBANs, cards, social
    security numbers, addresses, ...), and person names the rules find unless
    BOUCLE_REDACT_NAMES=off or `names` is False (a field that names a team member on purpose):
    the NER is for bulk ingestion, not a request's few lines."""
    if not text:
        return text
    text = redact_patterns(text)[0]
    if not names or settings.redact_names == "off":
        return text
    return redact_names(text, frozenset(name.casefold() for name in settings.not_names))[0]


def redacted_fields(body: Body, settings: Settings, *fields: str) -> Body:
    """`body` with these fields (a text, a list of texts or a dict of them) redacted; a field
    left out stays left out (an edit changes only what it sends)."""
    update = {}
    for name in set(fields) & body.model_fields_set:
        value = getattr(body, name)
        if isinstance(value, list):
            update[name] = [redacted_text(text, settings) for text in value]
        elif isinstance(value, dict):  # a need's titles per language
            update[name] = {key: redacted_text(text, settings) for key, text in value.items()}
        else:
            update[name] = redacted_text(value, settings)
    return body.model_copy(update=update)
