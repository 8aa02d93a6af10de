"""API keys with scopes. Keys are kept only as sha256 digests in memory; `admin` grants every scope."""

import hashlib
import hmac
import ipaddress
import logging
import time
from collections.abc import Callable
from urllib.parse import urlsplit

from fastapi import Depends, HTTPException, Request, status
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.exc import InterfaceError, OperationalError, ProgrammingError

from api.failures import failure_summary, table_missing
from api.key_checks import placeholder_warning, weak_key_warning
from api.limits import BUDGET
from api.settings import Scope, Settings

SCOPES = ("tag", "ingest", "read", "metrics", "admin")
log = logging.getLogger("boucle.security")

_bearer = HTTPBearer(auto_error=False, description="Authorization: Bearer <API key>")
_header = APIKeyHeader(name="X-API-Key", auto_error=False, description="X-API-Key: <API key>")


def digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class KeyRing:
    """Keys from BOUCLE_API_KEYS, plus those created with `boucle keys` (read from the
    database every `refresh_s`, so a revoked key stops working within seconds everywhere)."""

    def __init__(self, keys: dict[str, list[Scope]], refresh_s: float = 5.0) -> None:
        self._static = {digest(key): set(scopes) for key, scopes in keys.items()}
        self._stored: dict[str, set[str]] = {}
        self._names: dict[str, str] = {}
        self._load: Callable[[], dict[str, set[str]]] | None = None
        self._load_names: Callable[[], dict[str, str]] | None = None
        self._loaded_at = 0.0
        self._refresh_s = refresh_s

    def attach(
        self,
        load: Callable[[], dict[str, set[str]]],
        load_names: Callable[[], dict[str, str]] | None = None,
    ) -> None:
        self._load, self._load_names = load, load_names
        self._refresh(force=True)

    def _refresh(self, force: bool = False) -> None:
        if self._load and (force or time.monotonic() - self._loaded_at > self._refresh_s):
            try:
                stored = self._load()
                names = self._load_names() if self._load_names else {}
            except (OperationalError, InterfaceError, ProgrammingError) as error:
                # a schema renamed or dropped under the server (undefined table) is an outage
                # too: any other ProgrammingError is a bug
                if force or (isinstance(error, ProgrammingError) and not table_missing(error)):
                    raise
                # Tagging needs no database: keys are checked against the set read last until
                # it answers again (a key revoked meanwhile works until then), asked again at
                # the next refresh, not at every request.
                self._loaded_at = time.monotonic()
                log.warning("API keys: the database is unavailable (%s); the keys read last "
                            "stay in force", failure_summary(error))  # fmt: skip
                return
            self._stored, self._names, self._loaded_at = stored, names, time.monotonic()

    def name_of(self, key: str) -> str:
        """Who holds the key, for the audit trail: its name (`boucle keys create NAME`), or for
        a key from BOUCLE_API_KEYS the start of its digest (never the key itself)."""
        found = digest(key)
        return self._names.get(found) or f"key {found[:8]}"

    @property
    def open(self) -> bool:
        self._refresh()
        return not self._static and not self._stored

    def scopes_of(self, key: str) -> set[str] | None:
        self._refresh()
        wanted = digest(key)
        for known, scopes in [*self._static.items(), *self._stored.items()]:
            if hmac.compare_digest(known, wanted):
                return scopes
        return None

    def is_revoked(self, key: str) -> bool:
        """A key that `boucle keys revoke` turned off (told apart from a typo in a refusal)."""
        return f"revoked:{digest(key)}" in self._stored


def beyond_loopback(request: Request) -> bool:
    """Whether the request came in on an address other machines can reach: `serve` refuses to
    bind one with no keys, but `uvicorn api.app:app --host 0.0.0.0` never asks us."""
    server = request.scope.get("server")
    if not server:  # a Unix socket
        return False
    try:
        return not ipaddress.ip_address(server[0]).is_loopback
    except ValueError:  # a name (the test client's "testserver"): nothing to judge
        return False


def from_elsewhere(request: Request, allowed_origins: list[str]) -> str | None:
    """Why a request to an open (keyless) server on loopback did not come from this machine's
    own clients, or None. A page on any site the user visits can reach 127.0.0.1: by a form
    posted there (an admin POST needs no body), or by a name of its own that it points at
    127.0.0.1 (DNS rebinding, then it reads the answers). The Host names the server as its
    clients know it (a loopback name); a browser names the page that sent a request in Origin."""
    server = request.scope.get("server")
    if not server:  # a Unix socket: no address, no browser reaches it directly
        return None
    host = urlsplit("//" + request.headers.get("host", "")).hostname or ""
    if not is_loopback(host) and host != server[0]:
        return (f"this server has no API keys, so it answers requests addressed to localhost "
                f"or 127.0.0.1 only, not to {host[:100] or 'no Host'}: use one of those, or "
                "create a key (`boucle keys create`)")  # fmt: skip
    origin = request.headers.get("origin")
    if origin is None or origin in allowed_origins:
        return None
    if is_loopback(urlsplit(origin).hostname or ""):
        return None
    return (f"this server has no API keys, so it answers pages of this machine only, not one "
            f"of {origin[:100]}: create a key (`boucle keys create`) or name the site in "
            "BOUCLE_CORS_ORIGINS")  # fmt: skip


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_bind(settings: Settings, host: str, stored_keys: Callable[[], int] = lambda: 0) -> None:
    """Refuse to serve an open API (no keys), or one behind short or placeholder keys, beyond
    this machine. `stored_keys`: how many `boucle keys create` made, asked only when
    BOUCLE_API_KEYS has none (`serve` reads them from a database it has not migrated yet)."""
    if is_loopback(host):
        return
    if not settings.api_keys and not stored_keys():
        raise SystemExit(
            f"refusing to bind to {host} with no API keys: create one (`boucle keys create`), set BOUCLE_API_KEYS "
            '(e.g. \'{"a-long-secret": ["tag", "read"]}\') or bind to 127.0.0.1'
        )
    if weak := weak_key_warning(settings):
        raise SystemExit(f"refusing to bind to {host}: {weak}")
    if placeholders := placeholder_warning(settings):
        # a key made with `boucle keys create` does not lift this: the placeholder still opens
        # the API to whoever read the same example
        raise SystemExit(f"refusing to bind to {host}: {placeholders}")


def qdrant_key_in_clear(settings: Settings) -> str | None:
    """A line when BOUCLE_QDRANT_API_KEY travels unencrypted (http://) to another machine."""
    url = settings.qdrant_url or ""
    if not settings.qdrant_api_key or not url.startswith("http://"):
        return None
    host = urlsplit(url).hostname or ""
    if is_loopback(host):
        return None
    return (f"BOUCLE_QDRANT_API_KEY is sent in clear over http to {host}: use https:// in "
            "BOUCLE_QDRANT_URL unless that network is private to these services")  # fmt: skip


def unsupported_scheme(request: Request) -> str | None:
    """What to say of an Authorization header that is not a Bearer one (Basic, Token), which
    HTTPBearer passes over as if no key were sent."""
    scheme, _, _ = request.headers.get("authorization", "").strip().partition(" ")
    if not scheme or scheme.lower() == "bearer":
        return None
    shown = scheme if scheme.isalnum() and len(scheme) <= 20 else "in the Authorization header"
    return (f"unsupported authorization scheme {shown}: send the API key as "
            "'X-API-Key: <key>' or 'Authorization: Bearer <key>'")  # fmt: skip


def require(*scopes: Scope, also: Scope | None = None):
    """A route dependency that lets a request through only with a key holding one of `scopes`
    (any valid key when none is named), and `also` besides when given (`admin` holds every
    scope); the key's scopes are left in `request.state.scopes`."""

    async def check(
        request: Request,
        bearer: HTTPAuthorizationCredentials | None = Depends(_bearer),
        header_key: str | None = Depends(_header),
    ) -> None:
        ring: KeyRing = request.app.state.keys
        client = request.client.host if request.client else "unknown"
        if ring.open:
            if beyond_loopback(request):
                raise HTTPException(
                    status.HTTP_403_FORBIDDEN,
                    "this server has no API keys, so it answers only on 127.0.0.1: create one "
                    "(`boucle keys create`) or set BOUCLE_API_KEYS",
                )
            if elsewhere := from_elsewhere(request, request.app.state.settings.cors_origins):
                raise HTTPException(status.HTTP_403_FORBIDDEN, elsewhere)
            budget = request.app.state.limiter.check(
                f"addr:{client}", "requests a minute from this address"
            )
            setattr(request.state, BUDGET, budget)  # told on the answer (RateLimitHeaders)
            request.state.scopes = set(SCOPES)
            request.state.actor = "api"  # no keys: nobody to name
            return
        if header_key and bearer and bearer.credentials != header_key:
            raise HTTPException(
                status.HTTP_401_UNAUTHORIZED,
                "two different API keys (Authorization and X-API-Key): send one",
                headers={"WWW-Authenticate": "Bearer"},
            )
        key = header_key or (bearer.credentials if bearer else None)
        held = ring.scopes_of(key) if key else None
        if held is None:  # each refusal spends from the address's budget: 429 once it is gone
            request.app.state.failed_auth.check(
                f"addr:{client}", "requests without a valid API key a minute from this address"
            )
        if not key:
            raise HTTPException(
                status.HTTP_401_UNAUTHORIZED,
                unsupported_scheme(request)
                or "missing API key: send 'Authorization: Bearer <key>' or 'X-API-Key: <key>'",
                headers={"WWW-Authenticate": "Bearer"},
            )
        if held is None:
            raise HTTPException(
                status.HTTP_401_UNAUTHORIZED,
                "this API key was revoked: ask for a new one" if ring.is_revoked(key)
                else "unknown API key: check it, or ask for one (`boucle keys create`)",
                headers={"WWW-Authenticate": "Bearer"},
            )  # fmt: skip
        if scopes and not held.intersection(scopes) and "admin" not in held:
            wanted = " or ".join(f"'{scope}'" for scope in scopes)
            raise HTTPException(status.HTTP_403_FORBIDDEN,
                                f"this API key lacks the {wanted} scope" + key_with(scopes[0]))  # fmt: skip
        if also and also not in held and "admin" not in held:
            raise HTTPException(status.HTTP_403_FORBIDDEN, also_refusal(scopes, also))
        setattr(request.state, BUDGET, request.app.state.limiter.check("key:" + digest(key)))
        request.state.scopes = held
        request.state.actor = ring.name_of(key)

    check.scopes, check.also = scopes, also  # read by key_refusal
    return Depends(check)


def also_refusal(scopes: tuple[Scope, ...], also: Scope) -> str:
    """Why a key holding one of `scopes` but not `also` is refused."""
    held = " or ".join(f"'{scope}'" for scope in scopes)
    return (f"this API key lacks the '{also}' scope: this route needs {held} and '{also}' "
            f"(or 'admin')" + key_with(f"{scopes[0]},{also}"))  # fmt: skip


def key_with(scopes: str) -> str:
    """What a 403 says to do: send a key holding `scopes` (as `boucle keys create` takes them)."""
    return (f": send a key that has it, or create one (`boucle keys create NAME --scopes "
            f"{scopes}`; a key of BOUCLE_API_KEYS: add {scopes} to its scopes there)")  # fmt: skip


def route_scopes(request: Request) -> tuple[tuple[Scope, ...], Scope | None]:
    """The scopes the matched route accepts, any one of them (none: any valid key), and the
    one it needs besides, if any."""
    route = request.scope.get("route")
    for dependency in getattr(route, "dependencies", None) or []:
        if scopes := getattr(dependency.dependency, "scopes", ()):
            return scopes, getattr(dependency.dependency, "also", None)
    return (), None


async def key_refusal(request: Request) -> HTTPException | None:
    """What `require` answers this request (401, 403, 429), or None: asked when its body could
    not be read, which happens before any route dependency runs, so that a client without a
    valid key, or without the route's scope, learns nothing about bodies, not even that one is
    malformed."""
    try:
        scopes, also = route_scopes(request)
        await enforce(request, *scopes, also=also)  # the route's own check, by hand
    except HTTPException as refusal:
        return refusal
    return None


async def enforce(request: Request, *scopes: Scope, also: Scope | None = None) -> None:
    """What `require(*scopes, also=also)` checks, run by hand: for a route whose access a
    setting decides (GET /metrics) and for `key_refusal`."""
    check = require(*scopes, also=also).dependency
    await check(request, await _bearer(request), await _header(request))


def actor(request: Request) -> str:
    """Who is making this request, as the audit trail names them."""
    return getattr(request.state, "actor", "api")
