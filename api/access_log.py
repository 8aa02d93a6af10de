"""uvicorn's logs without e-mail addresses, contact and account ids, query values, unsubscribe
tokens, whole client addresses or shutdown tracebacks, however the app is served."""

import asyncio
import ipaddress
import logging
import re


class AddressesOutOfAccessLog:
    """uvicorn's access log names each request's path and query: an e-mail address there
    (`GET /v1/contacts?email=…`, a contact id that is an address) would outlive its erasure."""

    # a part is plain characters or percent escapes: `anna.smith%2Bbilling%40example.com` left
    # `anna.smith%` in the log when escapes were not part of the address
    _PART = r"(?:[^\s/?&=@%#;,]|%(?!40)[0-9A-Fa-f]{2})+"
    _ADDRESS = re.compile(rf"{_PART}(?:@|%40){_PART}")
    # a contact's unsubscribe token is theirs: whoever reads the log could opt them out
    _TOKEN = re.compile(r"(/v1/unsubscribe/)[^/?#\s]+")
    # A contact's or account's id names a person (a CRM's "crm-7781", "c-gwen"): once they are
    # erased the audit trail names them by a keyed digest, but a log file cannot be rewritten,
    # so every id is written `{id}`, in paths and in the queries that filter by one.
    _PERSON_ID = re.compile(r"(/v1/(?:contacts|accounts)/)[^/?#\s]+")
    _PERSON_QUERY = re.compile(r"([?&](?:contact|account)(?:_id)?=)[^&#\s]*")
    # A query's values are the caller's words: `?meta=phone:…`, `?external_id=ticket-Jean-…`, a
    # refused `/v1/feedback/similar?text=` with a whole message (privacy.md: "Logs: never a
    # feedback text"). Each is written `{value}`, its name kept, but a number of up to 6 digits
    # (a limit, an offset, an id: no phone, card or IBAN is that short) and Boucle's own words.
    _QUERY_VALUE = re.compile(r"([?&][^=&#]*=)([^&#]*)")  # a raw space too: the whole value
    _KEPT_VALUE = re.compile(r"\d{1,6}|\{id\}|true|false|csv|jsonl|newest|oldest|pending|analysed")

    def filter(self, record) -> bool:
        if isinstance(record.args, tuple) and len(record.args) >= 3:
            record.args = (
                *record.args[:2],
                self.logged_path(str(record.args[2])),
                *record.args[3:],
            )
        return True

    @classmethod
    def logged_path(cls, path: str) -> str:
        """`path` (with its query) as the access log writes it."""
        path = cls._PERSON_QUERY.sub(r"\1{id}", cls._PERSON_ID.sub(r"\1{id}", path))
        path = cls._QUERY_VALUE.sub(cls._value_shown, path)
        return cls._TOKEN.sub(r"\1[TOKEN]", cls._ADDRESS.sub("[EMAIL]", path))

    @classmethod
    def _value_shown(cls, match: re.Match[str]) -> str:
        kept = cls._KEPT_VALUE.fullmatch(match[2]) or not match[2]
        return match[0] if kept else f"{match[1]}{{value}}"


class ClientNetworksInAccessLog:
    """uvicorn's access log opens with the client's address and port ("203.0.113.7:51234"):
    personal data kept as long as the log. Unless `keep` (BOUCLE_LOG_CLIENT_IPS), only the
    network is written: "203.0.113.0/24", "2001:db8:1234::/48"; what is no IP address, "-"."""

    PREFIX = {4: 24, 6: 48}

    def __init__(self, keep: bool = False) -> None:
        self.keep = keep

    def filter(self, record) -> bool:
        if not self.keep and isinstance(record.args, tuple) and record.args:
            record.args = (self.network(str(record.args[0])), *record.args[1:])
        return True

    @classmethod
    def network(cls, client: str) -> str:
        host, _, port = client.rpartition(":")  # uvicorn: "%s:%d", an IPv6 address unbracketed
        try:
            address = ipaddress.ip_address((host if port.isdigit() else client).strip("[]"))
        except ValueError:
            return "-"
        if address.version == 6 and address.ipv4_mapped:
            address = address.ipv4_mapped
        prefix = cls.PREFIX[address.version]
        return str(ipaddress.ip_network(f"{address}/{prefix}", strict=False))


class StoppedAtShutdown:
    """Requests still running when BOUCLE_SHUTDOWN_GRACE_S runs out are cancelled by uvicorn,
    which says so as an error. Each is answered 503 (api/errors.py: AnswerBugs), which the
    access log shows; one warning says why. One whose answer had begun, which uvicorn logs
    with 60 lines of its own internals, gets one line instead."""

    _CANCELLING = "Cancel %s running task(s), timeout graceful shutdown exceeded"

    def filter(self, record) -> bool:
        if record.msg == self._CANCELLING:
            record.msg = "BOUCLE_SHUTDOWN_GRACE_S ran out: %s request(s) in progress stopped (503)"
            record.levelno, record.levelname = logging.WARNING, "WARNING"
        elif record.exc_info and isinstance(record.exc_info[1], asyncio.CancelledError):
            record.msg = "an answer in progress was cut: BOUCLE_SHUTDOWN_GRACE_S ran out"
            record.args, record.exc_info, record.exc_text = (), None, None
            record.levelno, record.levelname = logging.WARNING, "WARNING"
        return True


def quiet_uvicorn_logs(log_client_ips: bool = False) -> None:
    """Set each filter once: `boucle serve` sets them before uvicorn starts, and `create_app` too,
    for an app served by `uvicorn --factory` or gunicorn, which never run the CLI."""
    for name, kind in (("uvicorn.access", AddressesOutOfAccessLog),
                       ("uvicorn.access", ClientNetworksInAccessLog),
                       ("uvicorn.error", StoppedAtShutdown)):  # fmt: skip
        logger = logging.getLogger(name)
        if not any(isinstance(f, kind) for f in logger.filters):
            logger.addFilter(kind())
    for found in logging.getLogger("uvicorn.access").filters:
        if isinstance(found, ClientNetworksInAccessLog):
            found.keep = log_client_ips
