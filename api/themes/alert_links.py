"""The links of a theme alert: `url` (the API's view of it) and `page` (the web page's view),
stored relative and sent absolute under BOUCLE_PUBLIC_URL, so a chat message links somewhere."""


def page_of(theme_id: int | None) -> str:
    """The web page's themes tab with the theme open (`#themes?theme=7`, as the page's own URL
    holds it); without a theme, the tab with the emerging themes and alerts."""
    return f"/app#themes?theme={theme_id}" if theme_id is not None else "/app#themes"


def as_sent(payload: dict, public_url: str | None) -> dict:
    """The alert as POSTed: `page` added to an alert stored before it existed, and both links
    absolute when the public address is set."""
    theme_id = (payload.get("theme") or {}).get("id")
    sent = {**payload, "page": payload.get("page") or page_of(theme_id)}
    if public_url:
        for name in ("url", "page"):
            if sent[name].startswith("/"):
                sent[name] = public_url + sent[name]
    return sent
