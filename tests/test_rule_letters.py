"""The signature, address, churn and call-note rules read capitals and lower-case letters of every
script (analyzer/letters.py): [A-ZÀ-Ý] / [a-zà-ÿ] left out Ł, Š, Ő, Œ, Ż and Cyrillic, so a
company "Őrség Kft" was no signature line, "12 rue de l'Œuvre" no address, "migrating to
Битрикс24" no churn cue and "Call with Łódź Logistics:" no call-note header."""

import pytest

from analyzer.churn import threatens_to_leave
from analyzer.note_headers import feedback_span
from analyzer.signatures import cut_inline_sign_off, signature_block
from analyzer.stages.redact import ADDRESS

REPORT = "The export fails on large files."


@pytest.mark.parametrize(
    ("block", "signer"),
    [
        ("Zoltán Kovács\nHead of Finance\nŐrség Kft", "Zoltán Kovács"),
        ("Paweł Nowak\nŁódź Logistics\n+48 42 123 45 67", "Paweł Nowak"),
        ("Grüße\nJürgen Weiß\nHead of Finance", "Jürgen Weiß"),
    ],
)
def test_a_signature_block_with_any_letters_is_cut_at_the_name(block: str, signer: str) -> None:
    text, name = signature_block(f"{REPORT}\n\n{block}")
    assert name == signer
    assert signer not in text and text.startswith(REPORT)


def test_an_inline_sign_off_with_a_company_in_any_letters_is_cut() -> None:
    text = "The sync is broken again. Best regards, Tomáš Dvořák, Škoda Auto"
    assert cut_inline_sign_off(text) == ("The sync is broken again.", "Tomáš Dvořák")


@pytest.mark.parametrize(
    "address",
    [
        "12 rue de l'Œuvre, 75004 Paris",
        "12 avenue Łukasiewicza, 90001 Łódź",
        "3 Żelazna Street",
        "Kölner Straße 12, 50667 Köln",
        "Große Straße 5",
        "Hauptstraße 5, 10115 Berlin",
    ],
)
def test_a_street_with_any_letters_is_an_address_whole(address: str) -> None:
    match = ADDRESS.search(f"Please send it to {address} today")
    assert match is not None and match.group(0) == address


def test_moving_to_a_provider_named_in_any_script_is_a_churn_cue() -> None:
    assert threatens_to_leave("We are migrating to Битрикс24 next month.")
    assert threatens_to_leave("We're switching to Škoda Connect next quarter.")


def test_a_call_header_naming_a_company_in_any_letters_is_cut() -> None:
    text = "Call with Łódź Logistics: the export keeps failing on large files."
    start, end = feedback_span(text)
    assert text[start:end] == "the export keeps failing on large files."
