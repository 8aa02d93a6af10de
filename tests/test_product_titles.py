"""A product named after an all-capitals "MS" ("MS Project", "MS Office") is no "Ms" and a name:
QA's "L'export vers MS Project ne marche plus." was stored as "L'export vers MS [NAME] ne marche
plus.". A title written as one ("Ms Dupont", "Mme Martin", "MS DUPONT" on a form in capitals)
still masks the name. HELD_OUT was written before the fix."""

import pytest
from fastapi.testclient import TestClient

from analyzer.names import redact_names

QA = "L'export vers MS Project ne marche plus."

HELD_OUT_PRODUCTS = [
    QA,
    "Sync with MS Office fails since Monday.",
    "The MS Word export loses the tables.",
    "Our MS Dynamics integration is down.",
    "Impossible d'ouvrir le fichier dans MS Excel.",
    "We open the report in MS Access and it hangs.",
    "MS Teams crashes when I share my screen.",
]
HELD_OUT_PEOPLE = [
    ("Ms Dupont a appelé hier.", "Ms [NAME] a appelé hier."),
    ("Mme Martin a appelé hier.", "Mme [NAME] a appelé hier."),
    ("I spoke with Ms. Johnson yesterday.", "I spoke with Ms. [NAME] yesterday."),
    ("NOM : MS DUPONT", "NOM : MS [NAME]"),
    ("MR DIDA called twice.", "MR [NAME] called twice."),
    ("Mr Cooper from your sales team called.", "Mr [NAME] from your sales team called."),
]


@pytest.mark.parametrize("text", HELD_OUT_PRODUCTS)
def test_a_product_after_all_capitals_ms_is_no_name(text: str) -> None:
    assert redact_names(text) == (text, 0)


@pytest.mark.parametrize(("text", "redacted"), HELD_OUT_PEOPLE)
def test_a_title_written_as_one_still_masks_the_name(text: str, redacted: str) -> None:
    assert redact_names(text)[0] == redacted


def test_the_tagged_ticket_keeps_the_product_name(client: TestClient) -> None:
    response = client.post("/v1/tag", json={"text": QA})
    assert response.status_code == 200, response.text
    assert "MS Project" in response.text and "[NAME]" not in response.text
