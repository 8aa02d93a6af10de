"""Files the API streams (the exports): their media types and attachment headers."""

from fastapi import Query
from fastapi.responses import StreamingResponse

from api.search.export import MEDIA_TYPES, ExportFormat

TEXT = {"schema": {"type": "string"}}
FILE_RESPONSES = {200: {"content": {"text/csv": TEXT, "application/x-ndjson": TEXT}}}
EXCEL = Query(False, description="CSV for Excel in French (or any locale whose list separator is "
              "`;`): a UTF-8 byte-order mark, `;` between cells, decimal commas, times as "
              "BOUCLE_TIMEZONE's clock (2026-11-05 00:00:00), the zone in the header.")  # fmt: skip


def attachment(lines, fmt: ExportFormat, name: str) -> StreamingResponse:
    return StreamingResponse(lines, media_type=MEDIA_TYPES[fmt],
                             headers={"Content-Disposition": f"attachment; filename={name}.{fmt}"})  # fmt: skip
