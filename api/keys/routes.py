"""What the caller's API key may do: the web page hides the edits a key cannot make."""

from fastapi import APIRouter, Request
from pydantic import BaseModel

from api.security import SCOPES, require

router = APIRouter(tags=["keys"])


class KeyAccess(BaseModel):
    open: bool  # no keys configured: every caller may do everything (loopback only)
    scopes: list[str]


@router.get("/v1/key", response_model=KeyAccess, dependencies=[require()])
def get_key(request: Request) -> KeyAccess:
    """The scopes of the key this request carries (any valid key may ask)."""
    scopes = request.state.scopes
    expanded = SCOPES if "admin" in scopes else tuple(s for s in SCOPES if s in scopes)
    return KeyAccess(open=request.app.state.keys.open, scopes=list(expanded))
