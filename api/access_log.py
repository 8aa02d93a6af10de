"""uvicorn's access log without e-mail addresses, however the app is served."""

import logging
import re


class AddressesOutOfAccessLog:
    """uvicorn's access log names each request's path and query: an e-mail address there
    (`GET /v1/contacts?email=…`, a contact id that is an address) would outlive its erasure."""

    # a part is plain characters or percent escapes: `anna.smith%2Bbilling%40example.com` left
    # `anna.smith%` in the log when escapes were not part of the address
    _PART = r"(?:[^\s/?&=@%#;,]|%(?!40)[0-9A-Fa-f]{2})+"
    _ADDRESS = re.compile(rf"{_PART}(?:@|%40){_PART}")

    def filter(self, record) -> bool:
        if isinstance(record.args, tuple) and len(record.args) >= 3:
            path = str(record.args[2])
            record.args = (*record.args[:2], self._ADDRESS.sub("[EMAIL]", path), *record.args[3:])
        return True


def mask_addresses_in_access_log() -> None:
    """Set the filter once: `boucle serve` sets it before uvicorn starts, and `create_app` sets it
    too, for an app served by `uvicorn --factory` or gunicorn, which never run the CLI."""
    access = logging.getLogger("uvicorn.access")
    if not any(isinstance(f, AddressesOutOfAccessLog) for f in access.filters):
        access.addFilter(AddressesOutOfAccessLog())
