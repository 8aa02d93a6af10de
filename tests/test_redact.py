import logging
import time

import pytest

from analyzer import DEFAULT_STAGES
from analyzer.analysis import Analysis
from analyzer.config import AnalyzerConfig
from analyzer.names import redact_names
from analyzer.stages.redact import RedactStage, luhn_valid, redact_patterns
from api.app import create_app
from api.settings import Settings


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("write to jane.doe+x@acme.co.uk now", "write to [EMAIL] now"),
        ("call +33 6 12 34 56 78 or (555) 123-4567", "call [PHONE] or [PHONE]"),
        ("card 4111 1111 1111 1111 declined", "card [CARD] declined"),
        ("IBAN FR76 3000 6000 0112 3456 7890 189 please", "IBAN [IBAN] please"),
        ("see https://app.acme.com/reset?token=abc123 now", "see [URL] now"),
        ("invite https://acme.com/join/Zx81kQ2mP9vT4rW7yB3nL6hD now", "invite [URL] now"),
        # secrets pasted on their own, by their issuers' prefixes (Stripe, Boucle, AWS, GitHub)
        ("my key is sk_live_4eC39HqLyjWDarjtT1zdp7dc ok", "my key is [SECRET] ok"),
        ("boucle key bk_9aZ_qW3eRtY7uIoP1aSdF2gH leaked", "boucle key [SECRET] leaked"),
        (
            "AKIAIOSFODNN7EXAMPLE and ghp_abcdefghijklmnopqrstuvwxyz0123456789",
            "[SECRET] and [SECRET]",
        ),  # fmt: skip
    ],
)
def test_redacts_contact_and_payment_details(text, expected):
    assert redact_patterns(text)[0] == expected


@pytest.mark.parametrize(
    "text",
    [
        "Version 2.3.1 crashed on 2024-03-12 after 3 hours",
        "order 12345 cost 1,299.00 EUR on 12/03/2024",
        "see https://acme.com/pricing for plans",
        "https://docs.example.com/guide/getting-started-with-exports-and-reports",  # no digit
        # a long path of letters only: it took 27 s to decide (cubic backtracking), now linear
        "See http://example.com/" + "a" * 2_000,
        "4111 1111 1111 1112 is not a valid number",  # fails the Luhn check, no card word
    ],
)
def test_leaves_ordinary_numbers_and_links_alone(text):
    assert redact_patterns(text) == (text, {})


@pytest.mark.parametrize(
    "text",
    [
        # identifiers glued to a letter prefix
        "(invoice INV-2025-00418 and INV-2025-00419)",
        "Rechnung RE-2025-0815",
        # numbers after an order, case, file or tax word
        "Ma commande n° 2024-118734 n'est toujours pas arrivée",
        "Le numéro de dossier est 88412937",
        "Meine Bestellnummer ist 100234567",
        "Ref: case 00123456",
        "My order number is 5550199",  # "number" alone would be a phone cue
        "Pedido #55501990 sin entregar",
        "SIRET 732 829 320 00074",  # passes Luhn by design, but is grouped 3-3-3-5
        "SIRET 73282932000074",
        "TVA FR40303265045",  # not an IBAN: a French IBAN has 27 characters
        # addresses and versions
        "Our webhook calls from 192.168.100.200",
        "Windows 10 build 10.0.19045.3803",
        "Upgraded to v2.19045.3803 yesterday",
        # an IBAN's shape with a wrong check digit
        "IBAN FR77 3000 6000 0112 3456 7890 189 please",
        # a span of years is no phone number
        "Prices rose every year 2019-2024.",
        "From 2019 - 2024 it worked fine.",
    ],
)
def test_keeps_identifiers_that_are_not_pii(text):
    assert redact_patterns(text) == (text, {})


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # 7-digit local numbers: 3-4 groups, or one run after a phone word
        ("Hey, can you call me back at 555-1234?", "Hey, can you call me back at [PHONE]?"),
        ("my number is 5550199 call me pls", "my number is [PHONE] call me pls"),
        (
            "Please call my assistant at 555-0143 or my cell (917) 555-0110.",
            "Please call my assistant at [PHONE] or my cell [PHONE].",
        ),
        ("Rufen Sie mich an, Handy 5550199", "Rufen Sie mich an, Handy [PHONE]"),
        ("Meine Handynummer ist 5550199", "Meine Handynummer ist [PHONE]"),
        ("Telefonnummer: 0151 23456789", "Telefonnummer: [PHONE]"),
        # a phone word after an order word, or a number after the order's own
        ("order 88412937, call me at 0612345678", "order 88412937, call me at [PHONE]"),
        ("numéro de téléphone : 0612345678", "numéro de téléphone : [PHONE]"),
        ("Thanks for the order, my number is 0612345678", "Thanks for the order, my number is [PHONE]"),
        ("Ticket 4521: reach me on 06.12.34.56.78", "Ticket 4521: reach me on [PHONE]"),
        ("Ref 12: +33 6 12 34 56 78", "Ref 12: [PHONE]"),
        ("Call me at 2019-2024 please", "Call me at [PHONE] please"),  # after a phone word
        # a mistyped card after a card word; Amex's grouping
        (
            "Impossible de payer avec ma carte 4970 1012 3456 7890",
            "Impossible de payer avec ma carte [CARD]",
        ),
        ("card 4111 1111 1111 1112 declined", "card [CARD] declined"),
        ("Amex 3782 822463 10005 refused", "Amex [CARD] refused"),
        ("paid with 4111111111111111 twice", "paid with [CARD] twice"),
        # IBANs by country length and mod-97, a number written after one kept
        ("GB82 WEST 1234 5698 7654 32 is mine", "[IBAN] is mine"),
        ("IBAN FR7630006000011234567890189 please", "IBAN [IBAN] please"),
        ("IBAN FR76 3000 6000 0112 3456 7890 189 1234", "IBAN [IBAN] 1234"),
    ],
)  # fmt: skip
def test_redacts_numbers_people_write_as_theirs(text, expected):
    assert redact_patterns(text)[0] == expected


@pytest.mark.parametrize("text", ["1-" * 50_000, "12.3." * 20_000, "a." * 50_000])
def test_long_runs_without_an_at_sign_are_linear(text):
    """`\\b[\\w.+-]+@` tried every start of such a run: 40,000 characters took 8 s."""
    started = time.perf_counter()
    redact_patterns(text)
    assert time.perf_counter() - started < 3


def test_luhn():
    assert luhn_valid("4111111111111111")
    assert not luhn_valid("4111111111111112")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hi Sarah,\nIt crashes.\nThanks,\nJohn Smith", "Hi [NAME],\nIt crashes.\nThanks,\n[NAME]"),
        ("Bonjour, je m'appelle Marie Dupont.", "Bonjour, je m'appelle [NAME]."),
        ("Hallo, mein Name ist Max Mustermann.", "Hallo, mein Name ist [NAME]."),
        ("Hola, mi nombre es Lucía Gómez.", "Hola, mi nombre es [NAME]."),
        ("Olá, me chamo João Silva.", "Olá, me chamo [NAME]."),
        ("Ciao, il mio nome è Marco Rossi.", "Ciao, il mio nome è [NAME]."),
        ("Dear Mr. Brown, it fails", "Dear Mr. [NAME], it fails"),
        ("Cordialement, Marie Dupont, [PHONE]", "Cordialement, [NAME], [PHONE]"),
        ("It fails.\n\nThanks for your help,\nLaura", "It fails.\n\nThanks for your help,\n[NAME]"),
        (
            "Ça plante.\nMerci d'avance pour votre retour.\nJean Dupont",
            "Ça plante.\nMerci d'avance pour votre retour.\n[NAME]",
        ),
        ("Ça plante.\n\nBonne soirée,\nLaure", "Ça plante.\n\nBonne soirée,\n[NAME]"),
        # German, Italian, Portuguese (and more Spanish) sign-offs, as for English and French
        ("Mit freundlichen Grüßen\nKlaus Schmidt", "Mit freundlichen Grüßen\n[NAME]"),
        ("Es geht nicht. Viele Grüße, Klaus", "Es geht nicht. Viele Grüße, [NAME]"),
        ("Liebe Grüsse\nAnna Meier\n[PHONE]", "Liebe Grüsse\n[NAME]\n[PHONE]"),
        ("Cordiali saluti\nMarco Rossi", "Cordiali saluti\n[NAME]"),
        ("Non va. Distinti saluti, Giulia Bianchi", "Non va. Distinti saluti, [NAME]"),
        ("Atenciosamente\nJoão Silva", "Atenciosamente\n[NAME]"),
        ("Não funciona. Abraços, Ana", "Não funciona. Abraços, [NAME]"),
        ("Obrigada, Maria Souza", "Obrigada, [NAME]"),
        ("Un saludo\nLucía Gómez", "Un saludo\n[NAME]"),
        ("No va. Atentamente, Carlos Ruiz", "No va. Atentamente, [NAME]"),
        # call notes and thanked agents
        ("Renewal call with Ryan at Ridgeline Co.", "Renewal call with [NAME] at Ridgeline Co."),
        ("Appel découverte avec Thomas (Maison Perrin).", "Appel découverte avec [NAME] (Maison Perrin)."),
        ("Upsell call, Harbourline. Nina: \"Could you add SSO?\"", "Upsell call, Harbourline. [NAME]: \"Could you add SSO?\""),
        ("QBR with Acme: Michael raised this: \"CSV\"", "QBR with Acme: [NAME] raised this: \"CSV\""),
        ("Agence Brume. Sarah : « Le SSO ? »", "Agence Brume. [NAME] : « Le SSO ? »"),
        ("Camille du support a été top.", "[NAME] du support a été top."),
        ("Sorted in minutes, thanks Tom!", "Sorted in minutes, thanks [NAME]!"),
        ("Merci Yanis ! Super réactif.", "Merci [NAME] ! Super réactif."),
        ("Loved the follow-up call from Jade.", "Loved the follow-up call from [NAME]."),
        # mid-sentence: thanked, colleagues, titles, cc, a person's label
        ("Thanks so much Sarah for your help", "Thanks so much [NAME] for your help"),
        ("Danke an Jonas für die Hilfe", "Danke an [NAME] für die Hilfe"),
        ("My colleague Anna Schmidt can't access it", "My colleague [NAME] can't access it"),
        ("Merci beaucoup à Julien pour son aide", "Merci beaucoup à [NAME] pour son aide"),
        ("Contactez ma collègue Sophie Bernard au [PHONE]", "Contactez ma collègue [NAME] au [PHONE]"),
        ("Bonjour Madame Petit", "Bonjour Madame [NAME]"),
        ("Buenos días, Señora García.", "Buenos días, Señora [NAME]."),
        ("Please fix it and cc Emma Lindqvist", "Please fix it and cc [NAME]"),
        ("CC: Tom Baker\nThe export fails", "CC: [NAME]\nThe export fails"),
        ("Account owner: Priya Raman", "Account owner: [NAME]"),
        ("Plan: Pro\nName: Lucía Gómez\nIssue: export", "Plan: Pro\nName: [NAME]\nIssue: export"),
    ],
)  # fmt: skip
def test_rules_find_names_where_tickets_put_them(text, expected):
    assert redact_names(text)[0] == expected


@pytest.mark.parametrize(
    "text",
    [
        "Hello Team, export broken",
        "Thanks again, great app",
        "I am French",
        "Ich bin Kunde seit 2019 und die App stürzt ab.",  # a German noun, not a name
        "Thanks for your help,\nThe Acme Team",
        "Thank you for your attention to this matter.\nSincerely, XXXX",
        "The export to Excel fails,\nthen Outlook sync too",
        "Merci pour la mise à jour.\nLe calendrier marche enfin !",
        # products and companies where the call-note rules look
        "Sync with Google Calendar (beta) fails",
        "Integration with Salesforce at last!",
        'I clicked save. Error: "file not found"',
        "Verbatim : « L'intégration Slack »",
        "Navy Federal raised my interest rate",
        "I received a call from Acme Collections about a debt",
        "Thanks Garmin.",
        "Thanks Google for nothing!",  # well-known companies and products are never names
        "Merci Samsung pour la mise à jour",
        "Best,\nMicrosoft",
        "Grazie Mille!",
        "Ciao Tutti,\nnon funziona",
        "Obrigado Equipa!",
        # capitalised words where the mid-sentence rules look
        "Thanks so much for your help",
        "Thanks again for the quick fix, Bonne journée",
        "Thanks Team for the fix",
        "Merci beaucoup à toute l'équipe. Bonne journée",
        "Merci beaucoup à Tous !",
        "My colleague uses Google Calendar since Monday",
        "Adobe CC Photoshop crashes",
        "cc the Monday team",
        "Madame, Monsieur,\nje vous écris",
        "File name: Report.\nIt fails",
        "Product name: Boucle Pro",
        "Contact: [EMAIL]",
        "Since Monday the sync fails.",
    ],
)
def test_rules_spare_words_that_are_not_names(text):
    assert redact_names(text) == (text, 0)


def test_ner_finds_names_the_rules_miss():
    stage = RedactStage(AnalyzerConfig(redact_names="ner"), resources=None)
    analysis = Analysis(
        original_text="", text="I spoke to John Smith about the refund.", language="en"
    )
    stage([analysis])
    assert "John Smith" not in analysis.text
    assert ("name", 1) in analysis.redactions


def test_the_workspace_names_are_not_people():
    """`not_names`: the company's and products' names, which the rules would take for a person."""
    assert redact_names("Thanks Garmin!") == ("Thanks [NAME]!", 1)  # the rules alone cannot tell
    kept = frozenset({"garmin", "ouvrage"})
    for text in ("Thanks Garmin!", "Thanks Garmin Connect!", "Merci Ouvrage !", "Cheers,\nGarmin"):
        assert redact_names(text, kept) == (text, 0)
    assert redact_names("Thanks Tom! Merci Ouvrage !", kept) == (
        "Thanks [NAME]! Merci Ouvrage !",
        1,
    )
    stage = RedactStage(AnalyzerConfig(not_names=("Garmin",), redact_names="ner"), resources=None)
    analysis = Analysis(original_text="", text="Thanks Garmin! John Smith agrees.", language="en")
    stage([analysis])
    assert analysis.text.startswith("Thanks Garmin!") and "John Smith" not in analysis.text


def test_not_names_come_from_the_settings(monkeypatch, tmp_path):
    monkeypatch.setenv("BOUCLE_NOT_NAMES", '["Garmin", "Ouvrage"]')
    assert Settings(data_dir=tmp_path).analyzer_config().not_names == ("Garmin", "Ouvrage")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a cue, then a first name and a surname
        ("Bonjour, je suis Jean-Pierre Martin et l'export plante", "Bonjour, je suis [NAME] et l'export plante"),
        ("Hi, this is Sarah Connor from accounting", "Hi, this is [NAME] from accounting"),
        ("I'm Charles de Gaulle, the export fails", "I'm [NAME], the export fails"),
        ("Marie Curie here. The sync fails.", "[NAME] here. The sync fails."),
        ("Hi, Sarah here, quick question", "Hi, [NAME] here, quick question"),
        ("Bonjour, ici Jacques Chirac. Ça plante.", "Bonjour, ici [NAME]. Ça plante."),
        ("M. Bernard Lavilliers a appelé", "M. [NAME] a appelé"),
        ("Mme Dupont attend sa facture", "Mme [NAME] attend sa facture"),
        ("Mr. John Smith called twice", "Mr. [NAME] called twice"),
        # a signature with no closing words, and after one
        ("Since the update, events missing. Kévin Zorglub", "Since the update, events missing. [NAME]"),
        ("La synchro ne marche plus.\nÉlodie Martin", "La synchro ne marche plus.\n[NAME]"),
        ("Ça plante. Cordialement, Kévin Zorglub", "Ça plante. Cordialement, [NAME]"),
        ("It crashes.\nRegards,\nKévin Zorglub", "It crashes.\nRegards,\n[NAME]"),
        ("Merci, Jean-Pierre Martin", "Merci, [NAME]"),
    ],
)  # fmt: skip
def test_rules_find_introduced_and_signed_names(text, expected):
    assert redact_names(text)[0] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # French closings and openings typed without accents, in capitals, shortened
        ("L'export plante. bien a vous, Paul", "L'export plante. bien a vous, [NAME]"),
        ("L'export plante. Cdlt, Jean", "L'export plante. Cdlt, [NAME]"),
        ("Ça plante.\nBonne journee,\nLaure", "Ça plante.\nBonne journee,\n[NAME]"),
        ("Chere Anne, l'export plante.", "Chere [NAME], l'export plante."),
        ("L'export plante.\nCORDIALEMENT,\nMarie Dupont", "L'export plante.\nCORDIALEMENT,\n[NAME]"),
        # a name in lower case or capitals after them, as people type it
        ("L'export plante.\ncordialement\nmarie dupont", "L'export plante.\ncordialement\n[NAME]"),
        ("L'export plante.\nCdlt,\njean-pierre", "L'export plante.\nCdlt,\n[NAME]"),
        ("L'export plante.\nBien a vous,\npaul martin", "L'export plante.\nBien a vous,\n[NAME]"),
        ("Ça plante. Cordialement, MARIE DUPONT", "Ça plante. Cordialement, [NAME]"),
        ("Ça plante.\nCordialement,\nmarie\n[PHONE]", "Ça plante.\nCordialement,\n[NAME]\n[PHONE]"),
        ("Merci d'avance.\nbàv\nclaire", "Merci d'avance.\nbàv\n[NAME]"),
        ("bonjour marie,\nl'export plante.", "bonjour [NAME],\nl'export plante."),
        ("Cher paul,\nl'export plante.", "Cher [NAME],\nl'export plante."),
    ],
)  # fmt: skip
def test_french_cues_match_without_accents_and_name_lower_case_words(text, expected):
    assert redact_names(text) == (expected, 1)


@pytest.mark.parametrize(
    "text",
    [
        "Ça plante, merci, à bientôt",
        "Ça plante.\nMerci,\nbonne journée",
        "Ça plante. Merci, bonne journee",
        "Ça plante. Merci pour votre aide",
        "Ça plante.\nmerci\ncordialement",
        "bonjour tout le monde, ça plante",
        "Bonjour l'équipe,\nça plante",
        "Bonjour SAV, ça plante",
        "Cordialement,\nl'équipe",
        "salut toi !",
        "Thanks, bob",  # the lower-case rule is French closings' only
    ],
)
def test_lower_case_words_after_french_cues_that_are_no_names(text):
    assert redact_names(text) == (text, 0)


@pytest.mark.parametrize(
    "text",
    [
        # a review's title over its text: the second "Merci" was the name signing the first
        "Merci\nMerci, ça remarche depuis la mise à jour.",
        "Merci, ça remarche.",
        "Thanks\nThanks, it works again after the update.",
        "Cheers\nCheers, works again now.",
        "Danke\nDanke, es funktioniert wieder.",
        "Gracias\nGracias, funciona otra vez.",
        "Hello\nHello, the export fails.",
    ],
)
def test_greetings_and_thanks_are_no_names(text):
    assert redact_names(text) == (text, 0)
    assert redact_names("Thanks\nThanks, Anna") == ("Thanks\nThanks, [NAME]", 1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a signature's label ("Signé : François Lefèvre" was kept, then tagged praise+complaint)
        ("Rappelez-moi au [PHONE], merci. Signé : François Lefèvre", "Rappelez-moi au [PHONE], merci. Signé : [NAME]"),
        ("The export fails. Signed: Anna Schmidt", "The export fails. Signed: [NAME]"),
        ("The export fails.\nSigned by Tom Hale.", "The export fails.\nSigned by [NAME]."),
        ("L'export plante, signé par Marie", "L'export plante, signé par [NAME]"),
        # a signature dash
        ("The export fails.\n-- \nAnna", "The export fails.\n-- \n[NAME]"),
        ("L'export plante. — Marc Dupont", "L'export plante. — [NAME]"),
        # two names closing the message ("Please help, José & Zoë." was kept)
        ("The app crashes, ticket #1. Please help, José & Zoë.", "The app crashes, ticket #1. Please help, [NAME] & [NAME]."),
        ("Ça plante.\nMerci, Paul et Marie !", "Ça plante.\nMerci, [NAME] et [NAME] !"),
        ("It crashes. Cheers, Ann & Bo", "It crashes. Cheers, [NAME] & [NAME]"),
    ],
)  # fmt: skip
def test_rules_find_names_in_signatures(text, expected):
    assert redact_names(text)[0] == expected


@pytest.mark.parametrize(
    "text",
    [
        "We signed Acme last year and they love it.",
        "Signed by Apple.",
        "The export fails — Excel says it needs repair.",
        "Great app, Excel & Word.",
        "Works fine, Android & iOS.",
        "Please fix, Monday & Tuesday.",
        "Export in PDF, CSV & XLSX.",
        "Thanks, Garmin & Strava.",
    ],
)
def test_signature_rules_spare_customers_products_and_lists(text):
    assert redact_names(text) == (text, 0)


@pytest.mark.parametrize(
    "text",
    [
        "This is Slack integration at its worst",
        "Je suis Premium depuis 2 ans",
        "Je suis Premium Plus depuis 2 ans",
        "Bonjour, ici Paris. Le service est lent",
        "Bonjour, ici New York",
        "This is Google Calendar sync",
        "This Is The Greatest App Ever",
        "I Am Very Disappointed",
        "Great app. Five Stars",
        "It works. Highly Recommended",
        "Everything here is broken.",
        "Je suis Français et déçu",
        "I came 2 place settings later",
    ],
)
def test_name_cues_spare_products_places_and_title_case(text):
    assert redact_names(text) == (text, 0)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a card's check code and expiry
        ("CVV 123 and it still fails", "CVV [CARD] and it still fails"),
        ("CVC: 737", "CVC: [CARD]"),
        ("le cryptogramme est 456", "le cryptogramme est [CARD]"),
        ("card 4111 1111 1111 1111 exp 12/27 cvv2 123", "card [CARD] exp [CARD] cvv2 [CARD]"),
        ("ma carte expire 12/27 et le paiement échoue", "ma carte expire [CARD] et le paiement échoue"),
        # dotted cards; a card word wins over "number", even when Luhn fails (people mistype)
        ("paid with 4111.1111.1111.1111 twice", "paid with [CARD] twice"),
        ("Card number: 4970 1012 3456 7899", "Card number: [CARD]"),
        ("Numéro de carte 4970101234567899", "Numéro de carte [CARD]"),
        ("carte n° 4970 1012 3456 7899", "carte n° [CARD]"),
        # IBANs in lower case, spaced or not
        ("IBAN fr7630006000011234567890189 please", "IBAN [IBAN] please"),
        ("mon iban: fr76 3000 6000 0112 3456 7890 189", "mon iban: [IBAN]"),
        # social security numbers: a NIR whole, with or without spaces; a US SSN after its word
        ("n° de sécu 1 85 05 78 006 084 91", "n° de sécu [SSN]"),
        ("numéro de sécurité sociale : 185057800608491", "numéro de sécurité sociale : [SSN]"),
        ("mon NIR 2 90 12 2A 123 456", "mon NIR [SSN]"),
        ("1 85 05 78 006 084 91 est mon numéro", "[SSN] est mon numéro"),  # its key checks out
        ("My SSN is 123-45-6789", "My SSN is [SSN]"),
        # passports and dates of birth
        ("passeport 12AB34567 perdu", "passeport [ID] perdu"),
        ("Passport number: 12AB34567", "Passport number: [ID]"),
        ("née le 12/03/1985 à Lyon", "née le [DATE_OF_BIRTH] à Lyon"),
        ("date de naissance : 3 mars 1985", "date de naissance : [DATE_OF_BIRTH]"),
        ("DOB 1985-03-12", "DOB [DATE_OF_BIRTH]"),
        ("I was born on March 3, 1985", "I was born on [DATE_OF_BIRTH]"),
        ("date of birth: 03/12/1985", "date of birth: [DATE_OF_BIRTH]"),
        # street addresses
        ("Livrez au 12 rue de la Paix, 75002 Paris svp", "Livrez au [ADDRESS] svp"),
        ("j'habite 3 bis avenue Foch, merci", "j'habite [ADDRESS], merci"),
        ("Ship to 1600 Amphitheatre Parkway, Mountain View.", "Ship to [ADDRESS]."),
        ("I live at 221B Baker Street now", "I live at [ADDRESS] now"),
        ("Meine Adresse: Hauptstraße 5, 10115 Berlin", "Meine Adresse: [ADDRESS]"),
    ],
)  # fmt: skip
def test_redacts_card_codes_ids_and_addresses(text, expected):
    assert redact_patterns(text)[0] == expected


@pytest.mark.parametrize(
    "text",
    [
        "mon abonnement expire 12/27",  # no card near: a subscription's date
        "version 5 street view is blank",
        "I ran 2 place holders and 10 km",
        "Ma commande 1 85 05 78 006 084 36 n'est pas arrivée",  # NIR's shape, wrong key, no cue
        "I have 3 passports and 12 apps",
        "the code 123 did not work",
        "Born in 1985, I love this app",
    ],
)
def test_new_rules_leave_look_alikes_alone(text):
    assert redact_patterns(text) == (text, {})


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Rappeler le gérant (06 12 34 56 78) avant midi.", "Rappeler le gérant ([PHONE]) avant midi."),
        ("Rappeler le gérant (+1 415 555 0100) avant midi.", "Rappeler le gérant ([PHONE]) avant midi."),
        ("my number (0612345678), ask for Sam", "my number ([PHONE]), ask for Sam"),
        ("call (555) 123-4567 today", "call [PHONE] today"),
    ],
)  # fmt: skip
def test_a_phone_number_in_brackets_keeps_both_brackets(text, expected):
    """The opening bracket went with the number and the closing one stayed: "gérant [PHONE])"."""
    assert redact_patterns(text)[0] == expected


def test_a_us_ssn_shape_without_its_word_stays_a_phone_number():
    assert redact_patterns("Call me on 123-45-6789")[0] == "Call me on [PHONE]"


def test_a_server_without_redaction_says_so_once_at_start(caplog, tmp_path):
    stages = [stage for stage in DEFAULT_STAGES if stage != "redact"]
    with caplog.at_level(logging.WARNING):
        create_app(Settings(data_dir=tmp_path, worker=False, stages=stages))
        create_app(Settings(data_dir=tmp_path, worker=False))
    warnings = [r for r in caplog.records if "leaves out 'redact'" in r.getMessage()]
    assert len(warnings) == 1 and warnings[0].levelno == logging.WARNING


# A first name from the gazetteer (analyzer/name_lists.py) and a surname, in the middle of a
# sentence, with no cue around them; or a known first name alone after a cue ("spoke with Tom").
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Called Mary Johnson today, she wants to cancel.", "Called [NAME] today, she wants to cancel."),
        ("Jean Dupont a appelé au support, il est furieux.", "[NAME] a appelé au support, il est furieux."),
        ("The invoice went to Sarah Kowalczyk by mistake.", "The invoice went to [NAME] by mistake."),
        ("Le dossier est suivi par Camille Lefèvre depuis mars.", "Le dossier est suivi par [NAME] depuis mars."),
        ("Ask Jean-Pierre Martin about the renewal", "Ask [NAME] about the renewal"),
        ("Our admin Thomas DURAND cannot log in", "Our admin [NAME] cannot log in"),
        ("I escalated to Kevin O'Brien last week", "I escalated to [NAME] last week"),
        ("Mary Johnson wants a refund.", "[NAME] wants a refund."),
        ("I spoke with Tom about the export.", "I spoke with [NAME] about the export."),
        ("We talked to Jessica twice, nothing changed", "We talked to [NAME] twice, nothing changed"),
        ("J'ai parlé avec Julie hier, toujours rien.", "J'ai parlé avec [NAME] hier, toujours rien."),
        ("Un message de la part de Nicolas : ça plante.", "Un message de la part de [NAME] : ça plante."),
        ("Sophie a appelé deux fois.", "[NAME] a appelé deux fois."),
    ],
)  # fmt: skip
def test_gazetteer_finds_names_in_the_middle_of_a_sentence(text, expected):
    assert redact_names(text)[0] == expected


@pytest.mark.parametrize(
    "text",
    [
        "Paying with Apple Pay fails since the update",
        "Google Play says the app is not compatible",
        "Microsoft Teams notifications are delayed",
        "Garmin Connect lost my runs and Huawei Health too",
        "The Rose Gold model scratches easily",
        "I called Chase about the fee",  # a bank, though Chase is a first name
        "Grace Period ended without notice",
        "Paris Saint-Germain app crashes",
        "The new Max Plan costs more",
        "Victoria Station kiosk was closed",
        "J'utilise Google Agenda avec Samsung Health",
        "Avec Orange la connexion coupe",
        "Ask Alexa Echo to play music",
        "June Update broke the sync",  # a sentence's first words: both must be names
        "Max Storage is full",
    ],
)
def test_gazetteer_spares_products_brands_and_title_case(text):
    assert redact_names(text) == (text, 0)


# A possessive after the name: the name is masked, the possessive kept.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mary Johnson's account was charged twice", "[NAME]'s account was charged twice"),
        ("Mary Johnson’s account was charged twice", "[NAME]’s account was charged twice"),
        ("I reopened Kevin O'Brien's ticket", "I reopened [NAME]'s ticket"),
        ("We refunded Mary Jones' order", "We refunded [NAME]' order"),
        ("I talked to Julie's manager", "I talked to [NAME]'s manager"),
        ("the ticket of Jean Dupont", "the ticket of [NAME]"),
    ],
)
def test_gazetteer_masks_a_name_before_its_possessive(text, expected):
    assert redact_names(text)[0] == expected


# An organisation or a place named like a person: a word of theirs after the name (English) or
# before it (French), or a pair known as an organisation (analyzer/organisations.py).
@pytest.mark.parametrize(
    "text",
    [
        "We landed at Austin Bergstrom airport an hour late",
        "AUS (Austin Bergstrom) to Cancun was smooth",
        "name of company is Hunter Warfield",
        "I got a call from Hunter Warfield, a debt collector",
        "Charging $3 for a Sam Adams draft is usurious",
        "I called Chase Bank twice",
        "The invoice came from Thomas Durand SARL",
        "My card was refused at Lucas Martin Hotel",
        "The shop on rue Jean Jaurès is closed",
    ],
)
def test_gazetteer_spares_organisations_and_places_named_like_people(text):
    assert redact_names(text) == (text, 0)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I asked Mary Johnson at the bank", "I asked [NAME] at the bank"),
        ("Told Sarah Kowalczyk the hotel was full", "Told [NAME] the hotel was full"),
        ("Le conseiller Jean Dupont de la banque a raccroché", "Le conseiller [NAME] de la banque a raccroché"),
        ("Sam Adams called about the brewery", "[NAME] called about the brewery"),
    ],
)  # fmt: skip
def test_a_person_beside_an_organisation_is_still_masked(text, expected):
    assert redact_names(text)[0] == expected


def test_gazetteer_respects_the_workspace_names():
    assert redact_names("My watch syncs to Jordan Pulse hourly", frozenset({"pulse"})) == (
        "My watch syncs to Jordan Pulse hourly",
        0,
    )


# French names: a surname's particle stays with the name ("de La Fontaine", "d'Arcy"), informal
# sign-offs ("Bises", "A+") and verbs of contact ("demandez", "j'ai eu … au téléphone") cue one.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("J'ai parlé avec Jean-Baptiste de La Fontaine hier.", "J'ai parlé avec [NAME] hier."),
        ("Jean-Baptiste de La Fontaine a appelé hier.", "[NAME] a appelé hier."),
        ("Bonjour, je suis Jean-Baptiste de La Fontaine et l'export plante.", "Bonjour, je suis [NAME] et l'export plante."),
        ("Cordialement,\nJean-Baptiste de La Fontaine", "Cordialement,\n[NAME]"),
        ("Mme Marie-Hélène d'Arcy nous a écrit.", "Mme [NAME] nous a écrit."),
        ("Contact : Marie-Hélène d’Arcy, service achats", "Contact : [NAME], service achats"),
        ("Mme Anne du Bellay a écrit.", "Mme [NAME] a écrit."),
        ("L'export ne marche plus depuis hier. Bises, Camille", "L'export ne marche plus depuis hier. Bises, [NAME]"),
        ("Merci pour la correction ! A+ Julien", "Merci pour la correction ! A+ [NAME]"),
        ("Pour la facture, demandez Benoît.", "Pour la facture, demandez [NAME]."),
        ("Vous pouvez contacter Léa pour la démo.", "Vous pouvez contacter [NAME] pour la démo."),
        ("J'ai eu Thomas au téléphone, il confirme le bug.", "J'ai eu [NAME] au téléphone, il confirme le bug."),
    ],
)  # fmt: skip
def test_french_names_are_masked_with_their_particles_and_cues(text, expected):
    assert redact_names(text)[0] == expected


@pytest.mark.parametrize(
    "text",
    [
        "Le conseiller de la banque a raccroché",
        "J'ai eu Orange au téléphone, rien à faire",  # a company, no first name
        "J'ai eu Max de retard sur la facture",  # no phone: not whom one had
        "Demandez France Travail pour l'attestation",  # an organisation: a capital follows
        "Bises à toute l'équipe",
        "Note A+ pour le support",
        "Contactez Google pour le compte",
    ],
)
def test_french_name_cues_spare_words_that_are_no_names(text):
    assert redact_names(text) == (text, 0)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("National Insurance QQ 12 34 56 C", "National Insurance [SSN]"),
        ("NI number AB123456C please", "NI number [SSN] please"),
        ("742 Evergreen Terrace, Springfield, IL 62704", "[ADDRESS]"),
        ("see https://example.com/invite/AbCdEf0123456789XyZ now", "see [URL] now"),
        ("write jean [at] gmail [dot] com", "write [EMAIL]"),
        ("birthday: 1985-05-17", "birthday: [DATE_OF_BIRTH]"),
    ],
)
def test_uk_insurance_numbers_us_addresses_path_tokens_and_spelled_addresses(text, expected):
    """Gaps a DPO found: each was stored as written."""
    assert redact_patterns(text)[0] == expected


@pytest.mark.parametrize(
    "text",
    [
        "read https://acme.com/docs/GettingStarted2024 first",  # a page's words and a year
        "the cat [at] home",
        "NI 2024 results",
    ],
)
def test_look_alikes_of_those_gaps_are_kept(text):
    assert redact_patterns(text)[0] == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Salut, Marie Curie ici, le rapport plante.", "Salut, [NAME] ici, le rapport plante."),
        ("Bonjour, Marie Curie ici, merci.", "Bonjour, [NAME] ici, merci."),
        ("Moi c'est Marie Curie, le rapport plante.", "Moi c'est [NAME], le rapport plante."),
        ("Hallo, hier ist Marie Curie, der Bericht stürzt ab.",
         "Hallo, hier ist [NAME], der Bericht stürzt ab."),
        ("Hola, soy Marie Curie, el informe falla.", "Hola, soy [NAME], el informe falla."),
        ("Hola, Marie Curie aquí, el informe falla.", "Hola, [NAME] aquí, el informe falla."),
        ("Ciao, sono Giulia Ferraresi, il report non va.", "Ciao, sono [NAME], il report non va."),
        ("Olá, aqui é o João Silva, o relatório falha.", "Olá, aqui é o [NAME], o relatório falha."),
        ("Olá, sou a Marta Quintela, o relatório falha.", "Olá, sou a [NAME], o relatório falha."),
    ],
)  # fmt: skip
def test_self_introductions_in_french_german_spanish_italian_portuguese(text, expected):
    """A DPO found each name kept, while "Hi, Marie Curie here" lost it."""
    assert redact_names(text)[0] == expected


@pytest.mark.parametrize(
    "text",
    [
        "I'm a Canadian Flight Booking Problems fan",  # "a" is no article before a name in English
        "Hier ist Microsoft Teams kaputt.",
        "Aqui é o Google Drive que falha.",
        "Je suis Premium depuis 2 ans.",
    ],
)
def test_look_alikes_of_self_introductions_are_kept(text):
    assert redact_names(text)[0] == text
