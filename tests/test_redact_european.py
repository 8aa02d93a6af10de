"""Redaction of European local formats: identity and tax numbers, street-first addresses, slashed
phone numbers, hyphenated IBANs, passports, dates of birth and card expiries cued in German,
Spanish, Italian and Portuguese, names after their titles; and what looks like them but is not
personal data (versions, order numbers, prices, dates, postcodes, a company's VAT number)."""

import pytest

from analyzer.analysis import Analysis
from analyzer.config import AnalyzerConfig
from analyzer.names import redact_names
from analyzer.national_ids import dni_valid, sozialversicherung_valid
from analyzer.stages.redact import redact_patterns
from analyzer.stages.segment import SegmentStage


def redacted(text: str) -> str:
    """As ingestion and the team's texts are redacted: patterns, then names by the rules."""
    return redact_names(redact_patterns(text)[0])[0]


MASKED = [
    # national identity and personal tax numbers
    ("Mi DNI es 12345678Z y no puedo entrar.", "Mi DNI es [ID] y no puedo entrar."),
    ("Mi DNI es 12345678-Z y no puedo entrar.", "Mi DNI es [ID] y no puedo entrar."),
    ("Adjunto 12345678Z para la factura", "Adjunto [ID] para la factura"),  # its letter checks
    ("Mi NIE es X1234567L.", "Mi NIE es [ID]."),
    ("Steuernummer 123/456/78901", "Steuernummer [ID]"),
    ("Il mio codice fiscale è RSSMRA85T10A562S.", "Il mio codice fiscale è [ID]."),
    ("cf rssmra85t10a562s grazie", "cf [ID] grazie"),
    ("Meine Steuer-ID ist 12 345 678 901.", "Meine Steuer-ID ist [ID]."),
    # a date of birth before its word; a title in lower case; a floor and door, a Roman numeral
    ("Ich bin am 15.04.1985 geboren", "Ich bin am [DATE_OF_BIRTH] geboren"),
    ("Ich wurde am 3. Mai 1980 geboren.", "Ich wurde am [DATE_OF_BIRTH] geboren."),
    ("Gentile dott. Bianchi, la fattura è sbagliata.", "Gentile [NAME], la fattura è sbagliata."),
    ("Enviadla a Calle de Alcalá 45, 3º B, 28014 Madrid.", "Enviadla a [ADDRESS]."),
    ("Spedite a Corso Vittorio Emanuele II 45, 20122 Milano.", "Spedite a [ADDRESS]."),
    ("Meine IdNr 12345678901 steht im Profil", "Meine IdNr [ID] steht im Profil"),
    ("Steuer-ID: 12345678901", "Steuer-ID: [ID]"),
    ("Sozialversicherungsnummer 65 170839 J 003", "Sozialversicherungsnummer [SSN]"),
    ("65 170839 J 003 ist meine Nummer", "[SSN] ist meine Nummer"),  # its check digit holds
    ("Personalausweis L01X00T47 verloren", "Personalausweis [ID] verloren"),
    ("O meu NIF é 123456789.", "O meu NIF é [ID]."),
    ("O meu CPF é 123.456.789-09.", "O meu CPF é [ID]."),
    ("Cartão de Cidadão 12345678 9 ZZ1", "Cartão de Cidadão [ID]"),
    ("Numéro de sécurité sociale 1 85 05 78 006 084 91", "Numéro de sécurité sociale [SSN]"),
    # street addresses, street first
    ("Vivo en Calle Mayor 10, 28013 Madrid.", "Vivo en [ADDRESS]."),
    ("Carrer de Mallorca 401, 08013 Barcelona", "[ADDRESS]"),
    ("Abito in Via Roma 12, 00184 Roma.", "Abito in [ADDRESS]."),
    ("Moro na Rua Augusta 100, 1100-053 Lisboa.", "Moro na [ADDRESS]."),
    ("Enviar a calle de Alcalá 45, 28014 Madrid", "Enviar a [ADDRESS]"),
    ("Consegna in Piazza della Signoria 5.", "Consegna in [ADDRESS]."),
    ("Abito in Via Roma 12 a Milano", "Abito in [ADDRESS] a Milano"),
    ("Meine Adresse: Hauptstraße 5, 10115 Berlin", "Meine Adresse: [ADDRESS]"),
    # phone numbers, IBAN
    ("Ruf mich an: 089/1234567", "Ruf mich an: [PHONE]"),
    ("Handy 0171 / 2345678 bitte", "Handy [PHONE] bitte"),
    ("Rufen Sie mich unter 030 / 12 34 56 78 an", "Rufen Sie mich unter [PHONE] an"),
    ("Tel.: +49 89/1234567", "Tel.: [PHONE]"),
    ("Hotline 0800/3301000 24 Stunden", "Hotline [PHONE] 24 Stunden"),  # "24" is no part of it
    ("IBAN ES91-2100-0418-4502-0005-1332 bitte", "IBAN [IBAN] bitte"),
    # passports, dates of birth, card expiries
    ("Mi pasaporte es PAA123456", "Mi pasaporte es [ID]"),
    ("Mein Reisepass ist C01X00T47", "Mein Reisepass ist [ID]"),
    ("Il mio passaporto è YA1234567", "Il mio passaporto è [ID]"),
    ("O meu passaporte é CB123456", "O meu passaporte é [ID]"),
    ("Sono nato il 12/03/1985 a Roma.", "Sono nato il [DATE_OF_BIRTH] a Roma."),
    ("Ich bin geboren am 12.03.1985.", "Ich bin geboren am [DATE_OF_BIRTH]."),
    ("geb. 3. März 1985 in Köln", "geb. [DATE_OF_BIRTH] in Köln"),
    ("Nací el 3 de marzo de 1985", "Nací el [DATE_OF_BIRTH]"),
    ("Yo, nacido el 12/03/1985", "Yo, nacido el [DATE_OF_BIRTH]"),
    ("Eu nascida em 12 de março de 1985", "Eu nascida em [DATE_OF_BIRTH]"),
    ("Je suis né le 12/03/1985", "Je suis né le [DATE_OF_BIRTH]"),
    ("I was born on 12/03/1985", "I was born on [DATE_OF_BIRTH]"),
    ("tarjeta 4111 1111 1111 1111 caduca 12/27", "tarjeta [CARD] caduca [CARD]"),
    ("carta 4111 1111 1111 1111 scad. 12/27", "carta [CARD] scad. [CARD]"),
    ("Karte 4111 1111 1111 1111 gültig bis 12/27", "Karte [CARD] gültig bis [CARD]"),
    # names after their titles
    ("Frau Dr. Schulz wartet seit Tagen.", "Frau [NAME] wartet seit Tagen."),
    ("Ich habe mit Herrn Klaus Becker gesprochen.", "Ich habe mit Herrn [NAME] gesprochen."),
    ("Ho parlato con la dottoressa Romano ieri.", "Ho parlato con la dottoressa [NAME] ieri."),
    ("Enviei a D. Fernanda Costa.", "Enviei a [NAME]."),
    ("Falei com a Ana Sousa ontem.", "Falei com a [NAME] ontem."),
    ("La Sra. García no recibe las facturas.", "La Sra. [NAME] no recibe las facturas."),
    ("Il Sig. Rossi non riceve le fatture.", "Il [NAME] non riceve le fatture."),
    ("Prof. Müller sagt, es geht nicht.", "[NAME] sagt, es geht nicht."),
    ("Mr. John Smith called twice", "Mr. [NAME] called twice"),
]

KEPT = [
    "Version 10.2.3 stürzt ab, Bestellung 2024-118734",
    "Mein Ticket 4521 ist offen seit 12.03.2024",
    "Mein Termin ist am 12.03.2025, bitte bestätigen",
    "A versão 3.2.1 saiu em 12/03/2024",
    "Il prezzo è 1.299,00 EUR dal 12/03/2024",
    "El pedido 12345678 llegó tarde, cuesta 49,99 €",
    "A encomenda 123456789 não chegou",
    "Meine Kundennummer ist 12345678901",
    "Bestellnummer 100234567, Rechnung RE-2025-0815",
    "28013 Madrid è il codice postale",
    "O código postal 1100-053 está errado",
    "Via Zapier 2 steps fail",
    "Sync via Outlook 365 fails",
    "Ho seguito il corso Python 3 ieri",
    "P.IVA 12345678901",
    "Partita IVA 12345678901 della società",
    "USt-IdNr. DE123456789",
    "USt-IdNr DE123456789",  # a company's VAT number (README, docs/privacy.md)
    "Unsere USt-IdNr: DE123456789 fehlt auf der Rechnung",
    "Ich bin am Montag geboren",  # no date
    "CIF B12345678 de la empresa",
    "NIPC 501234567",
    "TVA FR40303265045",
    "Vitamin D. Great Product.",
    "C. Employment D. Court Order The stated inquiries",
    "iOS 17.4.1 update",
    "Born in 1985, I love this app",
    "La app caduca el 12/27 sin tarjeta",
    "Der Vertrag ist gültig bis 12/27",
    "Herr der Ringe ist toll",
    "Hablé con Movistar ayer",
    "DNI 2 veces rechazado",
    "Artikel 089/12 ist defekt",
    "Ausgabe 01/2024 fehlt",
    "Projekt 2023/2024 Budget",
    "Pedido 12345678A sin entregar",  # the shape of a DNI, but its letter does not check
    "Teil 65170839J004 fehlt",  # a social security number's shape, its check digit wrong
]


@pytest.mark.parametrize(("text", "expected"), MASKED)
def test_european_personal_data_is_masked(text, expected):
    assert redacted(text) == expected


@pytest.mark.parametrize("text", KEPT)
def test_look_alikes_are_kept(text):
    assert redacted(text) == text


def test_check_digits():
    assert dni_valid("12345678Z") and dni_valid("X1234567L") and dni_valid("x-1234567-l")
    assert not dni_valid("12345678A")
    assert sozialversicherung_valid("65170839J003")
    assert not sozialversicherung_valid("65170839J004")


def test_masked_kinds_are_counted():
    text, counts = redact_patterns("DNI 12345678Z, 089/1234567, Calle Mayor 10, 28013 Madrid")
    assert text == "DNI [ID], [PHONE], [ADDRESS]"
    assert counts == {"id": 1, "phone": 1, "address": 1}


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Frau Dr. Schulz wartet seit Tagen auf eine Antwort.", "de"),
        ("Il Sig. Rossi non riceve le fatture da marzo.", "it"),
        ("Il Dott. Bianchi non riesce a esportare il report.", "it"),
    ],
)
def test_a_title_no_longer_splits_the_sentence(text, language):
    """ "Frau [NAME]. Schulz wartet" was two insights, cut at the title's dot."""
    analysis = Analysis(original_text=text, text=redacted(text), language=language)
    SegmentStage(AnalyzerConfig(), resources=None)([analysis])
    assert [insight.text for insight in analysis.insights] == [analysis.text]


def test_tagging_answers_the_redacted_text(client):
    """The QA's steps: POST /v1/tag, then read redacted_text and the insights."""
    text = "Frau Dr. Schulz wartet seit Tagen. DNI 12345678-Z, Tel. 089/1234567."
    answer = client.post("/v1/tag", json={"text": text, "language": "de"}).json()
    assert answer["redacted_text"] == "Frau [NAME] wartet seit Tagen. DNI [ID], Tel. [PHONE]."
    assert "Schulz" not in str(answer["insights"])
