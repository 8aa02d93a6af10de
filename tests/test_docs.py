"""Documentation that is made from the code stays in step with it."""

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
    refuses the body parsed and dumped again (the HMAC is over the raw bytes)."""
    import json
    import re
    from pathlib import Path

    from api.loop.channels import WebhookChannel
    from tests.test_loop import Receiver

    page = (Path(__file__).resolve().parents[1] / "docs" / "webhooks.md").read_text()
    example = re.search(r"```python\n(.*?)```", page, re.DOTALL).group(1)
    assert len([line for line in example.splitlines() if line.strip()]) <= 5
    names: dict = {}
    exec(example, names)  # noqa: S102 - the documented snippet itself
    receiver = Receiver()
    try:
        alert = {"kind": "theme_emerging", "theme": {"id": 7, "name": "export · café ☕"}}
        WebhookChannel(receiver.url, "the-receivers-secret").post(alert, "boucle:theme:7:x")
    finally:
        receiver.close()
    delivery = receiver.received[0]
    body, header = delivery["body"], delivery["headers"]["X-Boucle-Signature"]
    assert names["verified"]("the-receivers-secret", body, header)
    assert not names["verified"]("another-secret", body, header)
    assert not names["verified"]("the-receivers-secret", json.dumps(json.loads(body)).encode(),
                                 header)  # fmt: skip
    assert delivery["headers"]["Idempotency-Key"] == "boucle:theme:7:x"


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
