"""Notifications carry an unsubscribe link at BOUCLE_PUBLIC_URL; without it the link is this
machine's own address, which nobody who reads the message can open. A server (at its start),
`boucle doctor` and `boucle loop send` say so, and what to set."""

import logging

from api.app import create_app
from api.cli import main
from api.settings import Settings, get_settings

WEBHOOK = {"notify_channel": "webhook", "webhook_url": "https://hooks.acme.test/boucle",
           "webhook_secret": "a-long-webhook-signing-secret"}  # fmt: skip
SAID = (
    "BOUCLE_NOTIFY_CHANNEL={channel} without BOUCLE_PUBLIC_URL: the unsubscribe links of "
    "notifications point at http://127.0.0.1:8000, which people outside this machine cannot "
    "open: set BOUCLE_PUBLIC_URL to the address they reach this server at "
    "(https://feedback.example.com)"
)


def warned(caplog, settings: Settings) -> list[str]:
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="boucle"):
        create_app(settings)
    return [r.getMessage() for r in caplog.records if "BOUCLE_PUBLIC_URL" in r.getMessage()]


def test_a_server_says_once_at_start_that_links_need_a_public_url(tmp_path, caplog) -> None:
    settings = Settings(data_dir=tmp_path, worker=False, **WEBHOOK)
    assert warned(caplog, settings) == [SAID.format(channel="webhook")]
    public = settings.model_copy(update={"public_url": "https://feedback.acme.test"})
    assert warned(caplog, public) == []
    assert warned(caplog, Settings(data_dir=tmp_path, worker=False)) == []  # nothing is sent


def test_doctor_says_it_too(tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("BOUCLE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("BOUCLE_NOTIFY_CHANNEL", "smtp")
    monkeypatch.setenv("BOUCLE_SMTP_HOST", "mail.acme.test")
    get_settings.cache_clear()
    try:
        main(["doctor"])  # no workspace there yet: it says that too, after
    finally:
        get_settings.cache_clear()
    assert f"boucle doctor: {SAID.format(channel='smtp')}" in capsys.readouterr().err


def test_loop_send_says_it_before_sending(settings: Settings, monkeypatch, capsys) -> None:
    """`boucle loop send` sends what the worker sends: the links it writes are as unreachable."""
    monkeypatch.setenv("BOUCLE_DATA_DIR", str(settings.data_dir))
    for name, value in WEBHOOK.items():
        monkeypatch.setenv(f"BOUCLE_{name.upper()}", value)
    get_settings.cache_clear()
    try:
        assert main(["loop", "send"]) == 0  # nothing due: nothing sent, still said
        said = capsys.readouterr()
        monkeypatch.setenv("BOUCLE_PUBLIC_URL", "https://feedback.acme.test")
        get_settings.cache_clear()
        assert main(["loop", "send"]) == 0
        public = capsys.readouterr()
    finally:
        get_settings.cache_clear()
    assert said.err == f"boucle loop send: {SAID.format(channel='webhook')}\n"
    assert said.out.startswith("0 notifications sent") and public.err == ""


def test_serve_on_another_port_links_to_that_port(tmp_path, boucle, monkeypatch) -> None:
    """`boucle serve --port 8101` said its links pointed at http://127.0.0.1:8000, and wrote
    them so: the settings' port, not the one served."""
    import socket

    from tests.serve_here import serve_up_to_uvicorn

    with socket.socket() as probe:  # a port free here: 8101 may be another test's
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {"BOUCLE_DATA_DIR": str(tmp_path), "BOUCLE_WORKER": "false",
           **{f"BOUCLE_{name.upper()}": value for name, value in WEBHOOK.items()}}  # fmt: skip
    done, served = serve_up_to_uvicorn(boucle, monkeypatch, env, "--port", str(port))
    assert [options["port"] for options in served] == [port], done.stderr
    said = SAID.format(channel="webhook").replace(":8000", f":{port}")
    assert said in done.stderr and ":8000" not in done.stderr, done.stderr
