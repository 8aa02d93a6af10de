"""An export's query as the audit trail records it: its values are the caller's words
(`?meta=phone:+33 1 42 68 53 00`, `?external_id=…`, a search's text), which the trail kept as
sent for as long as it is kept, after the person's erasure too. Each is redacted as a
customer's message is (api/redacted_text.py; a metadata filter's value as stored metadata is,
under its key), e-mail addresses included. Contact and account ids stay as given: an erasure
names them by their keyed digest from then on (api/privacy/trail_ids.py)."""

from api.privacy.trail_ids import ID_KEYS
from api.redacted_json import redacted_metadata
from api.redacted_text import redacted_text
from api.settings import Settings

PERSON_IDS = ID_KEYS["contact"] | ID_KEYS["account"]
META_PAIRS = "meta"  # ?meta=key:value
METADATA = "metadata"  # a body's {"metadata": {"key": "value"}} filter


def recorded_query(query: dict, settings: Settings) -> dict:
    """`query` (parameters or a body, JSON) with each value redacted but contact and account
    ids."""

    def walk(value, key: str = ""):
        if isinstance(value, dict):
            if key == METADATA:
                return {k: filter_value(k, v) if isinstance(v, str) else walk(v, k)
                        for k, v in value.items()}  # fmt: skip
            return {k: walk(v, k) for k, v in value.items()}
        if isinstance(value, list):
            return [walk(item, key) for item in value]
        if not isinstance(value, str) or key in PERSON_IDS:
            return value
        if key == META_PAIRS and ":" in value:
            name, _, given = value.partition(":")
            return f"{name}:{filter_value(name.strip(), given.strip())}"
        return redacted_text(value, settings)

    def filter_value(name: str, value: str) -> str:
        """As ingestion stores it under `name` ({"requester_name": …} is [NAME] whole), with
        its address too: the trail is no place an erasure by address looks things up."""
        return redacted_text(redacted_metadata({name: value})[name], settings, names=False)

    return walk(query)


def query_params(items: list[tuple[str, str]]) -> dict:
    """Query parameters as one dict: a repeated one (`meta`, `source`) as the list of its
    values (a dict of them kept the last alone); a key (`api_key`) left out."""
    found: dict[str, list[str]] = {}
    for name, value in items:
        if "key" not in name.lower():
            found.setdefault(name, []).append(value)
    return {name: values[0] if len(values) == 1 else values for name, values in found.items()}
