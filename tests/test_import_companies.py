"""Survey answers that carry only a company name: they join the CRM's account of that name (any
case) instead of each adding an empty account, and a company no account has becomes one bare
account, marked auto-created, which lists can leave out."""

from pathlib import Path

from fastapi.testclient import TestClient

from api.feedback.bulk import import_feedback, import_people
from api.feedback.importer import Mapping


def test_a_survey_company_column_joins_the_crm_account_of_that_name(
    store_client: TestClient, tmp_path: Path
) -> None:
    ws = store_client.app.state.workspace
    crm = tmp_path / "accounts.csv"
    crm.write_text("Account ID,Account Name,ARR,Segment\nacc-17,Acme Corp,50000,enterprise\n")
    import_people(ws, crm, "accounts")
    survey = tmp_path / "nps.csv"
    survey.write_text(
        "Response ID,Score,Comment,Company,Email\n"
        "r1,9,Great support,ACME CORP,ann@acme.com\n"
        "r2,3,Too slow,acme corp,bob@acme.com\n"
        "r3,10,,Initech,peter@initech.com\n"
        "r4,6,,INITECH,milton@initech.com\n"
    )
    report = import_feedback(ws, survey, Mapping.build("nps", {}, None, dateless=True))
    assert (report.created, report.rejected) == (4, [])

    accounts = store_client.get("/v1/accounts").json()
    by_id = {a["id"]: a for a in accounts["items"]}
    assert sorted(by_id) == ["Initech", "acc-17"]  # was ACME CORP, acme corp, Initech, INITECH
    assert by_id["acc-17"]["auto_created"] is False
    assert by_id["Initech"]["auto_created"] is True and by_id["Initech"]["arr"] is None
    crm_only = store_client.get("/v1/accounts", params={"auto_created": "false"}).json()
    assert [a["id"] for a in crm_only["items"]] == ["acc-17"] and crm_only["total"] == 1
    answers = store_client.get("/v1/feedback", params={"source": "nps_survey"}).json()["items"]
    assert {a["external_id"]: a["account"]["id"] for a in answers} == {
        "r1": "acc-17", "r2": "acc-17", "r3": "Initech", "r4": "Initech"}  # fmt: skip
    contact = store_client.get("/v1/contacts/bob@acme.com").json()
    assert contact["account_id"] == "acc-17"  # the respondent belongs to the CRM account too
    nps = store_client.get("/v1/voc/nps").json()
    enterprise = [s for s in nps["segments"] if s["segment"] == "enterprise"]
    assert enterprise and enterprise[0]["responses"] == 2

    # a CRM file naming the bare account later makes it a real one
    crm.write_text("Account ID,Account Name,ARR,Segment\nInitech,Initech,8000,smb\n")
    import_people(ws, crm, "accounts")
    assert store_client.get("/v1/accounts/Initech").json()["auto_created"] is False
