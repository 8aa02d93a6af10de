"""The audit trail: who changed what, when (written in the same transaction as the change)."""

from sqlalchemy.orm import Session

from api.storage.tables import AuditEvent


def record(
    session: Session, actor: str, action: str, entity: str, entity_id: object, detail: dict
) -> None:
    session.add(
        AuditEvent(
            actor=actor, action=action, entity=entity, entity_id=str(entity_id), detail=detail
        )  # fmt: skip
    )
