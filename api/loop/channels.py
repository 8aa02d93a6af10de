"""Where notifications go: a webhook (signed JSON) or SMTP e-mail. Both carry the notification's
idempotency key, so a receiver can drop a repeat after a crash (delivery is at-least-once)."""

import hashlib
import hmac
import json
import smtplib
import ssl
import time
from email.message import EmailMessage
from email.policy import default as default_policy
from email.utils import formatdate, parseaddr
from functools import cache
from typing import Protocol, Self
from urllib.parse import urlsplit

import httpx

from api.storage.loop_tables import Notification
from api.version import USER_AGENT

LONG_HEADERS = default_policy.clone(max_line_length=998)


class DeliveryError(RuntimeError):
    """A try that failed; the outbox retries with back-off. Its message is stored in the row's
    `last_error` (listed to `read` keys) and logged: words of ours, never a library's or a
    server's (an httpx message quotes the URL, whose path or query may hold a chat's token; an
    SMTP server's reply quotes the recipient's address). `summary`, set by a channel when it
    reached or tried the destination: what happened and the host alone (GET /v1/webhooks shows
    it as the receiver's last problem)."""

    def __init__(self, message: str, summary: str | None = None) -> None:
        super().__init__(message)
        self.summary = summary

    @classmethod
    def of(cls, channel: str, summary: str) -> Self:
        """A channel's failure said as its summary: `webhook desk.acme.com: HTTP 503`."""
        return cls(f"{channel} {summary}", summary)


class Unreachable(DeliveryError):
    """No answer in time, or no connection: the destination backs off (api/loop/backoffs.py),
    its rows waiting, so a hanging receiver holds the worker up once a back-off period, not once
    a row or a tick."""


class Refused(DeliveryError):
    """The receiver refused it for good (an SMTP 5xx for the address): failed, not tried again."""


class Undeliverable(RuntimeError):
    """A notification this channel can never deliver (e.g. no e-mail address)."""


# Reserved for examples and tests (RFC 2606, RFC 6761): an address there is nobody's. The demo
# workspace's contacts use them, so its notifications never reach a real channel's receiver.
EXAMPLE_DOMAINS = ("example.com", "example.net", "example.org")
EXAMPLE_TLDS = ("example", "test", "invalid", "localhost")


def email_domain(email: str | None) -> str:
    return (email or "").rpartition("@")[2].strip().rstrip(".").lower()


def example_address(email: str | None) -> bool:
    """An e-mail address at a domain reserved for examples (a subdomain of one included)."""
    domain = email_domain(email)
    if not domain:
        return False
    return domain.rpartition(".")[2] in EXAMPLE_TLDS or any(
        domain == reserved or domain.endswith("." + reserved) for reserved in EXAMPLE_DOMAINS
    )


def never_sent(email: str | None) -> str:
    """Why a message to an example address is undeliverable: its domain, not the address."""
    return f"example address at {email_domain(email)}: demo or test data, never sent"


class Channel(Protocol):
    name: str
    destination: str  # where it sends, as the back-off names it (api/loop/backoffs.py)

    def send(self, notification: Notification, feedback: list[dict]) -> None:
        """Deliver one notification; `feedback`: the person's messages behind the need
        ({id, source, external_id, created_at}), the tickets a help desk answers on."""


def payload(n: Notification, feedback: list[dict]) -> dict:
    return {
        "id": n.id, "idempotency_key": n.idempotency_key, "kind": n.kind, "need_id": n.need_id,
        "contact_id": n.contact_id, "email": n.email, "language": n.language,
        "subject": n.subject, "body": n.body, "unsubscribe_url": n.unsubscribe_url,
        "feedback": feedback,
    }  # fmt: skip


def signature(secret: str, body: bytes) -> str:
    """X-Boucle-Signature: the body alone (kept for receivers written before the timestamp; it
    does not stop a replay)."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def timestamped_signature(secret: str, timestamp: int, body: bytes) -> str:
    """X-Boucle-Signature-V2: "<timestamp>.<body>" signed, so a receiver that checks the
    timestamp is recent (docs/webhooks.md: 5 minutes) refuses a replayed request."""
    signed = f"{timestamp}.".encode() + body
    return "sha256=" + hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()


def signed_headers(secret: str, body: bytes, timestamp: int) -> dict[str, str]:
    return {
        "X-Boucle-Timestamp": str(timestamp),
        "X-Boucle-Signature-V2": timestamped_signature(secret, timestamp, body),
        "X-Boucle-Signature": signature(secret, body),
    }


def url_host(url: str) -> str:
    """A webhook's host and port alone, as a failure's summary names it."""
    return urlsplit(url).netloc.rpartition("@")[2]


def url_destination(url: str) -> str:
    """A URL's name in the back-off table: a digest, as the URL may hold a chat's secret."""
    return "url:" + hashlib.sha256(url.encode()).hexdigest()[:32]


def webhook_summary(error: Exception, host: str, timeout: httpx.Timeout) -> str:
    """What went wrong with a POST, by its type alone (an httpx message may quote the URL)."""
    if isinstance(error, httpx.ConnectTimeout):
        return f"{host}: no connection within {timeout.connect:g} s"
    if isinstance(error, httpx.TimeoutException):
        return f"{host}: no answer within {timeout.read:g} s"
    if isinstance(error, httpx.NetworkError):
        return f"{host}: no connection ({type(error).__name__})"
    if isinstance(error, httpx.RemoteProtocolError):  # closed, or answered no HTTP
        return f"{host}: no answer (RemoteProtocolError)"
    return f"{host}: {type(error).__name__}"


# A receiver that is up accepts at once: a connection slower than this is as good as refused.
CONNECT_TIMEOUT_S = 3.0


@cache
def tls_context() -> ssl.SSLContext:
    """httpx's own verification (its CA bundle, SSL_CERT_FILE / SSL_CERT_DIR as set at the first
    POST), built once a process: built at every POST it read the CA bundle again, 27-36 ms of
    CPU per delivery."""
    return httpx.create_ssl_context()


class WebhookChannel:
    name = "webhook"

    def __init__(self, url: str, secret: str, timeout_s: float = 10.0) -> None:
        self.url, self.secret = url, secret
        self.destination = url_destination(url)
        self.timeout = httpx.Timeout(timeout_s, connect=min(CONNECT_TIMEOUT_S, timeout_s))

    def send(self, notification: Notification, feedback: list[dict]) -> None:
        self.post(payload(notification, feedback), notification.idempotency_key)

    def post(self, message: dict, idempotency_key: str) -> None:
        """POST any JSON message, signed and keyed (theme alerts use this too)."""
        body = json.dumps(message, ensure_ascii=False).encode()
        headers = {
            "Content-Type": "application/json",
            "User-Agent": USER_AGENT,
            "Idempotency-Key": idempotency_key,
            **signed_headers(self.secret, body, int(time.time())),  # signed at each try
        }
        try:
            response = httpx.post(self.url, content=body, headers=headers, timeout=self.timeout,
                                  verify=tls_context())  # fmt: skip
        except httpx.HTTPError as error:
            # no answer: timed out, no connection, or closed without an HTTP answer
            unreachable = isinstance(
                error, httpx.TimeoutException | httpx.NetworkError | httpx.RemoteProtocolError
            )
            kind = Unreachable if unreachable else DeliveryError
            # its type alone, not chained: its message and a logged traceback quote the URL
            summary = webhook_summary(error, url_host(self.url), self.timeout)
            raise kind.of("webhook", summary) from None
        if response.status_code >= 300:
            status = f"{url_host(self.url)}: HTTP {response.status_code}"
            raise DeliveryError.of("webhook", status)


class SmtpChannel:
    name = "smtp"

    def __init__(self, host: str, port: int, sender: str, username: str | None = None,
                 password: str | None = None, starttls: bool = False,
                 timeout_s: float = 10.0) -> None:  # fmt: skip
        self.host, self.port, self.sender = host, port, sender
        self.username, self.password, self.starttls = username, password, starttls
        self.timeout_s = timeout_s  # to connect, and for each command's answer
        self.destination = f"smtp:{host}:{port}"

    def send(self, notification: Notification, feedback: list[dict]) -> None:
        if not notification.email:
            raise Undeliverable(f"contact {notification.contact_id} has no e-mail address")
        # headers folded at RFC 5322's hard limit, not 78: a long List-Unsubscribe URL folded
        # at 78 became an encoded word that no mail client reads as a link
        message = EmailMessage(policy=LONG_HEADERS)
        message["From"], message["To"] = self.sender, notification.email
        message["Subject"] = notification.subject
        message["Idempotency-Key"] = notification.idempotency_key
        message["Date"] = formatdate(usegmt=True)
        # the same on every try, at the sender's domain: a receiver can drop the repeat by it too
        digest = hashlib.sha1(notification.idempotency_key.encode()).hexdigest()
        message["Message-ID"] = f"<{digest}@{sender_domain(self.sender)}>"
        if notification.unsubscribe_url:  # mail clients show an unsubscribe button (RFC 8058)
            message["List-Unsubscribe"] = f"<{notification.unsubscribe_url}>"
            message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        message.set_content(notification.body)
        try:
            with smtplib.SMTP(self.host, self.port, timeout=self.timeout_s) as client:
                if self.starttls:
                    client.starttls()
                if self.username:
                    client.login(self.username, self.password or "")
                client.send_message(message)
        # the server's codes alone, not chained: its replies quote the recipient's address
        except smtplib.SMTPRecipientsRefused as error:
            codes = [code for code, _ in error.recipients.values()]
            kind = Refused if codes and all(500 <= code < 600 for code in codes) else DeliveryError
            shown = ", ".join(map(str, sorted(set(codes))))
            said = f"{self.host}:{self.port}: SMTP {shown} refused the recipient"
            raise kind.of("smtp", said) from None
        except (OSError, smtplib.SMTPException) as error:
            kind = Unreachable if smtp_unreachable(error) else DeliveryError
            said = smtp_summary(error, self.host, self.port, self.timeout_s)
            raise kind.of("smtp", said) from None


def smtp_unreachable(error: Exception) -> bool:
    """No answer in time, no connection, or one dropped: not an answer from the server (a TLS
    failure is one: the server is there)."""
    if isinstance(error, ssl.SSLError):
        return False
    return isinstance(error, OSError | smtplib.SMTPServerDisconnected)


def smtp_summary(error: Exception, host: str, port: int, timeout_s: float) -> str:
    """What went wrong, by its type and the server's code alone: no message."""
    # smtplib says a reply that timed out as the connection closed
    if isinstance(error, TimeoutError) or isinstance(error.__context__, TimeoutError):
        return f"{host}:{port}: no answer within {timeout_s:g} s"
    if isinstance(error, smtplib.SMTPResponseException):
        return f"{host}:{port}: SMTP {error.smtp_code}"
    if smtp_unreachable(error):
        return f"{host}:{port}: no connection ({type(error).__name__})"
    return f"{host}:{port}: {type(error).__name__}"


def sender_domain(sender: str) -> str:
    """The domain of the sender's address ("Boucle <cs@acme.com>": acme.com)."""
    return parseaddr(sender)[1].rpartition("@")[2] or "localhost"
