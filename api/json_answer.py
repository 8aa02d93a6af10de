"""The routes' default answer: JSON, but a 204 carries no Content-Type (it has no body to type;
Starlette's JSONResponse said application/json over an empty body)."""

from collections.abc import Mapping

from fastapi.responses import JSONResponse


class JSONAnswer(JSONResponse):
    def init_headers(self, headers: Mapping[str, str] | None = None) -> None:
        if self.status_code == 204:
            self.media_type = None  # this answer's only: the class keeps application/json
        super().init_headers(headers)
