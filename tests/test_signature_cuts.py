"""Signatures, disclaimers and help-desk reply markers are cut before a message is split into
insights; real feedback that looks a little like them is kept whole. Held-out cases written
before the rules (QA reviews of POST /v1/tag, and real-world e-mail shapes)."""

import pytest

from analyzer.names import mask_known_names
from analyzer.stages.normalise import normalise, normalise_signed

CUT = [
    # QA review 1: an inline image, a one-line signature, a phone line and a disclaimer.
    (
        "Thanks, that works now!\n\n[cid:image001.png@01D9]\n\n"
        "Anna Schmidt | Head of Finance | BigCorp GmbH\nT +49 30 1234567 | www.bigcorp.com\n"
        "This e-mail and any attachments are confidential. If you received it in error, please "
        "notify the sender…",
        "Thanks, that works now!",
    ),
    # Zendesk's reply marker, then the agent's earlier reply.
    (
        "The export still fails on Safari.\n\n##- Please type your reply above this line -##\n\n"
        "Tom (Acme Support)\nDec 3, 2026, 10:02 UTC\nHi, could you clear your cache and retry?",
        "The export still fails on Safari.",
    ),
    (
        "Toujours le même souci avec la synchro.\n\n"
        "##- Veuillez écrire votre réponse au-dessus de cette ligne -##\n\n"
        "Julie (Support Acme)\n3 déc. 2026, 10:02 UTC\nBonjour, pouvez-vous réessayer ?",
        "Toujours le même souci avec la synchro.",
    ),
    # Outlook's header blocks, English and French.
    (
        "Still broken after the update.\n\nFrom: Acme Support <help@acme.com>\n"
        "Sent: Monday, 3 June 2024 10:00\nTo: Anna\nSubject: RE: export\n\nHi Anna, we fixed it.",
        "Still broken after the update.",
    ),
    (
        "Le bug est revenu.\n\nDe : Support Acme <aide@acme.fr>\nEnvoyé : lundi 3 juin 2024 10:00\n"
        "À : Marie\nObjet : RE: export\n\nBonjour Marie, c'est corrigé.",
        "Le bug est revenu.",
    ),
    (
        "Same error today.\n\n-----Original Message-----\nFrom: help@acme.com\nThe fix is live.",
        "Same error today.",
    ),
    # Intercom / Gmail quoted-reply headers and device lines.
    (
        "Ça ne marche pas mieux.\n\nLe lun. 3 juin 2024 à 10:00, Acme <aide@acme.fr> a écrit :\n"
        "> Le correctif est en ligne.",
        "Ça ne marche pas mieux.",
    ),
    ("Login loops forever.\n\nSent from my iPhone", "Login loops forever."),
    ("Impossible de me connecter.\n\nEnvoyé de mon iPhone", "Impossible de me connecter."),
    # Signature blocks without a closing word.
    (
        "Le nouveau tableau de bord est très clair.\n\nZoé Martin\nQuasar Widgets\n"
        "12 rue de la Paix, 75002 Paris",
        "Le nouveau tableau de bord est très clair.",
    ),
    (
        "L'export ne marche toujours pas.\n\nJean Dupont\nSupport Manager | Acme\n"
        "Tel: +33 1 23 45 67 89",
        "L'export ne marche toujours pas.",
    ),
    (
        "Pouvez-vous ajouter l'export PDF ?\n\nMarie Lefèvre\nResponsable Achats",
        "Pouvez-vous ajouter l'export PDF ?",
    ),
    (
        "Sync is broken since the update.\n\nTom Baker\nCTO, Brightline\ntom@brightline.io\n"
        "https://brightline.io",
        "Sync is broken since the update.",
    ),
    # A closing word, then a signature line over 60 characters.
    (
        "The invoice total is wrong.\n\nKind regards,\n"
        "Zoé Martin | Head of Finance and Operations | Quasar Widgets Ltd",
        "The invoice total is wrong.",
    ),
    (
        "Les factures sont en double.\n\nCordialement,\n"
        "Marie Lefèvre – Responsable des achats et de la logistique – Quasar SAS",
        "Les factures sont en double.",
    ),
    # Disclaimers, French and English, and the print-the-planet line.
    (
        "Merci, c'est réglé !\n\nCe message et ses pièces jointes sont confidentiels et destinés "
        "exclusivement à leur destinataire. Si vous avez reçu ce message par erreur, merci de le "
        "signaler à l'expéditeur et de le détruire.",
        "Merci, c'est réglé !",
    ),
    (
        "The calendar view is much faster now.\n\nCONFIDENTIALITY NOTICE: This email message, "
        "including any attachments, is for the sole use of the intended recipient(s).",
        "The calendar view is much faster now.",
    ),
    (
        "Please add an export to Excel.\n\nPlease consider the environment before printing this "
        "email.",
        "Please add an export to Excel.",
    ),
    # QA: German, Spanish, Italian and Portuguese disclaimers and print-the-planet lines were kept
    # whole (each sentence an insight, read as a complaint).
    (
        "Der CSV-Export stürzt ab.\n\nDiese E-Mail enthält vertrauliche und/oder rechtlich "
        "geschützte Informationen. Wenn Sie nicht der richtige Adressat sind, informieren Sie bitte "
        "sofort den Absender.",
        "Der CSV-Export stürzt ab.",
    ),
    (
        "Der Export ist leer.\nDiese Nachricht ist ausschließlich für den Adressaten bestimmt.",
        "Der Export ist leer.",
    ),
    (
        "Der Export ist leer.\nBitte denken Sie an die Umwelt, bevor Sie diese E-Mail ausdrucken.",
        "Der Export ist leer.",
    ),
    (
        "La app falla.\n\nEste mensaje es confidencial y está dirigido exclusivamente a su "
        "destinatario. Si usted no es el destinatario, le rogamos que lo comunique al remitente.",
        "La app falla.",
    ),
    (
        "La app falla.\nLa información contenida en este mensaje es confidencial.",
        "La app falla.",
    ),
    (
        "L'app si blocca.\nQuesto messaggio e i suoi allegati sono riservati e destinati "
        "esclusivamente al destinatario.",
        "L'app si blocca.",
    ),
    (
        "O app trava.\nEsta mensagem e os seus anexos são confidenciais.",
        "O app trava.",
    ),
    (
        "O app trava.\nAs informações contidas nesta mensagem são confidenciais.",
        "O app trava.",
    ),
    # QA: a closing formula after the last sentence on its line, with only a signature after it.
    (
        "Hi team, the mobile app logs me out every 5 minutes since version 3.2. Very annoying. "
        "Best regards, John Smith, Acme Inc, +1 (415) 555-0134",
        "Hi team, the mobile app logs me out every 5 minutes since version 3.2. Very annoying.",
    ),
    ("Le bug est revenu. Cordialement, Marie Dupont", "Le bug est revenu."),
    (
        "Der Export ist kaputt. Mit freundlichen Grüßen, Anna Schmidt | Head of Finance | "
        "BigCorp GmbH",
        "Der Export ist kaputt.",
    ),
    ("Export broken. Kind regards,\nJohn Smith\nAcme Inc", "Export broken."),
    # Gmail's inline image placeholder inside the message.
    (
        "The chart is empty:\n[image: Screenshot 2026-12-03.png]\nsince Monday.",
        "The chart is empty:\nsince Monday.",
    ),
]

KEPT = [
    # "regards" in the middle of the text is not a closing.
    "Best regards to your dev team, they did a great job on the new export.\n"
    "But the PDF export still cuts the last page.",
    # A list of short lines that is the feedback.
    "Things that broke after the update:\nExport to PDF\nDark mode\nCalendar sync\n"
    "Login with Google",
    "What I use most:\nSmart Inbox\nTeam Calendar",
    # A short real sentence last.
    "The app crashes when I open settings.\nPlease fix it.",
    "Merci pour la mise à jour.\nMais le tableau de bord reste lent.\nVraiment dommage.",
    # "confidential" and "this e-mail" as the customer's own words.
    "Your app sent a confidential invoice to the wrong customer.\n"
    "This e-mail was meant for me only, not for them.",
    # A disclaimer's words inside a line of feedback.
    "The export crashes on save, so this message is intended for your dev team.\n"
    "It loses my changes.",
    # An address that is what the feedback is about.
    "Delivery to our office at 12 rue de la Paix failed twice.\nPlease check the address format.",
    # A device and its firmware version after the feedback: digits, but no phone number.
    "Ride data stopped syncing after the update.\nEdge Explore\nFirmware 19.26.4.12",
    # A customer's own words that open like a disclaimer, in German, Spanish and Italian.
    "Die App stürzt ab.\nDiese E-Mail ist an den Support gerichtet.",
    "La app falla.\nEste mensaje es para reportar datos confidenciales expuestos.",
    "La app falla.\nAntes de imprimir la factura, la app se cierra.",
    "L'app si blocca.\nQuesto messaggio di errore appare sempre.",
    # A closing word inside a sentence, or followed by more than a signature.
    "Export broken. Best regards to your dev team, they did great.",
    "Export broken. Regards, the export is still broken",
    "It fails. Sincerely, a very unhappy customer",
    "Export broken. Thanks, Anna",
    # A name and a title that the message talks about.
    "Our new Head of Finance loves the reports.\nAnna Schmidt\nasked for a yearly view too.",
]


def short_id(text: str) -> str:
    """A test id of the text's first words (the whole text made ids of hundreds of characters)."""
    return " ".join(text.split()[:5])


@pytest.mark.parametrize(("text", "expected"), CUT, ids=[short_id(text) for text, _ in CUT])
def test_cuts_signatures_disclaimers_and_reply_markers(text, expected):
    assert normalise(text) == expected


@pytest.mark.parametrize("text", KEPT, ids=map(short_id, KEPT))
def test_keeps_feedback_that_looks_like_a_signature(text):
    assert normalise(text) == text


def test_qa_ticket_is_one_positive_insight_without_its_signer(analyzer):
    result = analyzer.analyze(CUT[0][0])
    assert [insight.text for insight in result.insights] == ["Thanks, that works now!"]
    assert result.sentiment.label == "positive"
    assert "complaint" not in [intent.label for intent in result.intents]
    assert "Schmidt" not in result.text


def test_an_inline_sign_off_no_longer_turns_the_last_insight_positive(analyzer):
    """QA: "Very annoying. Best regards, [NAME], Acme Inc, [PHONE]" was one insight, positive
    0.50; the signer's name is still masked where the kept text names them."""
    result = analyzer.analyze(
        "Hi team, John Smith here: the mobile app logs me out every 5 minutes since version 3.2. "
        "Very annoying. Best regards, John Smith, Acme Inc, +1 (415) 555-0134"
    )
    assert result.text == (
        "Hi team, [NAME] here: the mobile app logs me out every 5 minutes since version 3.2. "
        "Very annoying."
    )
    assert all(insight.sentiment.label != "positive" for insight in result.insights)
    assert not any("regards" in insight.text.lower() for insight in result.insights)


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        (
            "Zoé Martin from Quasar Widgets here, the export fails every Monday.\n\n"
            "Zoé Martin\nQuasar Widgets\n12 rue de la Paix, 75002 Paris",
            "[NAME] from Quasar Widgets here, the export fails every Monday.",
        ),
        # the company opens the block: the person is masked, the company stays
        (
            "Acme Corp's export fails every night, Jane Doe says.\n\n"
            "Acme Corp\nJane Doe\nHead of Finance\n+33 1 23 45 67 89",
            "Acme Corp's export fails every night, [NAME] says.",
        ),
    ],
)
def test_cut_signatures_name_is_masked_in_what_is_kept(analyzer, text, kept):
    assert analyzer.analyze(text).text == kept


def test_a_given_contact_name_is_masked(analyzer):
    text = "Zoé Martin from Quasar Widgets here, the export fails every Monday."
    result = analyzer.analyze(text, names=["zoé  martin"])
    assert result.text == "[NAME] from Quasar Widgets here, the export fails every Monday."
    assert dict(result.redactions)["name"] == 1


def test_a_one_word_contact_name_is_masked_only_capitalised(analyzer):
    result = analyzer.analyze(
        "Mark here: I mark every mail as read and it comes back.", names=["Mark"]
    )
    assert result.text == "[NAME] here: I mark every mail as read and it comes back."


# A block that opens with the company, then the person: the person signs it, not the company.
COMPANY_FIRST = [
    "ACME Corp\nJane Doe\nHead of Finance\n+33 1 23 45 67 89",
    "Acme Corp\nJane Doe\nHead of Finance\n+33 1 23 45 67 89",
    "Quasar Widgets\nJane Doe\nHead of Finance\n+33 1 23 45 67 89",
    "Quasar Widgets\nJane Doe | Head of Finance\nTel: +33 1 23 45 67 89",
    # the person first, as most signatures go
    "Jane Doe\nAcme Corp\n+33 1 23 45 67 89",
    "Jane Doe\nSales Director\nQuasar Widgets\n+33 1 23 45 67 89",
]


@pytest.mark.parametrize("block", COMPANY_FIRST, ids=[short_id(b) for b in COMPANY_FIRST])
def test_a_signature_block_signs_with_the_person_not_the_company(block):
    assert normalise_signed(f"The export fails every night.\n\n{block}") == (
        "The export fails every night.",
        "Jane Doe",
    )


def test_the_contacts_first_or_last_name_alone_is_masked(analyzer):
    result = analyzer.analyze(
        "Anna's export fails every night, ask SCHMIDT in finance. Anna-Lena agrees.",
        names=["Anna  Schmidt"],
    )
    assert result.text == (
        "[NAME]'s export fails every night, ask [NAME] in finance. Anna-Lena agrees."
    )
    assert dict(result.redactions)["name"] == 2


def test_a_name_part_in_lower_case_is_the_word_unless_the_text_has_no_capitals():
    """Contact Will Slack: "I will wait" keeps its verb; "pls ask will" typed all in lower case
    names him."""
    text = "I will wait, the slack integration fails."
    assert mask_known_names(text, ["Will Slack"]) == (text, 0)
    assert mask_known_names("pls ask will about it", ["Will Slack"]) == (
        "pls ask [NAME] about it",
        1,
    )


@pytest.mark.parametrize(
    ("name", "text", "masked"),
    [
        ("Anna Schmidt", "The export fails, ask anna.", "The export fails, ask [NAME]."),
        ("Paula Quinn", "The export fails for paula.", "The export fails for [NAME]."),
        ("Paula Quinn", "Demandez à paula, merci.", "Demandez à [NAME], merci."),
        (
            "Anna Schmidt",
            "Bitte frag anna, der Export hängt.",
            "Bitte frag [NAME], der Export hängt.",
        ),
        ("Paula Quinn", "Pregunta a paula, por favor.", "Pregunta a [NAME], por favor."),
        ("Paula Quinn", "Chiedi a paula, grazie.", "Chiedi a [NAME], grazie."),
        ("Paula Quinn", "Pergunte à paula, obrigado.", "Pergunte à [NAME], obrigado."),
        # a first name that is also a word: only after asking, calling, copying
        ("Rose Tyler", "Export fails, call rose.", "Export fails, call [NAME]."),
    ],
)
def test_a_first_name_in_lower_case_after_a_cue_is_masked_in_a_text_with_capitals(
    name, text, masked
):
    assert mask_known_names(text, [name]) == (masked, 1)


@pytest.mark.parametrize(
    ("name", "text", "masked"),
    [
        ("Rose Tyler", "The phone with rose gold fails, call rose.",
         "The phone with rose gold fails, call [NAME]."),
        ("Grace Hopper", "We asked for grace period details, ask grace.",
         "We asked for grace period details, ask [NAME]."),
        ("Will Slack", "Sync fails and will fail again, contact will.",
         "Sync fails and will fail again, contact [NAME]."),
        ("Pierre Martin", "La page avec pierre et bois plante, demandez à pierre.",
         "La page avec pierre et bois plante, demandez à [NAME]."),
        # a first name that is no word after "for", not on its own
        ("Paula Quinn", "It fails for paula; paula is the field's value.",
         "It fails for [NAME]; paula is the field's value."),
    ],
)  # fmt: skip
def test_a_first_name_that_is_a_word_is_masked_only_after_asking_calling_or_copying(
    name, text, masked
):
    assert mask_known_names(text, [name]) == (masked, 1)


def test_a_whole_name_is_one_mask_before_its_parts():
    assert mask_known_names("Anna Schmidt and anna schmidt wrote.", ["Anna Schmidt"]) == (
        "[NAME] and [NAME] wrote.",
        2,
    )


@pytest.mark.parametrize(
    ("name", "text"),
    [
        # a common word, a particle, a part of two letters: another word, not the contact
        ("Paris Hilton", "The paris office cannot log in."),
        ("Ludwig van Beethoven", "The van tracking page is blank."),
        ("Bo Lindqvist", "The bo field is empty."),
        # a part inside a longer word, an address or a mask already there
        ("Ann Lee", "The annual report and lee@acme.com fail."),
        ("Name Doe", "[NAME] says the export fails."),
    ],
)
def test_a_name_part_that_is_a_common_word_or_too_short_stays(name, text):
    assert mask_known_names(text, [name]) == (text, 0)
