"""Free-form JSON a caller attaches (feedback metadata, contact and account attributes), with the
same patterns redacted as in the customer's words: a ticket's `phone` or a CRM's IBAN column
was stored as sent and shown to every `read` key."""

import re

from analyzer.stages.redact import redact_patterns

# An e-mail address is kept: it is how an erasure by address finds an item with no contact
# (POST /v1/erasures looks in metadata), and a contact's own address is a field of its own.
KEPT = frozenset({"email"})
_SEPARATORS = re.compile(r"[_\-.]+")


def redacted_json(value: dict) -> dict:
    """`value` with every string (keys excepted) passed through the redaction patterns, each
    read after its key as a text reads after its words: {"ssn": "123-45-6789"} is [SSN] as "SSN
    123-45-6789" is in a message, not [PHONE] (the number's shape alone does not tell)."""

    def walk(node, label: str = ""):
        if isinstance(node, str):
            return redacted_value(node, label)
        if isinstance(node, dict):
            return {key: walk(item, str(key)) for key, item in node.items()}
        if isinstance(node, list):
            return [walk(item, label) for item in node]
        return node

    return walk(value)


def redacted_value(text: str, label: str) -> str:
    """`text` redacted with its label ("social_security_number": "social security number")
    before it as the cue; alone when the label itself was changed (then it is no cue)."""
    plain = redact_patterns(text, KEPT)[0]
    words = _SEPARATORS.sub(" ", label).strip()
    if not words:
        return plain
    prefix = f"{words}: "
    labelled = redact_patterns(prefix + text, KEPT)[0]
    return labelled[len(prefix) :] if labelled.startswith(prefix) else plain
