"""The periods trends and VoC series count by: a module of its own, so that `boucle` offers them
as choices without importing SQLAlchemy (api/themes/trends.py's)."""

from typing import Literal

Period = Literal["day", "week", "month", "quarter"]
