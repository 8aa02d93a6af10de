"""API keys with scopes. Keys are kept only as sha256 digests in memory; `admin` grants every scope."""

import hashlib
import hmac
import ipaddress

from fastapi import Depends, HTTPException, Request, status
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer

from api.settings import Scope, Settings

_bearer = HTTPBearer(auto_error=False, description="Authorization: Bearer <API key>")
_header = APIKeyHeader(name="X-API-Key", auto_error=False, description="X-API-Key: <API key>")


def digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class KeyRing:
    def __init__(self, keys: dict[str, list[Scope]]) -> None:
        self._scopes = {digest(key): set(scopes) for key, scopes in keys.items()}

    @property
    def open(self) -> bool:
        return not self._scopes

    def scopes_of(self, key: str) -> set[str] | None:
        wanted = digest(key)
        for known, scopes in self._scopes.items():
            if hmac.compare_digest(known, wanted):
                return scopes
        return None


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_bind(settings: Settings, host: str) -> None:
    """Refuse to serve an open API (no keys) beyond this machine."""
    if not settings.api_keys and not is_loopback(host):
        raise SystemExit(
            f"refusing to bind to {host} with no API keys: set BOUCLE_API_KEYS "
            '(e.g. \'{"a-long-secret": ["tag", "read"]}\') or bind to 127.0.0.1'
        )


def require(scope: Scope):
    """A route dependency that lets a request through only with a key holding `scope`."""

    async def check(
        request: Request,
        bearer: HTTPAuthorizationCredentials | None = Depends(_bearer),
        header_key: str | None = Depends(_header),
    ) -> None:
        ring: KeyRing = request.app.state.keys
        if ring.open:
            return
        key = header_key or (bearer.credentials if bearer else None)
        if not key:
            raise HTTPException(
                status.HTTP_401_UNAUTHORIZED,
                "missing API key: send 'Authorization: Bearer <key>' or 'X-API-Key: <key>'",
                headers={"WWW-Authenticate": "Bearer"},
            )
        scopes = ring.scopes_of(key)
        if scopes is None:
            raise HTTPException(status.HTTP_401_UNAUTHORIZED, "unknown API key")
        if scope not in scopes and "admin" not in scopes:
            raise HTTPException(
                status.HTTP_403_FORBIDDEN, f"this API key lacks the '{scope}' scope"
            )

    return Depends(check)
