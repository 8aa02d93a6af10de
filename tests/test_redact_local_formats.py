"""The redaction stage on phone numbers as people write them locally (US, UK, French), numbers
that only look like one (versions, dates, times, amounts, order and reference numbers), and
people whose surname is also a word, beside shops and drinks named like people."""

import pytest

from analyzer.analysis import Analysis
from analyzer.config import AnalyzerConfig
from analyzer.stages.redact import RedactStage

CASES = [
    # phone numbers, local formats
    ("Please call me (555-1234) today", "Please call me ([PHONE]) today"),
    ("call me at 555-1234", "call me at [PHONE]"),
    ("You can reach me (555 1234) after lunch", "You can reach me ([PHONE]) after lunch"),
    ("My cell is (555) 123-4567.", "My cell is [PHONE]."),
    ("call 1-800-555-0199 toll free", "call [PHONE] toll free"),
    ("Call 07700 900123 after lunch", "Call [PHONE] after lunch"),
    ("Ring me on +44 7700 900123", "Ring me on [PHONE]"),
    ("Office: 020 7946 0958", "Office: [PHONE]"),
    ("Appelez-moi au 06 12 34 56 78 svp", "Appelez-moi au [PHONE] svp"),
    ("Mon fixe : 01.23.45.67.89", "Mon fixe : [PHONE]"),
    ("Tél : 06-12-34-56-78", "Tél : [PHONE]"),
    ("Joignable au +33 6 12 34 56 78", "Joignable au [PHONE]"),
    ("order number 555-1234, call me at 555-9876", "order number 555-1234, call me at [PHONE]"),
    # no phone numbers: versions, dates, times, amounts, identifiers
    ("Upgraded to 5.2.1 and it crashes", None),
    ("Version 2023.12.1 broke the export", None),
    ("It failed on 12/03/2024 at 10:30", None),
    ("Le 12 03 2024 ça a planté", None),
    ("Build 20240312 crashes on start", None),
    ("Meeting moved to 10:30-11:45", None),
    ("It costs 1,299.00 EUR a month", None),
    ("Le CA est de 12 345 678 € cette année", None),
    ("Budget: 12 345 678 EUR", None),
    ("Order #555-1234 never arrived", None),
    ("ticket 555-1234 is still open", None),
    ("Ma commande n° 555-1234 n'est pas arrivée", None),
    ("Invoice no. 2024-0012345 is wrong", None),
    ("Error code 80070005 on install", None),
    ("ISBN 978-3-16-148410-0 is missing", None),
    ("Reference: RF18 5390 0754 7034", None),  # a payment's reference, no one's account
    # bank accounts are masked whole
    ("IBAN FR76 3000 6000 0112 3456 7890 189 please", "IBAN [IBAN] please"),
    ("GB82 WEST 1234 5698 7654 32 is mine", "[IBAN] is mine"),
    # surnames that are also words
    ("John Baker called about the invoice", "[NAME] called about the invoice"),
    ("Ask Sarah Price about the renewal", "Ask [NAME] about the renewal"),
    ("Mary Brown said the export fails", "[NAME] said the export fails"),
    ("John Pike called about the invoice", "[NAME] called about the invoice"),
    ("Ask Sarah Silver about the renewal", "Ask [NAME] about the renewal"),
    ("Our rep Tom Bacon promised a fix", "Our rep [NAME] promised a fix"),
    ("Jean Lapin a appelé hier", "[NAME] a appelé hier"),
    ("Jennifer Flowers said the export fails", "[NAME] said the export fails"),
    ("Mr Flowers never called back", "Mr [NAME] never called back"),
    ("Jack Daniels from our rep called", "[NAME] from our rep called"),
    # shops and drinks named like people
    ("Valentine Flowers delivered late", None),
    ("I ordered from Valentine Flowers yesterday", None),
    ("J'ai commandé chez Rose Fleurs, livraison en retard", None),
    ("I drink Jack Daniels every night", None),
    ("A bottle of Jack Daniels arrived broken", None),
]


@pytest.fixture(scope="module")
def stage() -> RedactStage:
    return RedactStage(AnalyzerConfig(), resources=None)


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_local_phone_formats_look_alikes_and_names(stage, text, expected):
    analysis = Analysis(original_text=text, text=text)
    stage([analysis])
    assert analysis.text == (text if expected is None else expected)
