"""Documentation that is made from the code stays in step with it."""

import json
import re
from pathlib import Path

from scripts.settings_doc import PAGE, settings_page


def test_the_settings_page_lists_every_setting_as_the_code_has_it() -> None:
    assert PAGE.read_text() == settings_page(), "run: python scripts/settings_doc.py"


def test_every_boucle_variable_the_code_reads_is_known() -> None:
    """A variable read outside the settings (BOUCLE_API_KEY of `import --url`) must be known to
    the start-up check, or it is reported as a typo and `serve` refuses to start."""
    import re
    from pathlib import Path

    from api.env_names import known_names

    root = Path(__file__).resolve().parents[1]
    read = re.compile(r"""(?:environ\.get|getenv|environ\[)\(?\s*["'](BOUCLE_\w+)["']""")
    names = {name for folder in ("analyzer", "models", "api", "scripts", "tests")
             for path in (root / folder).rglob("*.py") for name in read.findall(path.read_text())}  # fmt: skip
    assert names >= {"BOUCLE_API_KEY", "BOUCLE_TEST_POSTGRES"}  # the pattern finds them
    assert names <= set(known_names())


def test_the_webhook_page_verifies_a_signature_the_code_made() -> None:
    """docs/webhooks.md's example, run as written, accepts what a webhook channel sends and
    refuses the body parsed and dumped again (the HMAC is over the raw bytes), another
    timestamp, and the same request replayed more than 5 minutes later."""
    import time
    from types import SimpleNamespace

    from api.loop.channels import WebhookChannel
    from tests.test_loop import Receiver

    example = re.search(r"```python\n(.*?)```", webhook_page(), re.DOTALL).group(1)
    assert len([line for line in example.splitlines() if line.strip()]) <= 8
    names: dict = {}
    exec(example, names)  # noqa: S102 - the documented snippet itself
    receiver = Receiver()
    try:
        alert = {"kind": "theme_emerging", "theme": {"id": 7, "name": "export · café ☕"}}
        WebhookChannel(receiver.url, "the-receivers-secret").post(alert, "boucle:theme:7:x")
    finally:
        receiver.close()
    delivery = receiver.received[0]
    body, headers = delivery["body"], delivery["headers"]
    timestamp, header = headers["X-Boucle-Timestamp"], headers["X-Boucle-Signature-V2"]
    verified = names["verified"]
    assert verified("the-receivers-secret", body, timestamp, header)
    assert not verified("another-secret", body, timestamp, header)
    assert not verified("the-receivers-secret", json.dumps(json.loads(body)).encode(),
                        timestamp, header)  # fmt: skip
    assert not verified("the-receivers-secret", body, str(int(timestamp) - 1), header)
    later = time.time() + 301  # the same request replayed 5 minutes and a second later
    names["time"] = SimpleNamespace(time=lambda: later)  # the snippet's clock, not the module
    assert not verified("the-receivers-secret", body, timestamp, header)
    assert delivery["headers"]["Idempotency-Key"] == "boucle:theme:7:x"


def webhook_page() -> str:
    return (Path(__file__).resolve().parents[1] / "docs" / "webhooks.md").read_text()


def documented_body(kind: str) -> dict:
    """The JSON example of docs/webhooks.md whose `kind` is `kind`."""
    for block in re.findall(r"```json\n(.*?)```", webhook_page(), re.DOTALL):
        body = json.loads(block)
        if body.get("kind") == kind:  # the registered webhooks' say `event`
            return body
    raise AssertionError(f"docs/webhooks.md has no example of {kind}")


def shape(value: object) -> object:
    """The fields of a JSON value, nested (a list of objects by its first one), without the
    values: a list of strings is not a list of objects."""
    if isinstance(value, dict):
        return {key: shape(item) for key, item in value.items()}
    if isinstance(value, list) and value and isinstance(value[0], dict):
        return [shape(value[0])]
    return "list" if isinstance(value, list) else "value"


def key_form(key: str) -> str:
    """An idempotency key with its digest and numbers as placeholders: what it is made of."""
    return re.sub(r"\d+", "<n>", re.sub(r"\b[0-9a-f]{24}\b", "<24 hex>", key))


def test_the_documented_bodies_are_the_ones_sent(store_client) -> None:
    """The page showed alert quotes as strings while objects were sent: each example has the
    fields of a body the code sends, nested; and the links are absolute
    under BOUCLE_PUBLIC_URL, opening the theme on the web page."""
    from api.loop.channels import WebhookChannel
    from api.loop.delivery import deliver_due
    from api.themes.alerts import deliver_alerts
    from tests.test_loop import SECRET, Receiver, shipped_need
    from tests.test_theme_alerts import burst

    ws = store_client.app.state.workspace
    ws.settings.public_url = "https://boucle.acme.com"
    calendar = burst(store_client)
    assert store_client.post("/v1/themes/alerts/check").json()["items"]
    shipped_need(store_client)
    receiver = Receiver()
    try:
        assert deliver_alerts(ws, WebhookChannel(receiver.url, SECRET)) == 1
        assert deliver_due(ws, WebhookChannel(receiver.url, SECRET)) == 3
    finally:
        receiver.close()
    sent = {}
    for delivery in receiver.received:
        sent.setdefault(json.loads(delivery["body"])["kind"], json.loads(delivery["body"]))
    alert = sent["theme_emerging"]
    assert alert["url"] == f"https://boucle.acme.com/v1/themes/{calendar['id']}"
    assert alert["page"] == f"https://boucle.acme.com/app#themes?theme={calendar['id']}"
    documented = documented_body("theme_emerging")
    assert shape(documented) == shape(alert)
    assert documented["url"].startswith("https://boucle.acme.com/v1/themes/")
    assert shape(documented_body("shipped")) == shape(sent["shipped"])
    # the key as sent (`...:to:<hex>:shipped`): the page showed it without its decision
    assert key_form(documented_body("shipped")["idempotency_key"]) == key_form(
        sent["shipped"]["idempotency_key"]
    )
    listed = store_client.get("/v1/themes/alerts").json()["items"][0]["payload"]
    assert (listed["url"], listed["page"]) == (
        f"/v1/themes/{calendar['id']}", f"/app#themes?theme={calendar['id']}")  # fmt: skip


def test_the_webhook_page_gives_the_retry_schedule_of_the_code(settings) -> None:
    import re
    from pathlib import Path

    from api.loop.delivery import backoff

    page = " ".join(
        (Path(__file__).resolve().parents[1] / "docs" / "webhooks.md").read_text().split()
    )
    listed = re.search(r"\((30 s, [^)]*) with the defaults\)", page).group(1).split(", ")
    seconds = [int(n) * (60 if unit == "min" else 1) for n, unit in map(str.split, listed)]
    tries = range(1, settings.notify_max_attempts)  # the last try is not retried
    assert seconds == [backoff(settings, n).total_seconds() for n in tries]
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    assert "docs/webhooks.md" in readme


def test_the_readme_says_how_low_disk_space_is_handled() -> None:
    """Operators read /readyz's 503 as "writes refused": the README says they are not, and how
    often the worker says it, as api/ops/disk.py does."""
    from api.ops.disk import LOW_DISK_REPEAT_S

    readme = " ".join((Path(__file__).resolve().parents[1] / "README.md").read_text().split())
    start = readme.index("under `BOUCLE_MIN_FREE_MB`")
    said = readme[start : start + 900]  # the low-disk paragraph
    assert f"again every {LOW_DISK_REPEAT_S / 60:.0f} minutes while it stays low" in said
    assert "Writes are not refused: `POST /v1/feedback`" in said


def test_the_readme_names_the_uvicorn_options_serve_sets_from_the_settings() -> None:
    """It called `--timeout-graceful-shutdown` one of `serve`'s options, which has none such (the
    setting is BOUCLE_SHUTDOWN_GRACE_S), and left the proxy options out."""
    from api.cli import uvicorn_options
    from api.settings import Settings

    readme = " ".join((Path(__file__).resolve().parents[1] / "README.md").read_text().split())
    start = readme.index("Served another way, `uvicorn api.app:app`")
    said = readme[start : start + 900]  # the paragraph on serving without `boucle serve`
    options = set(uvicorn_options(Settings(trusted_proxies=["10.0.0.5"]))) - {"log_config"}
    assert options == {"timeout_graceful_shutdown", "proxy_headers", "forwarded_allow_ips"}
    for option in options:  # uvicorn's flag for each
        assert f"--{option.replace('_', '-')}" in said, option
    assert "`BOUCLE_SHUTDOWN_GRACE_S`" in said and "`BOUCLE_TRUSTED_PROXIES`" in said
