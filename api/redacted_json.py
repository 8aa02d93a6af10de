"""Free-form JSON a caller attaches (feedback metadata, contact and account attributes), with the
same patterns redacted as in the customer's words: a ticket's `phone` or a CRM's IBAN column
was stored as sent and shown to every `read` key. Feedback metadata also loses person names: a
ticket's `requester_name` reached every `read` key and the CSV export."""

import re
from collections.abc import Callable

from api.settings import get_settings

# An e-mail address is kept: it is how an erasure by address finds an item with no contact
# (POST /v1/erasures looks in metadata), and a contact's own address is a field of its own.
KEPT = frozenset({"email"})
_SEPARATORS = re.compile(r"[_\-.]+")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_ADDRESS = re.compile(r"^\S+@\S+\.\S+$")
# A key naming a person: "name", "requester_name", "customerName", "author", "reviewer";
# not "product_name" or "plan_name", which name things.
_PERSON_KEYS = frozenset({
    "name", "names", "author", "reviewer", "requester", "submitter", "reporter", "surname",
    "firstname", "lastname", "fullname", "nom", "prenom", "prénom", "vorname", "nachname",
})  # fmt: skip
_PERSON_ROLES = frozenset({
    "requester", "customer", "contact", "author", "reviewer", "submitter", "reporter", "client",
    "user", "sender", "caller", "person", "first", "last", "full", "given", "family", "display",
    "middle", "buyer", "owner", "signer",
})  # fmt: skip


def redacted_json(value: dict) -> dict:
    """`value` with every string (keys excepted) passed through the redaction patterns, each
    read after its key as a text reads after its words: {"ssn": "123-45-6789"} is [SSN] as "SSN
    123-45-6789" is in a message, not [PHONE] (the number's shape alone does not tell)."""
    return walked(value, redacted_value)


def redacted_metadata(value: dict) -> dict:
    """Feedback metadata: redacted as `redacted_json`, and person names too, unless
    BOUCLE_REDACT_NAMES=off: a value under a key naming a person is [NAME] whole (an e-mail
    address kept), and other texts lose the names the rules find in a message."""
    settings = get_settings()
    if settings.redact_names == "off":
        return redacted_json(value)
    not_names = frozenset(name.casefold() for name in settings.not_names)

    def value_without_names(text: str, label: str) -> str:
        if names_a_person(label) and not _ADDRESS.match(text.strip()):
            return "[NAME]" if text.strip() else text
        from analyzer.names import redact_names  # seconds of name lists: for metadata only

        return redact_names(redacted_value(text, label), not_names)[0]

    return walked(value, value_without_names)


def walked(value: dict, redacted: Callable[[str, str], str]) -> dict:
    """`value` with each string `redacted(text, key it is under)`; a list's under the list's key."""

    def walk(node, label: str = ""):
        if isinstance(node, str):
            return redacted(node, label)
        if isinstance(node, dict):
            return {key: walk(item, str(key)) for key, item in node.items()}
        if isinstance(node, list):
            return [walk(item, label) for item in node]
        return node

    return walk(value)


def names_a_person(label: str) -> bool:
    """Whether a key says its value is a person's name: "requester_name", "customerName"."""
    words = _SEPARATORS.sub(" ", _CAMEL.sub(" ", label)).casefold().split()
    if not words:
        return False
    if len(words) == 1:
        return words[0] in _PERSON_KEYS
    return words[-1] in {"name", "names"} and words[-2] in _PERSON_ROLES or words[-1] in {
        "author", "reviewer", "requester", "submitter"}  # fmt: skip


def redacted_value(text: str, label: str) -> str:
    """`text` redacted with its label ("social_security_number": "social security number")
    before it as the cue; alone when the label itself was changed (then it is no cue)."""
    # here: the schemas that import this module are read by `boucle import --url`, which sends
    # rows that carry no metadata without redacting any
    from analyzer.stages.redact import redact_patterns

    plain = redact_patterns(text, KEPT)[0]
    words = _SEPARATORS.sub(" ", label).strip()
    if not words:
        return plain
    prefix = f"{words}: "
    labelled = redact_patterns(prefix + text, KEPT)[0]
    return labelled[len(prefix) :] if labelled.startswith(prefix) else plain
