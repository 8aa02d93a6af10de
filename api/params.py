"""Bounds shared by every route: ids are positive 63-bit integers, as both databases store them."""

from typing import Annotated

from fastapi import Path
from pydantic import Field

MAX_ID = 2**63 - 1

IdPath = Annotated[int, Path(ge=1, le=MAX_ID, description="A stored id.")]
Id = Annotated[int, Field(ge=1, le=MAX_ID)]

# Accounts and contacts are named by the caller's own ids (see api/accounts/schemas.py ID).
KeyPath = Annotated[
    str, Path(min_length=1, max_length=200, pattern=r"^\S(.*\S)?$", description="Your id.")
]
