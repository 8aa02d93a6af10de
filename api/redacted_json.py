"""Free-form JSON a caller attaches (feedback metadata, contact and account attributes), with the
same patterns redacted as in the customer's words: a ticket's `phone` or a CRM's IBAN column
was stored as sent and shown to every `read` key."""

from analyzer.stages.redact import redact_patterns

# An e-mail address is kept: it is how an erasure by address finds an item with no contact
# (POST /v1/erasures looks in metadata), and a contact's own address is a field of its own.
KEPT = frozenset({"email"})


def redacted_json(value: dict) -> dict:
    """`value` with every string (keys excepted) passed through the redaction patterns."""

    def walk(node):
        if isinstance(node, str):
            return redact_patterns(node, KEPT)[0]
        if isinstance(node, dict):
            return {key: walk(item) for key, item in node.items()}
        if isinstance(node, list):
            return [walk(item) for item in node]
        return node

    return walk(value)
