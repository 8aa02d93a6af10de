"""Retention expired old feedback but kept its writers forever: after the sweep, a contact with
no feedback left and no activity within the window is erased as an erasure erases a contact,
and so is an account left with no contact, feedback or survey send."""

from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient
from sqlalchemy import func, select, update

from api.app import create_app
from api.settings import Settings
from api.storage.tables import Account, AuditEvent, Contact, ForgottenParty
from api.worker import Worker
from tests.test_privacy import ingest, item

OLD = datetime.now(UTC) - timedelta(days=400)


def test_people_left_with_nothing_expire_after_the_feedback(store_settings: Settings,
                                                             tagger) -> None:  # fmt: skip
    settings = store_settings.model_copy(update={"retention_days": 365})
    with TestClient(create_app(settings, tagger)) as client:
        people = {
            "c-gone": {"id": "c-gone", "email": "gone@northwind.com", "account_id": "gone-co"},
            "c-surveyed": {"id": "c-surveyed", "account_id": "kept-co"},
            "c-recent": {"id": "c-recent", "account_id": "kept-co"},
            "c-quiet": {"id": "c-quiet", "account_id": "quiet-co"},
        }
        ingest(client, *(item(f"t-{n}", "The export crashes on big files.", contact,
                              created_at=OLD.isoformat())
                         for n, contact in enumerate(people.values())))  # fmt: skip
        ingest(client, item("t-new", "The export is slow.", {"id": "c-recent"}))
        assert client.put("/v1/accounts/empty-co", json={"name": "Empty"}).status_code == 200
        sends = [{"survey": "nps", "contact_id": "c-surveyed",
                  "sent_at": datetime.now(UTC).isoformat()}]  # fmt: skip
        assert client.post("/v1/surveys/sends", json={"sends": sends}).status_code == 200
        ws = client.app.state.workspace
        with ws.db.session() as session:  # written long ago, as a CRM import a year back
            for table in (Contact, Account):
                session.execute(update(table).where(table.id != "quiet-co")
                                .values(created_at=OLD, updated_at=OLD))  # fmt: skip

        Worker(ws, 60, 0).tick()

        with ws.db.session() as session:
            contacts = set(session.scalars(select(Contact.id)))
            accounts = set(session.scalars(select(Account.id)))
            registered = session.scalar(select(func.count()).select_from(ForgottenParty))
            [event] = session.scalars(
                select(AuditEvent).where(AuditEvent.action == "expire",
                                         AuditEvent.entity == "contact"))  # fmt: skip
            counts = (event.actor, event.detail["contacts"], event.detail["accounts"])
        # gone: its only item expired, nothing since; its account with it; an account that
        # never had anyone, quiet for a year, too. Kept: a survey sent this week, a recent item,
        # an account updated within the window (and the accounts that still have contacts).
        assert contacts == {"c-surveyed", "c-recent"}
        assert accounts == {"kept-co", "quiet-co"}
        assert counts == ("retention", 2, 2)
        assert registered == 0  # an expiry is no request: not remembered


def test_webhook_bodies_sent_before_the_window_expire(store_settings: Settings, tagger) -> None:
    """A sent delivery was kept forever: a theme alert's has no item to go with, and its body
    named the theme and quoted customers. Retention deletes those sent before the window."""
    from api.storage.webhook_tables import WebhookDelivery
    from tests.test_webhook_subscriptions import deliveries, register

    settings = store_settings.model_copy(update={"retention_days": 365})
    with TestClient(create_app(settings, tagger)) as client:
        register(client, "https://desk.acme.com/hook")
        ingest(client, *(item(f"t-{n}", text) for n, text in enumerate(
            ["The export is slow.", "Add a dark mode.", "Login fails."])))  # fmt: skip
        ws = client.app.state.workspace
        with ws.db.session() as session:  # one sent a year ago, one last week, one not yet
            rows = session.scalars(select(WebhookDelivery).order_by(WebhookDelivery.id)).all()
            rows[0].status, rows[0].sent_at = "sent", OLD
            rows[1].status, rows[1].sent_at = "sent", datetime.now(UTC) - timedelta(days=7)
            kept = [rows[1].id, rows[2].id]
        Worker(ws, 60, 0).tick()
        assert [d.id for d in deliveries(client)] == kept
        assert len(client.get("/v1/feedback").json()["items"]) == 3  # the items are recent
