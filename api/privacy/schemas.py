"""What an erasure removed: the answer to give the person who asked."""

from pydantic import BaseModel, Field


class Erasure(BaseModel):
    feedback: int = Field(0, description="Feedback items erased (their keys are remembered).")
    insights: int = 0
    need_links: int = Field(0, description="Links to needs removed; the needs themselves stay.")
    suggestions: int = 0
    actions: int = Field(0, description="Follow-up actions recorded on the items.")
    survey_sends: int = 0
    notifications: int = Field(
        0, description="Notifications deleted, or kept as sent with their text erased."
    )
    webhook_deliveries: int = Field(
        0,
        description="Webhook deliveries (sent or not): those of the erased items deleted; "
        "theme alerts' that quoted them, their quotes taken out; others whose body held an "
        "erased name or address, masked.",
    )
    contacts: int = 0
    accounts: int = 0
    needs_renamed: int = Field(
        0,
        description="Needs whose title (one per language too) or description held an erased "
        "name, now [NAME] ([ACCOUNT] for an account's).",
    )
    notifications_masked: int = Field(
        0, description="Notifications (pending or sent) whose subject or body held it, masked."
    )
    audit_masked: int = Field(
        0,
        description="Audit events whose detail held it, now [NAME]; or that named an erased "
        "contact or account by its id, now by the keyed digest the trail names it by.",
    )
    themes_masked: int = Field(
        0, description="Themes (name, description, seed examples, lineage) and theme alerts."
    )
    texts_masked: int = Field(
        0,
        description="Other people's messages and metadata, follow-up notes, contact and "
        "account attributes, background jobs' messages and results, failures' `last_error` "
        "and API key names that held it.",
    )

    def add(self, other: "Erasure") -> None:
        for name in type(self).model_fields:
            setattr(self, name, getattr(self, name) + getattr(other, name))


class ErasureAnswer(Erasure):
    dry_run: bool = Field(
        False, description="true: nothing was erased; the counts are what the erasure erases."
    )
