"""What a webhook address must be, for the settings (BOUCLE_WEBHOOK_URL,
BOUCLE_THEME_ALERT_WEBHOOK_URL) and the webhooks registered through the API alike."""

from urllib.parse import urlsplit

MAX_URL_LENGTH = 2000


def webhook_url_problem(url: str) -> str | None:
    """None for an absolute http(s) address with a host; else what to write instead."""
    example = "write it with http:// or https:// and the host, e.g. https://desk.acme.com/boucle"
    if len(url) > MAX_URL_LENGTH:
        return f"{len(url):,} characters; a webhook address has at most {MAX_URL_LENGTH:,}"
    if any(char.isspace() for char in url):
        return f"{url!r} holds a space or line break: {example}"
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises on a port that is no number
    except ValueError as error:
        return f"{url!r} is no web address ({error}): {example}"
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return f"{url!r} is no absolute web address: {example}"
    if parts.fragment:  # never sent to the server: the receiver would not see it
        return f"{url!r} has a #fragment, which is never sent: leave it out"
    return None


def same_address(url: str) -> tuple:
    """What makes two addresses one receiver: scheme and host in any case, the default port
    written or not, a trailing slash or not (`/hook/` after `/hook` had every event sent twice),
    empty query parameters (`?a=1&`) left out."""
    parts = urlsplit(url)
    default = {"http": 80, "https": 443}.get(parts.scheme.lower())
    query = "&".join(pair for pair in parts.query.split("&") if pair)
    return (parts.scheme.lower(), (parts.hostname or "").lower(), parts.port or default,
            parts.path.rstrip("/") or "/", query)  # fmt: skip


def address_shown(url: str) -> str:
    """An address as answers and the audit trail name it: without the credentials or the query,
    which may hold a token (`?token=`)."""
    parts = urlsplit(url)
    host = parts.netloc.rpartition("@")[2]
    return f"{parts.scheme}://{host}{parts.path}" + ("?…" if parts.query else "")
