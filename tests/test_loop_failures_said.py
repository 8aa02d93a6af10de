"""What a person sees of a delivery that failed: `boucle loop send` said "0 notifications sent,
3 still pending" and no more, and `boucle loop outbox` cut the stored error at 40 characters
("webhook 127.0.0.1:41234: no connection (…"). Each now says the try count and why, whole,
without the webhook's secret path or query."""

import socket

from api.settings import Settings
from tests.test_loop import SECRET, Receiver, shipped_need


def test_a_failed_delivery_is_said_with_its_tries_and_why(
    store_client, store_settings: Settings, share_with_cli, boucle
) -> None:
    shipped_need(store_client)
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))  # bound, never listening: refused
    refusing = f"127.0.0.1:{closed.getsockname()[1]}"
    share_with_cli(store_settings)
    channel = {"BOUCLE_NOTIFY_CHANNEL": "webhook", "BOUCLE_WEBHOOK_SECRET": SECRET,
               "BOUCLE_NOTIFY_MAX_ATTEMPTS": "3",
               "BOUCLE_WEBHOOK_URL": f"http://{refusing}/services/chat-token?code=k3y"}  # fmt: skip
    try:
        sent = boucle("loop", "send", env=channel)
    finally:
        closed.close()
    why = f"webhook {refusing}: no connection (ConnectError)"
    assert sent.returncode == 0, sent.stderr
    assert sent.stdout.startswith("0 notifications sent, 3 still pending")
    # the destination backs off after its first refusal: one message tried, none spent a try
    [held] = [line for line in sent.stderr.splitlines() if "did not answer" in line]
    assert "not delivered" not in sent.stderr
    assert held.startswith(
        f"boucle loop send: notification URL {refusing} did not answer "
        f"({refusing}: no connection (ConnectError)): its messages wait until "
    )
    assert held.endswith(", no try counted (`boucle loop retry NEED_ID` sends a need's now)")
    listed = boucle("loop", "outbox")
    assert why in listed.stdout.splitlines()[1]
    said = sent.stdout + sent.stderr + listed.stdout
    assert not any(secret in said for secret in ("chat-token", "k3y", "/services"))


def test_a_message_given_up_says_it_has_no_more_tries(
    store_client, store_settings: Settings, share_with_cli, boucle
) -> None:
    shipped_need(store_client)
    receiver = Receiver(fail_first=100)  # answers, with a 500 each time
    share_with_cli(store_settings)
    channel = {"BOUCLE_NOTIFY_CHANNEL": "webhook", "BOUCLE_WEBHOOK_SECRET": SECRET,
               "BOUCLE_NOTIFY_MAX_ATTEMPTS": "1",
               "BOUCLE_WEBHOOK_URL": f"http://127.0.0.1:{receiver.server.server_port}/hook"}  # fmt: skip
    try:
        sent = boucle("loop", "send", env=channel)
    finally:
        receiver.close()
    assert sent.stdout.startswith("0 notifications sent, 0 still pending"), sent.stdout
    lines = [line for line in sent.stderr.splitlines() if "not delivered" in line]
    assert len(lines) == 3 and all(
        line.endswith(f"try 1 of 1 (no more tries): webhook 127.0.0.1:"
                      f"{receiver.server.server_port}: HTTP 500") for line in lines
    ), lines  # fmt: skip
