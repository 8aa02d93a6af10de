"""Deterministic generator of a demo workspace: accounts, contacts, a backlog of needs and feedback.

The feedback is about "Ouvrage", a fictional SaaS for small teams: tasks, time tracking and
invoicing, with a web app, iOS and Android apps, CSV export and a few integrations. Every company,
person and sentence below was invented for Boucle; nothing is taken from a data set. E-mail
addresses use example.com / example.org, reserved for examples (RFC 2606): the notifications the
demo queues are marked undeliverable, never sent, whatever channel is set later
(api/loop/channels.py example_address). Phone numbers come from ranges reserved for fiction.

    python scripts/demo_data.py --out demo.jsonl [--items 600 --seed 7 --months 6 --today 2025-06-30]

writes one JSON object per line with a "kind" field (account, contact, need, feedback, send,
follow_up) and prints a summary to stderr. `generate()` returns the same records as plain dicts.
Each feedback dict carries `need_key` (the backlog need it expresses, or None) and `topic` (the
recurring topic it was written from, backlog or not): both are ground truth for checking the demo,
not something a loader stores.
The same seed, size and `today` always give the same output.
"""

import argparse
import json
import math
import random
import sys
import unicodedata
from collections import Counter
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

if not __package__:  # run as a file (python scripts/demo_data.py): import as the repository does
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from scripts import demo_surveys  # noqa: E402


def _lines(block: str) -> list[str]:
    return [line.strip() for line in block.strip().splitlines() if line.strip()]


PRODUCT = "Ouvrage"
FR_SHARE = 0.4  # share of feedback written in French
EMERGING_TOPIC = "calendar-sync-5"  # appears only in the last EMERGING_DAYS, rising fast
EMERGING_DAYS = 21
FADING_NEED = "invoice-pdf-vat"  # fixed in 4.9.2; its feedback stops about 2 months ago
DECLINED_NEED = "offline-mode"  # the costliest request: declined, its reason in its description

# (days ago, app version released that day), oldest first.
RELEASES = [(9999, "4.5.3"), (170, "4.6.0"), (140, "4.7.1"), (110, "4.8.0"), (80, "4.9.0"),
            (62, "4.9.2"), (21, "5.0.0"), (9, "5.0.1")]  # fmt: skip

# name, country, industry, segment, main language of its staff, how the account is doing (MOODS):
# what its people write about, so that its health score tells healthy, at-risk and churning
# accounts apart (every account used to hear of every topic alike, and most scored 40).
ACCOUNTS = [
    ("Groupe Vasseur Industrie", "FR", "manufacturing", "enterprise", "fr", "healthy"),
    ("Halbrook Freight Group", "US", "logistics", "enterprise", "en", "at_risk"),
    ("Kestrel Health Partners", "GB", "healthcare", "enterprise", "en", "healthy"),
    ("Compagnie Lemaire Énergie", "FR", "energy", "enterprise", "fr", "churning"),
    ("Brightwater Engineering Ltd", "GB", "engineering", "enterprise", "en", "healthy"),
    ("Ridgeline Construction Co.", "US", "construction", "enterprise", "en", "healthy"),
    ("Atelier Dubois Architectes", "FR", "architecture", "mid-market", "fr", "healthy"),
    ("Transports Girard & Fils", "FR", "logistics", "mid-market", "fr", "at_risk"),
    ("Cabinet Lefèvre & Associés", "FR", "accounting", "mid-market", "fr", "healthy"),
    ("Maison Perrin Événements", "FR", "events", "mid-market", "fr", "healthy"),
    ("Agence Brume", "BE", "marketing", "mid-market", "fr", "churning"),
    ("Solvéo Conseil", "CH", "consulting", "mid-market", "fr", "healthy"),
    ("Northgate Logistics", "US", "logistics", "mid-market", "en", "at_risk"),
    ("Pinecrest Media", "US", "media", "mid-market", "en", "healthy"),
    ("Harbourline Consulting", "IE", "consulting", "mid-market", "en", "healthy"),
    ("Copperfield Studios", "GB", "design", "mid-market", "en", "churning"),
    ("Lakeshore Property Services", "CA", "real estate", "mid-market", "en", "healthy"),
    ("Vantor Field Services", "NL", "field services", "mid-market", "en", "at_risk"),
    ("Boulangerie Martin SAS", "FR", "food", "smb", "fr", "healthy"),
    ("Menuiserie Bernard SARL", "FR", "construction", "smb", "fr", "healthy"),
    ("Plomberie Roux", "FR", "trades", "smb", "fr", "at_risk"),
    ("Studio Chevalier Photo", "FR", "photography", "smb", "fr", "healthy"),
    ("Garnier Paysages", "FR", "landscaping", "smb", "fr", "healthy"),
    ("Les Ateliers du Faubourg", "FR", "crafts", "smb", "fr", "healthy"),
    ("Électricité Morel", "FR", "trades", "smb", "fr", "churning"),
    ("Traiteur Fournier", "BE", "food", "smb", "fr", "healthy"),
    ("Cabinet Faure Avocats", "FR", "legal", "smb", "fr", "at_risk"),
    ("Rousseau Rénovation", "CA", "construction", "smb", "fr", "healthy"),
    ("Bonnet Design Intérieur", "FR", "design", "smb", "fr", "healthy"),
    ("Willow & Finch Bakery", "US", "food", "smb", "en", "healthy"),
    ("Blue Heron Web Studio", "US", "software", "smb", "en", "at_risk"),
    ("Mapleton Plumbing", "CA", "trades", "smb", "en", "healthy"),
    ("Oakridge Dental Care", "US", "healthcare", "smb", "en", "healthy"),
    ("Foster & Reed Accountants", "GB", "accounting", "smb", "en", "churning"),
    ("Saltmarsh Surveys", "GB", "engineering", "smb", "en", "healthy"),
    ("Little Compass Travel", "IE", "travel", "smb", "en", "at_risk"),
    ("Brookside Yoga Studio", "US", "wellness", "smb", "en", "healthy"),
    ("Tidewater Electrical", "US", "trades", "smb", "en", "healthy"),
    ("Hollis Event Rentals", "US", "events", "smb", "en", "churning"),
    ("Cedar Lane Veterinary", "CA", "healthcare", "smb", "en", "at_risk"),
]
# How an account is doing sets what its people write about: a factor on its contacts' share of
# the feedback on a topic of each tone (-1, 0, 1). A healthy account mostly asks and praises, an
# at-risk one mostly complains, a churning one says it will leave (TOPICS_OF_MOODS).
MOODS = {
    "healthy": {-1: 0.3, 0: 1.0, 1: 3.0},
    "at_risk": {-1: 2.0, 0: 1.0, 1: 0.5},
    "churning": {-1: 3.0, 0: 0.5, 1: 0.15},
}
# Topics only some accounts write about: a healthy customer does not threaten to cancel.
TOPICS_OF_MOODS = {"churn-threat": {"churning"}, "price-increase": {"at_risk", "churning"}}
# segment: (ARR low, ARR high, plans, contacts low, contacts high, feedback weight per contact)
SEGMENTS = {
    "enterprise": (100_000, 600_000, ["Enterprise"], 3, 4, 3.0),
    "mid-market": (15_000, 100_000, ["Business"], 2, 3, 1.5),
    "smb": (1_000, 15_000, ["Starter", "Team", "Team"], 1, 2, 1.0),
}
SEAT_PRICE = {"Enterprise": 300, "Business": 216, "Team": 144, "Starter": 96}

FIRST = {
    "en": "Paul Emma James Olivia Daniel Grace Ryan Hannah Michael Chloe David Megan Ethan Laura "
    "Sam Priya Tom Nina Marcus Kate",
    "fr": "Camille Julien Sophie Nicolas Claire Thomas Élodie Mathieu Léa Antoine Manon Pierre "
    "Chloé Hugo Inès Louis Sarah Maxime Laure Romain",
}
LAST = {
    "en": "Carter Hughes Patel Brooks Reed Foster Bennett Shaw Walsh Murphy Doyle Price Hayes "
    "Turner Ellis Grant Porter Webb Cole Fleming",
    "fr": "Martin Bernard Dubois Lefèvre Moreau Laurent Girard Roux Fournier Mercier Blanc Garnier "
    "Chevalier Faure Rousseau Lambert Bonnet François Perrin Morel",
}
FIRST = {lang: names.split() for lang, names in FIRST.items()}
LAST = {lang: names.split() for lang, names in LAST.items()}
AGENTS = ["Camille", "Yanis", "Sarah", "Marc", "Jade", "Tom"]
SALES_REPS = ["Lucie Arnaud", "Ben Whitaker", "Karim Benali", "Alice Moreau"]
DEVICES = {
    "ios": ["iPhone 13", "iPhone 14 Pro", "iPhone 15", "iPhone SE", "iPad Air"],
    "android": ["Pixel 7", "Pixel 8", "Galaxy S23", "Galaxy A54", "Redmi Note 12", "OnePlus 11"],
}

GREETINGS = {
    "en": ["Hi,", "Hello,", "Hi team,", "Hello {product} team,", "Good morning,", "Hey there,",
           "Dear support,", ""],
    "fr": ["Bonjour,", "Bonjour à tous,", "Bonjour l'équipe {product},", "Hello,", "Bonsoir,",
           "Madame, Monsieur,", ""],
}  # fmt: skip
SIGNOFFS = {
    "en": ["Thanks,", "Thanks in advance,", "Best regards,", "Cheers,", "Kind regards,", "Thank you,", "Best,"],
    "fr": ["Merci,", "Merci d'avance,", "Cordialement,", "Bien cordialement,", "Bonne journée,",
           "Merci pour votre aide,"],
}  # fmt: skip
PII = {
    "en": ["You can reach me at {email} or on {phone}.", "Please call me back on {phone}.",
           "My colleague is in copy: {email2}.", "Reply to {email}, I don't check the shared inbox."],
    "fr": ["Vous pouvez me joindre au {phone} ou à {email}.", "Merci de me rappeler au {phone}.",
           "Je mets ma collègue en copie : {email2}.", "Répondez-moi sur {email} plutôt."],
}  # fmt: skip
ALSO = {
    "en": ["Also, unrelated:", "One more thing:", "While I'm at it:", "Side note:", "PS:"],
    "fr": [
        "Autre chose :",
        "Au passage :",
        "Petite remarque aussi :",
        "Sinon, sans rapport :",
        "PS :",
    ],
}
CSAT_LOW = {
    "en": ["Ticket closed but the problem is still there.", "Not resolved.",
           "Took {days} days to get an answer.", "Still waiting for a real fix."],
    "fr": ["Ticket fermé mais le problème est toujours là.", "Pas résolu.",
           "{days} jours pour avoir une réponse.", "Toujours en attente d'une vraie solution."],
}  # fmt: skip
CSAT_HIGH = {
    "en": ["Quick answer, thanks.", "Helpful agent.", "Thanks {agent}!", "Sorted quickly."],
    "fr": ["Réponse rapide, merci.", "Agent très aidant.", "Merci {agent} !", "Réglé rapidement."],
}
CALLS = {
    "en": {
        "discovery": 'Discovery call with {first} ({company}). Quote: "{text}"',
        "renewal": 'Renewal call with {first} at {company}. They said: "{text}"',
        "qbr": 'QBR with {company}: {first} raised this: "{text}"',
        "expansion": 'Upsell call, {company}. {first}: "{text}"',
    },
    "fr": {
        "discovery": "Appel découverte avec {first} ({company}). Verbatim : « {text} »",
        "renewal": "Appel de renouvellement avec {first} chez {company}. Retour client : « {text} »",
        "qbr": "Point trimestriel avec {company} : {first} a remonté ceci : « {text} »",
        "expansion": "Appel d'extension, {company}. {first} : « {text} »",
    },
}
NEXT_STEPS = {
    "en": ["Next step: follow up with product.", "Action: send roadmap update by Friday.",
           "Flagged to the account manager.", "Will loop in solutions engineering.", "", ""],
    "fr": ["Prochaine étape : faire le point avec l'équipe produit.", "Action : envoyer la roadmap d'ici vendredi.",
           "Remonté à la responsable de compte.", "", ""],
}  # fmt: skip
COMMUNITY_TAILS = {
    "en": ["+1 if you need this too.", "Anyone else seeing this?", "Upvote if you agree!",
           "Thanks for reading.", "", ""],
    "fr": ["+1 si vous êtes dans le même cas.", "D'autres personnes ont ce souci ?",
           "Votez si vous êtes d'accord !", "", ""],
}  # fmt: skip
FORUMS = {-1: "Bugs & issues", 0: "Ideas", 1: "Show & tell"}
# Short lead-ins for NPS comments and tails for app reviews, by tone (-1, 0, 1).
NPS_LEADS = {
    "en": {-1: ["Frustrated lately.", "Used to be a 9.", "Mixed feelings."],
           0: ["Solid tool overall.", "Mostly happy.", "Good, with one wish."],
           1: ["Great product.", "Very happy with it.", "Easy recommendation."]},
    "fr": {-1: ["Un peu déçus ces temps-ci.", "Avant j'aurais mis 9.", "Avis mitigé."],
           0: ["Bon outil dans l'ensemble.", "Plutôt satisfaits.", "Bien, avec un souhait."],
           1: ["Excellent produit.", "Très contents.", "Je recommande sans hésiter."]},
}  # fmt: skip
REVIEW_TAILS = {
    "en": {-1: ["Please fix.", "Very frustrating.", "😡", "Fix it please!!"],
           0: ["👍", "Thanks devs.", "Otherwise great."],
           1: ["👍", "Thanks devs.", "🙏", "Keep going!"]},
    "fr": {-1: ["Corrigez svp.", "Très frustrant.", "😡", "Vite une correction !!"],
           0: ["👍", "Merci aux devs.", "Sinon très bien."],
           1: ["👍", "Merci aux devs.", "🙏", "Bravo !"]},
}  # fmt: skip

# The recurring topics. Those with a "status" are the product's existing backlog (the needs).
# "when": (newest, oldest, peak) in days ago for a triangular spread; None: the whole window;
# "emerging": the last EMERGING_DAYS only, growing towards today.
# Placeholders: {rows} {users} {count} {projects} {s} {pct} {years} {h} {version} {device} {agent}.
TOPICS = [
    {
        "key": "csv-export-crash", "effort": 1.5, "title": "CSV export crashes on large files", "status": "in_progress",
        "titles": {"fr": "L'export CSV plante sur les gros fichiers"},
        "description": "Exports of more than a few thousand rows (timesheets, invoices) time out or fail with a 500 error.",
        "weight": 40, "tone": -1, "when": None,
        "sources": {"zendesk": 6, "community": 2, "csat_survey": 2, "nps_survey": 1, "sales_call": 1},
        "en": _lines("""
            The CSV export crashes every time I export more than {rows} rows.
            Exporting the timesheet report to CSV just spins and then fails with "Something went wrong".
            CSV export is broken for big projects, the file never downloads.
            When I export all invoices of the year to CSV the page freezes and the export times out.
            Our accountant can't get the monthly CSV anymore, the export crashes halfway.
            Is there a row limit on CSV exports? Anything above {rows} lines fails.
            The export button gives a 500 error on our largest workspace.
            CSV exports stopped working for us: small ones are fine but the full project export dies.
        """),
        "en_more": _lines("""
            We tried Chrome and Firefox, same result.
            Smaller exports of a few hundred rows work fine.
            This blocks our month-end closing.
            I attached a screenshot of the error.
            We need this file every Monday for payroll.
        """),
        "fr": _lines("""
            L'export CSV plante dès qu'on dépasse {rows} lignes.
            Impossible d'exporter les feuilles de temps en CSV, ça tourne puis ça échoue.
            L'export CSV ne fonctionne plus sur les gros projets, le fichier ne se télécharge jamais.
            Quand j'exporte toutes les factures de l'année, la page se fige et l'export expire.
            Notre comptable ne peut plus récupérer le CSV mensuel, l'export s'arrête en plein milieu.
            Y a-t-il une limite de lignes pour l'export CSV ? Au-delà de {rows} lignes ça plante.
            Le bouton Exporter renvoie une erreur 500 sur notre plus gros espace de travail.
        """),
        "fr_more": _lines("""
            Même problème sous Chrome et Firefox.
            Les petits exports passent sans souci.
            Ça bloque notre clôture de fin de mois.
            Je vous joins une capture d'écran de l'erreur.
            On a besoin de ce fichier tous les lundis pour la paie.
        """),
    },
    {
        "key": "sso-saml", "effort": 3, "title": "SSO / SAML login (Okta, Azure AD)", "status": "planned",
        "titles": {"fr": "Connexion SSO / SAML (Okta, Azure AD)"},
        "description": "Single sign-on through SAML identity providers, with SCIM provisioning, for larger customers' security reviews.",
        "weight": 28, "tone": 0, "when": None,
        "sources": {"sales_call": 4, "zendesk": 3, "community": 2, "nps_survey": 1},
        "en": _lines("""
            Do you support SAML single sign-on? Our IT team requires it for every tool.
            We need SSO with Okta before we can roll the app out to the whole company.
            Any plans for Azure AD login? Managing separate passwords is a no-go for us.
            Our security review flagged the lack of SSO, it's a blocker for our renewal.
            Please add SAML SSO and SCIM provisioning, onboarding {users} people by hand is painful.
            Is SSO available on the Business plan or only on Enterprise?
            Our CISO won't approve the purchase without SSO and enforced 2FA.
        """),
        "en_more": _lines("""
            We have about {users} users waiting.
            Most of our other tools already plug into our identity provider.
            A rough timeline would help us plan.
            Happy to beta test it.
        """),
        "fr": _lines("""
            Est-ce que vous gérez le SSO SAML ? Notre DSI l'exige pour tous les outils.
            Il nous faut une connexion SSO avec Okta avant de déployer l'outil dans toute l'entreprise.
            Une connexion via Azure AD est-elle prévue ? Gérer des mots de passe séparés n'est pas acceptable chez nous.
            L'audit sécurité a relevé l'absence de SSO, c'est bloquant pour le renouvellement.
            Merci d'ajouter le SSO SAML et le provisioning SCIM, créer {users} comptes à la main c'est pénible.
            Le SSO est-il inclus dans l'offre Business ou seulement dans Enterprise ?
        """),
        "fr_more": _lines("""
            Nous avons environ {users} utilisateurs en attente.
            Tous nos autres outils sont déjà branchés sur notre annuaire.
            Une date, même approximative, nous aiderait.
            Nous sommes partants pour tester une bêta.
        """),
    },
    {
        "key": "dark-mode", "effort": 1, "title": "Dark mode", "status": "open",
        "titles": {"fr": "Mode sombre"},
        "description": "A dark theme for the web and mobile apps, ideally following the system setting.",
        "weight": 30, "tone": 0, "when": None,
        "sources": {"app_store": 3, "google_play": 3, "community": 3, "nps_survey": 1, "zendesk": 1},
        "en": _lines("""
            Please add a dark mode, my eyes hurt in the evening.
            Dark mode please!
            Great app but it really needs a dark theme.
            Any news on dark mode? The white screen is blinding at night.
            Would love a dark mode that follows the system setting.
            Only thing missing is dark mode.
        """),
        "en_more": _lines("""
            Every other app on my phone has one.
            I use it late at night for invoicing.
            Even a simple dark theme on the web app would do.
        """),
        "fr": _lines("""
            Un mode sombre svp, l'écran blanc me fatigue les yeux le soir.
            Mode sombre s'il vous plaît !
            Super appli mais il manque vraiment un thème sombre.
            Des nouvelles du mode sombre ? L'écran blanc est aveuglant la nuit.
            J'adorerais un mode sombre qui suit le réglage du téléphone.
            La seule chose qui manque, c'est le mode sombre.
        """),
        "fr_more": _lines("""
            Toutes les autres applis de mon téléphone l'ont.
            Je fais ma facturation tard le soir.
            Même un thème sombre basique sur la version web suffirait.
        """),
    },
    {
        "key": FADING_NEED, "title": "Invoice PDF shows the wrong VAT rate", "status": "shipped",
        "titles": {"fr": "Le PDF des factures affiche un mauvais taux de TVA"},
        "description": "Invoices mixing VAT rates or using reverse charge printed wrong VAT on the PDF. Fixed in 4.9.2.",
        "weight": 28, "tone": -1, "when": (63, 175, 120),
        "sources": {"zendesk": 6, "community": 2, "csat_survey": 2, "nps_survey": 1},
        "en": _lines("""
            The invoice PDF shows 20% VAT even though the line is set to 5.5%.
            VAT totals on the PDF don't match the invoice screen.
            Our client rejected an invoice because the VAT amount on the PDF is wrong.
            When an invoice mixes two VAT rates, the PDF only shows one of them.
            The PDF rounds VAT per line instead of on the total, so we're off by a few cents.
            Reverse charge invoices still show VAT on the PDF, which is wrong for our EU customers.
        """),
        "en_more": _lines("""
            Our accountant noticed it during the quarterly return.
            I had to edit {count} invoices by hand.
            Can you tell us when this will be fixed?
            This is a compliance issue for us.
        """),
        "fr": _lines("""
            Le PDF de la facture affiche une TVA à 20 % alors que la ligne est à 5,5 %.
            Le total de TVA sur le PDF ne correspond pas à celui de l'écran.
            Un client a refusé notre facture car le montant de TVA sur le PDF est faux.
            Quand une facture mélange deux taux de TVA, le PDF n'en affiche qu'un.
            Le PDF arrondit la TVA ligne par ligne au lieu du total, on a quelques centimes d'écart.
            Les factures en autoliquidation affichent quand même de la TVA sur le PDF.
        """),
        "fr_more": _lines("""
            Notre expert-comptable l'a vu lors de la déclaration trimestrielle.
            J'ai dû corriger {count} factures à la main.
            Pouvez-vous nous dire quand ce sera corrigé ?
            C'est un vrai problème de conformité pour nous.
        """),
    },
    {
        "key": "slow-dashboard", "title": "Dashboard and reports are slow to load", "status": "in_progress",
        "titles": {"fr": "Tableau de bord et rapports lents à charger"},
        "description": "The home dashboard and reports take many seconds to load for workspaces with many projects.",
        "weight": 35, "tone": -1, "when": None,
        "sources": {"zendesk": 3, "nps_survey": 3, "community": 2, "app_store": 1, "google_play": 1, "sales_call": 1},
        "en": _lines("""
            The dashboard takes {s} seconds to load every morning.
            Everything is so slow lately, especially the project dashboard.
            The home dashboard is painfully slow with our {projects} projects.
            Loading the reports page takes forever.
            Great features but the web app has become really sluggish.
            Switching between projects on the dashboard freezes the browser tab.
        """),
        "en_more": _lines("""
            Our internet connection is fine, other sites are fast.
            It used to be instant a few months ago.
            My team is losing time every single day.
        """),
        "fr": _lines("""
            Le tableau de bord met {s} secondes à charger chaque matin.
            Tout est très lent ces derniers temps, surtout le tableau de bord des projets.
            L'accueil est d'une lenteur pénible avec nos {projects} projets.
            La page des rapports met une éternité à s'afficher.
            De bonnes fonctionnalités mais l'appli web est devenue vraiment poussive.
            Passer d'un projet à l'autre sur le tableau de bord fige l'onglet.
        """),
        "fr_more": _lines("""
            Notre connexion est bonne, les autres sites sont rapides.
            C'était instantané il y a quelques mois.
            Toute l'équipe perd du temps chaque jour.
        """),
    },
    {
        "key": "slack-integration", "effort": 2, "title": "Slack integration", "status": "planned",
        "titles": {"fr": "Intégration Slack"},
        "description": "Task and invoice notifications in Slack channels, and creating tasks from Slack messages.",
        "weight": 25, "tone": 0, "when": None,
        "sources": {"community": 3, "zendesk": 2, "sales_call": 2, "nps_survey": 1},
        "en": _lines("""
            It would be great to get task notifications in Slack.
            Any plans for a Slack integration? We live in Slack all day.
            Please let us create tasks from a Slack message.
            We'd like invoice-paid alerts posted to a Slack channel.
            The Slack integration is the one thing keeping us from moving the whole team over.
            Could you connect comments with Slack threads? Email notifications get lost.
        """),
        "en_more": _lines("""
            Microsoft Teams support would be nice too.
            Even a simple webhook would help in the meantime.
            Our previous tool had this and we miss it.
        """),
        "fr": _lines("""
            Ce serait top de recevoir les notifications de tâches dans Slack.
            Une intégration Slack est-elle prévue ? On passe nos journées dessus.
            Merci de permettre la création de tâches depuis un message Slack.
            On aimerait que les factures payées soient annoncées dans un canal Slack.
            L'intégration Slack est la seule chose qui nous empêche de basculer toute l'équipe.
            Pourriez-vous relier les commentaires aux fils Slack ? Les e-mails de notification se perdent.
        """),
        "fr_more": _lines("""
            Une compatibilité avec Microsoft Teams serait bienvenue aussi.
            Même un simple webhook nous dépannerait en attendant.
            Notre ancien outil le faisait et ça nous manque.
        """),
    },
    {
        "key": DECLINED_NEED, "effort": 5, "title": "Offline mode for the mobile apps", "status": "declined",
        "titles": {"fr": "Mode hors ligne pour les applis mobiles"},
        "description": "Open tasks and log time without a connection on iOS and Android, syncing later. "
                       "Declined: edits made offline to shared projects would need conflict handling "
                       "across the whole sync engine (the costliest item of the backlog); the apps "
                       "keep the last projects cached for reading instead.",
        "weight": 28, "tone": 0, "when": None,
        "sources": {"app_store": 3, "google_play": 4, "community": 2, "zendesk": 1, "nps_survey": 1},
        "en": _lines("""
            I need offline mode, I work on building sites with no signal.
            The app is useless without a connection, please add offline mode.
            Let me log my hours offline and sync later.
            Lost all my notes when the train went through a tunnel. Offline support please!
            Can't even open a task without internet. Offline mode would be a game changer.
        """),
        "en_more": _lines("""
            Our technicians are often in basements.
            The old version used to cache the last projects.
            I end up writing on paper and typing it in later.
        """),
        "fr": _lines("""
            Il me faut un mode hors ligne, je travaille sur des chantiers sans réseau.
            L'appli est inutilisable sans connexion, ajoutez un mode hors ligne svp.
            Laissez-moi saisir mes heures hors connexion et synchroniser plus tard.
            J'ai perdu mes notes dans un tunnel en train. Un mode hors ligne svp !
            Impossible d'ouvrir une tâche sans internet. Un mode hors ligne changerait tout.
        """),
        "fr_more": _lines("""
            Nos techniciens sont souvent en sous-sol.
            L'ancienne version gardait les derniers projets en cache.
            Je finis par noter sur papier et tout ressaisir.
        """),
    },
    {
        "key": "bulk-edit", "effort": 2, "title": "Bulk edit tasks and invoices", "status": "open",
        "titles": {"fr": "Modification groupée des tâches et des factures"},
        "description": "Select many tasks or invoices and change them at once: assignee, due date, project, paid status.",
        "weight": 22, "tone": 0, "when": None,
        "sources": {"community": 3, "zendesk": 3, "nps_survey": 1, "sales_call": 1},
        "en": _lines("""
            Please let us edit several tasks at once, changing the due date on {count} tasks one by one is painful.
            Is there a way to bulk-assign tasks to someone else?
            We need bulk actions on invoices: mark as paid, send reminders, archive.
            Bulk edit would save me an hour every week.
            Selecting multiple tasks and moving them to another project should be possible.
        """),
        "en_more": _lines("""
            A simple checkbox column would do.
            We reorganise projects every quarter.
            A spreadsheet lets me do this in two clicks.
        """),
        "fr": _lines("""
            Merci de permettre la modification de plusieurs tâches à la fois, changer l'échéance de {count} tâches une par une est pénible.
            Existe-t-il un moyen de réassigner des tâches en masse ?
            Il nous faut des actions groupées sur les factures : marquer payé, relancer, archiver.
            La modification en masse me ferait gagner une heure par semaine.
            Sélectionner plusieurs tâches et les déplacer dans un autre projet devrait être possible.
        """),
        "fr_more": _lines("""
            Une simple colonne de cases à cocher suffirait.
            On réorganise nos projets chaque trimestre.
            Un tableur me permet de le faire en deux clics.
        """),
    },
    {
        "key": "startup-crash", "title": "Mobile app crashes on startup after the 4.9 update",
        "weight": 30, "tone": -1, "when": (30, 80, 78),
        "sources": {"app_store": 4, "google_play": 5, "zendesk": 1},
        "en": _lines("""
            Since the {version} update the app crashes as soon as I open it.
            Crashes on launch. Uninstalled and reinstalled, same thing.
            App closes immediately after the splash screen on my {device}.
            Updated this morning and now it won't start at all.
            Can't open the app anymore, it just flashes and closes.
            Unusable since the last update, crashes on startup every time.
        """),
        "en_more": _lines("""
            Please fix asap, I need it for work.
            One star until this is fixed.
            Clearing the cache didn't help.
            It was working perfectly before.
        """),
        "fr": _lines("""
            Depuis la mise à jour {version}, l'appli plante dès l'ouverture.
            Plante au lancement. Désinstallée puis réinstallée, rien à faire.
            L'appli se ferme juste après l'écran de démarrage sur mon {device}.
            Mise à jour ce matin et maintenant elle ne démarre plus du tout.
            Impossible d'ouvrir l'appli, elle clignote et se ferme.
            Inutilisable depuis la dernière mise à jour, plante à chaque démarrage.
        """),
        "fr_more": _lines("""
            Merci de corriger au plus vite, j'en ai besoin pour le travail.
            Une étoile tant que ce n'est pas réglé.
            Vider le cache n'a rien changé.
            Ça marchait parfaitement avant.
        """),
    },
    {
        "key": "price-increase", "title": "Complaints about the new pricing",
        "weight": 35, "tone": -1, "when": (5, 95, 93),
        "sources": {"nps_survey": 4, "sales_call": 3, "zendesk": 2, "community": 2, "app_store": 1, "google_play": 1},
        "en": _lines("""
            The new price is {pct}% higher for exactly the same features.
            We got the renewal quote and the price went up a lot, that's hard to justify.
            Charging per user now makes the app far too expensive for a team of {count}.
            Why did the Team plan go up without any warning?
            Good product, but at this new price we're reconsidering.
            The price increase is hard to swallow for a small business like ours.
        """),
        "en_more": _lines("""
            We were never told in advance.
            A discount for annual billing would help.
            We'll look at alternatives before the renewal.
        """),
        "fr": _lines("""
            Le nouveau tarif est {pct} % plus cher pour exactement les mêmes fonctionnalités.
            On a reçu le devis de renouvellement et le prix a beaucoup augmenté, difficile à justifier.
            La facturation par utilisateur rend l'outil bien trop cher pour une équipe de {count}.
            Pourquoi l'offre Team a-t-elle augmenté sans prévenir ?
            Bon produit, mais à ce nouveau prix on se pose des questions.
            La hausse de prix passe mal pour une petite entreprise comme la nôtre.
        """),
        "fr_more": _lines("""
            Nous n'avons jamais été prévenus.
            Une remise sur l'abonnement annuel aiderait.
            On va regarder la concurrence avant le renouvellement.
        """),
    },
    {
        "key": "support-praise", "title": "Praise for the support team",
        "weight": 40, "tone": 1, "when": None,
        "sources": {"csat_survey": 8, "nps_survey": 2, "zendesk": 1, "app_store": 1, "google_play": 1},
        "en": _lines("""
            {agent} from support was fantastic, problem solved in ten minutes.
            Super quick and friendly answer, thanks {agent}!
            Your support team is the reason we stay.
            Best customer support I've dealt with in years.
            Clear explanation and a fix the same day, thank you.
            Really appreciated the follow-up call from {agent}.
        """),
        "en_more": _lines("""
            Keep it up!
            Much better than our previous vendor.
            Five stars for the team.
        """),
        "fr": _lines("""
            {agent} du support a été top, problème réglé en dix minutes.
            Réponse ultra rapide et sympathique, merci {agent} !
            Votre équipe support est la raison pour laquelle on reste.
            Le meilleur service client que j'ai connu depuis longtemps.
            Explication claire et correctif le jour même, merci.
            Très appréciable, le rappel de {agent} pour vérifier que tout allait bien.
        """),
        "fr_more": _lines("""
            Continuez comme ça !
            Bien mieux que notre ancien prestataire.
            Cinq étoiles pour l'équipe.
        """),
    },
    {
        "key": "gdpr-data", "title": "Questions about data export, hosting and GDPR",
        "weight": 18, "tone": 0, "when": None,
        "sources": {"zendesk": 4, "sales_call": 2, "community": 1, "csat_survey": 1},
        "en": _lines("""
            Where is our data hosted, and do you have a DPA we can sign?
            How can I export all our data, including attachments, in one go?
            A customer asked us to delete their personal data: how do we do that in the app?
            Is the data stored in the EU? Our legal team needs to know for GDPR.
            Can we get a full backup of our workspace every month?
            Which subprocessors do you use? We need the list for our records.
        """),
        "en_more": _lines("""
            Our DPO is asking before the audit.
            A link to your security page would be enough.
            We need an answer before the end of the month.
        """),
        "fr": _lines("""
            Où sont hébergées nos données, et avez-vous un DPA à signer ?
            Comment exporter toutes nos données, pièces jointes comprises, en une fois ?
            Un client nous demande de supprimer ses données personnelles : comment faire dans l'appli ?
            Les données sont-elles stockées dans l'UE ? Notre service juridique en a besoin pour le RGPD.
            Peut-on obtenir une sauvegarde complète de notre espace chaque mois ?
            Quels sous-traitants utilisez-vous ? Il nous faut la liste pour notre registre.
        """),
        "fr_more": _lines("""
            Notre DPO pose la question avant l'audit.
            Un lien vers votre page sécurité suffirait.
            Il nous faudrait une réponse avant la fin du mois.
        """),
    },
    {
        "key": "churn-threat", "title": "Customers threatening to cancel",
        "weight": 22, "tone": -1, "when": None,
        "sources": {"zendesk": 3, "nps_survey": 3, "sales_call": 3, "csat_survey": 2, "app_store": 1, "google_play": 1},
        "en": _lines("""
            We're cancelling at the end of the month.
            Honestly we're evaluating other tools, too many things are broken lately.
            Please tell me how to close our account.
            If this isn't fixed by Friday we're moving to a competitor.
            We won't renew next year, the product no longer fits our needs.
            Downgraded to the free plan, we'll probably leave.
        """),
        "en_more": _lines("""
            We've been customers for {years} years.
            It's a shame, we liked the product at first.
            Nobody from your side ever got back to us.
        """),
        "fr": _lines("""
            Nous résilions à la fin du mois.
            Honnêtement on regarde d'autres outils, trop de choses cassées ces derniers temps.
            Merci de m'indiquer comment fermer notre compte.
            Si ce n'est pas réglé d'ici vendredi, on passe chez un concurrent.
            Nous ne renouvellerons pas l'an prochain, l'outil ne correspond plus à nos besoins.
            Passés sur l'offre gratuite, on va sûrement partir.
        """),
        "fr_more": _lines("""
            Nous sommes clients depuis {years} ans.
            Dommage, on aimait bien l'outil au début.
            Personne chez vous ne nous a jamais répondu.
        """),
    },
    {
        "key": EMERGING_TOPIC, "title": "The 5.0 update broke calendar sync",
        "weight": 35, "tone": -1, "when": "emerging",
        "sources": {"app_store": 3, "google_play": 3, "zendesk": 4, "community": 2, "csat_survey": 1, "nps_survey": 1},
        "en": _lines("""
            Since the {version} update, calendar sync is broken: tasks no longer show up in Google Calendar.
            Version 5.0 broke the Outlook calendar sync, due dates stopped appearing.
            After updating to 5.0 all my events got duplicated in my calendar.
            Calendar sync stopped working with the new update.
            The 5.0 update wiped the due dates from my synced calendar.
            Since 5.0 my calendar shows every task one hour off.
        """),
        "en_more": _lines("""
            Reconnecting the calendar didn't help.
            The whole team is affected.
            We rely on it to plan site visits.
            Please roll back or fix it quickly.
        """),
        "fr": _lines("""
            Depuis la mise à jour {version}, la synchro du calendrier est cassée : les tâches n'apparaissent plus dans Google Agenda.
            La version 5.0 a cassé la synchronisation avec le calendrier Outlook.
            Après la mise à jour 5.0, tous mes événements sont en double dans mon agenda.
            La synchro du calendrier ne marche plus avec la nouvelle mise à jour.
            La mise à jour 5.0 a effacé les échéances de mon agenda synchronisé.
            Depuis la 5.0 mon agenda affiche toutes les tâches avec une heure de décalage.
        """),
        "fr_more": _lines("""
            Reconnecter le calendrier n'a rien changé.
            Toute l'équipe est touchée.
            On s'en sert pour planifier les visites de chantier.
            Corrigez vite ou revenez en arrière svp.
        """),
    },
    {
        "key": "general-praise", "title": "General praise",
        "weight": 60, "tone": 1, "when": None,
        "sources": {"app_store": 6, "google_play": 6, "nps_survey": 5, "community": 1},
        "en": _lines("""
            Love it!
            Great app, does exactly what we need.
            Simple, fast and reliable. Recommended.
            Best invoicing app for freelancers I've tried.
            Our whole team uses it daily, very happy.
            Makes tracking hours and billing clients so easy.
            Clean interface and it just works.
            Five stars, it changed how we run projects.
        """),
        "en_more": _lines("""
            Thank you!
            Worth every penny.
            Keep up the good work.
            We moved {projects} projects over in a week.
        """),
        "fr": _lines("""
            J'adore !
            Super appli, fait exactement ce qu'il nous faut.
            Simple, rapide et fiable. Je recommande.
            La meilleure appli de facturation pour indépendants que j'ai testée.
            Toute l'équipe l'utilise au quotidien, très contents.
            Suivre ses heures et facturer les clients devient tellement simple.
            Interface claire et ça marche, tout simplement.
        """),
        "fr_more": _lines("""
            Merci !
            Vaut largement son prix.
            Continuez comme ça.
            On a migré {projects} projets en une semaine.
        """),
    },
    {
        "key": "timer-reset", "title": "Time-tracking timer stops or resets on mobile",
        "weight": 25, "tone": -1, "when": None,
        "sources": {"app_store": 3, "google_play": 4, "zendesk": 2, "community": 1, "csat_survey": 1},
        "en": _lines("""
            The timer stops every time my phone locks, I lose hours of tracked time.
            Time tracking resets to zero when I switch apps.
            The running timer disappeared overnight and my {h} hours are gone.
            Timer keeps pausing by itself in the background on my {device}.
            Tracked time isn't saved if the app is closed while the timer runs.
        """),
        "en_more": _lines("""
            This costs me real money since I bill by the hour.
            I now double-check with a stopwatch.
            Battery saver is off.
        """),
        "fr": _lines("""
            Le chrono s'arrête à chaque verrouillage du téléphone, je perds des heures de suivi.
            Le suivi du temps se remet à zéro quand je change d'appli.
            Le chrono en cours a disparu pendant la nuit avec mes {h} heures.
            Le chrono se met en pause tout seul en arrière-plan sur mon {device}.
            Le temps suivi n'est pas enregistré si l'appli est fermée pendant que le chrono tourne.
        """),
        "fr_more": _lines("""
            Ça me coûte de l'argent, je facture à l'heure.
            Je vérifie maintenant avec un chronomètre à côté.
            L'économiseur de batterie est désactivé.
        """),
    },
    {
        "key": "recurring-invoices", "title": "Recurring invoices for retainers",
        "weight": 18, "tone": 0, "when": None,
        "sources": {"community": 3, "zendesk": 2, "nps_survey": 1, "sales_call": 1},
        "en": _lines("""
            Can we set up recurring invoices for monthly retainers?
            Please add automatic monthly invoicing, I create the same {count} invoices every month.
            Recurring invoices with automatic reminders would be perfect.
            Is there a way to schedule an invoice to go out on the 1st of each month?
        """),
        "en_more": _lines("""
            Most of our clients are on retainers.
            Automatic payment reminders would go well with it.
            Right now I copy last month's invoice and change the dates.
        """),
        "fr": _lines("""
            Peut-on programmer des factures récurrentes pour nos forfaits mensuels ?
            Merci d'ajouter la facturation mensuelle automatique, je refais les mêmes {count} factures chaque mois.
            Des factures récurrentes avec relances automatiques, ce serait parfait.
            Existe-t-il un moyen d'envoyer une facture automatiquement le 1er de chaque mois ?
        """),
        "fr_more": _lines("""
            La plupart de nos clients sont au forfait.
            Des relances de paiement automatiques iraient bien avec.
            Pour l'instant je duplique la facture du mois dernier et je change les dates.
        """),
    },
    {
        "key": "notification-overload", "title": "Too many notifications",
        "weight": 20, "tone": -1, "when": None,
        "sources": {"zendesk": 2, "community": 2, "nps_survey": 2, "app_store": 1, "google_play": 1, "csat_survey": 1},
        "en": _lines("""
            I get way too many email notifications, can I only keep mentions?
            Every comment triggers an email, my inbox is flooded.
            Please add a daily digest instead of one email per change.
            Push notifications arrive twice on my phone.
            Where do I turn off notifications for tasks I'm not assigned to?
        """),
        "en_more": _lines("""
            I ended up creating a filter to hide them.
            The settings page doesn't seem to save my choices.
            I got {count} emails this morning alone.
        """),
        "fr": _lines("""
            Je reçois beaucoup trop de notifications par e-mail, peut-on garder seulement les mentions ?
            Chaque commentaire déclenche un e-mail, ma boîte est inondée.
            Merci d'ajouter un résumé quotidien plutôt qu'un e-mail par modification.
            Les notifications push arrivent en double sur mon téléphone.
            Où désactiver les notifications pour les tâches qui ne me sont pas assignées ?
        """),
        "fr_more": _lines("""
            J'ai fini par créer un filtre pour les masquer.
            La page des réglages ne semble pas enregistrer mes choix.
            J'ai reçu {count} e-mails rien que ce matin.
        """),
    },
    {
        "key": "login-reset", "title": "Password reset and two-factor login problems",
        "weight": 22, "tone": -1, "when": None,
        "sources": {"zendesk": 5, "app_store": 1, "google_play": 1, "csat_survey": 3},
        "en": _lines("""
            I never receive the password reset email.
            Locked out of my account after changing phones, the 2FA codes don't work anymore.
            The login page keeps sending me back to the sign-in screen.
            The reset link says it has expired even though I clicked it right away.
            How do I reset two-factor authentication for a colleague who left?
        """),
        "en_more": _lines("""
            I checked my spam folder.
            I have a client meeting in an hour and need my invoices.
            Tried on the web and on my {device}.
        """),
        "fr": _lines("""
            Je ne reçois jamais l'e-mail de réinitialisation du mot de passe.
            Bloqué hors de mon compte après un changement de téléphone, les codes 2FA ne marchent plus.
            La page de connexion me renvoie sans cesse vers l'écran d'identification.
            Le lien de réinitialisation dit qu'il a expiré alors que j'ai cliqué tout de suite.
            Comment réinitialiser la double authentification d'un collègue parti ?
        """),
        "fr_more": _lines("""
            J'ai vérifié mes spams.
            J'ai un rendez-vous client dans une heure et j'ai besoin de mes factures.
            Essayé sur le web et sur mon {device}.
        """),
    },
    {
        "key": "accounting-integration", "title": "Integration with accounting software",
        "weight": 18, "tone": 0, "when": None,
        "sources": {"sales_call": 3, "community": 2, "zendesk": 2, "nps_survey": 1},
        "en": _lines("""
            Do you integrate with QuickBooks? Re-typing invoices into our accounting tool is a waste of time.
            A Xero sync for invoices and payments would make this a no-brainer for us.
            We need paid invoices pushed to our accounting software automatically.
            Is there an API to send invoices to our bookkeeping system?
        """),
        "en_more": _lines("""
            Our accountant asks for it every quarter.
            We'd upgrade to the Business plan for this.
            We send about {count} invoices a month.
        """),
        "fr": _lines("""
            Avez-vous une intégration avec un logiciel comptable ? Ressaisir les factures est une perte de temps.
            Une synchro des factures et des paiements avec notre outil de compta, et on signe.
            Il faudrait que les factures payées partent automatiquement vers notre logiciel comptable.
            Existe-t-il une API pour envoyer les factures vers notre outil de comptabilité ?
        """),
        "fr_more": _lines("""
            Notre expert-comptable nous le demande chaque trimestre.
            On passerait à l'offre Business pour ça.
            On envoie environ {count} factures par mois.
        """),
    },
]  # fmt: skip
TOPIC_BY_KEY = {t["key"]: t for t in TOPICS}
# Topics that a long ticket may add as a second, unrelated request.
SIDE_REQUESTS = ["dark-mode", "sso-saml", "slack-integration", "offline-mode", "bulk-edit",
                 "recurring-invoices", "accounting-integration"]  # fmt: skip
ID_PREFIX = {"zendesk": "zd", "app_store": "as", "google_play": "gp", "nps_survey": "nps",
             "csat_survey": "csat", "sales_call": "call", "community": "cm"}  # fmt: skip
# Chance that feedback from each source is tied to a known account.
KNOWN_ACCOUNT = {"zendesk": 0.95, "app_store": 0.1, "google_play": 0.1, "nps_survey": 1.0,
                 "csat_survey": 1.0, "sales_call": 1.0, "community": 0.5}  # fmt: skip


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if not unicodedata.combining(c))
    )


def _accounts(rng: random.Random) -> list[dict]:
    accounts = []
    for i, (name, country, industry, segment, lang, _) in enumerate(ACCOUNTS, 1):
        low, high, plans, *_ = SEGMENTS[segment]
        arr = float(round(math.exp(rng.uniform(math.log(low), math.log(high))), -2))
        plan = rng.choice(plans)
        attributes = {"country": country, "industry": industry, "language": lang,
                      "seats": max(1, round(arr / SEAT_PRICE[plan]))}  # fmt: skip
        accounts.append({"id": f"acc-{i:03d}", "name": name, "arr": arr, "segment": segment,
                         "plan": plan, "attributes": attributes})  # fmt: skip
    return accounts


def _contacts(rng: random.Random, accounts: list[dict]) -> list[dict]:
    contacts, taken = [], set()
    for account in accounts:
        _, _, _, low, high, _ = SEGMENTS[account["segment"]]
        home = account["attributes"]["language"]
        for _ in range(rng.randint(low, high)):
            lang = home if rng.random() < 0.88 else ("en" if home == "fr" else "fr")
            first, last = rng.choice(FIRST[lang]), rng.choice(LAST[lang])
            local = f"{_ascii(first)}.{_ascii(last)}".lower()
            domain = "example.org" if home == "fr" else "example.com"
            n = 1
            while f"{local}{n if n > 1 else ''}@{domain}" in taken:
                n += 1
            email = f"{local}{n if n > 1 else ''}@{domain}"
            taken.add(email)
            contacts.append({"id": f"con-{len(contacts) + 1:04d}", "account_id": account["id"],
                             "email": email, "name": f"{first} {last}", "language": lang})  # fmt: skip
    return contacts


def mood_of(account_id: str) -> str:
    """How the account ("acc-007") is doing: "healthy", "at_risk" or "churning" (ground truth for
    checking the demo; not stored)."""
    return ACCOUNTS[int(account_id.removeprefix("acc-")) - 1][5]


def _affinity(mood: str, topic: dict) -> float:
    """How much more (or less) than its share an account of this mood writes about `topic`."""
    if mood not in TOPICS_OF_MOODS.get(topic["key"], MOODS):
        return 0.0
    return MOODS[mood][topic["tone"]]


def _version(days_ago: int) -> str:
    return next(v for d, v in reversed(RELEASES) if d >= days_ago)


def _phone(rng: random.Random, country: str) -> str:
    if country in ("FR", "BE", "CH"):  # ARCEP range reserved for fiction
        return f"+33 6 39 98 {rng.randint(0, 99):02d} {rng.randint(0, 99):02d}"
    if country in ("GB", "IE"):  # Ofcom drama range
        return f"+44 7700 900{rng.randint(0, 999):03d}"
    return f"+1 202 555 01{rng.randint(0, 99):02d}"  # 555-01xx is fictional


def _score(rng: random.Random, source: str, tone: int) -> int | None:
    if source == "nps_survey":
        low, high = {-1: (0, 6), 0: (5, 9), 1: (8, 10)}[tone]
    elif source in ("csat_survey", "app_store", "google_play"):
        low, high = {-1: (1, 3), 0: (3, 5), 1: (4, 5)}[tone]
    else:
        return None
    pick = min if tone < 0 else max
    return pick(rng.randint(low, high), rng.randint(low, high))


def _typo(rng: random.Random, text: str) -> str:
    words = text.split(" ")
    candidates = [i for i, w in enumerate(words) if len(w) >= 6 and w.isalpha()]
    if not candidates:
        return text
    i = rng.choice(candidates)
    w, j = words[i], rng.randrange(1, len(words[i]) - 2)
    words[i] = w[:j] + w[j + 1] + w[j] + w[j + 2 :]
    return " ".join(words)


def _body(rng: random.Random, topic: dict, lang: str, p_more: float, ctx: dict) -> str:
    parts = [rng.choice(topic[lang])]
    if rng.random() < p_more:
        parts.append(rng.choice(topic[f"{lang}_more"]))
    return " ".join(parts).format_map(ctx)


def _text(
    rng: random.Random, topic: dict, lang: str, source: str, score: int | None, ctx: dict
) -> str:
    def pick(options: list[str]) -> str:
        return rng.choice(options).format_map(ctx)

    if source == "zendesk":
        body = _body(rng, topic, lang, 0.65, ctx)
        if rng.random() < 0.15:
            side = TOPIC_BY_KEY[rng.choice([k for k in SIDE_REQUESTS if k != topic["key"]])]
            body += f"\n\n{pick(ALSO[lang])} {_body(rng, side, lang, 0.3, ctx)}"
        if rng.random() < 0.1:
            body += " " + pick(PII[lang])
        sign = ""
        if rng.random() < 0.75:
            name = ctx["first"] if rng.random() < 0.9 else f"{ctx['first']}\n{ctx['phone']}"
            sign = f"{pick(SIGNOFFS[lang])}\n{name}"
        text = "\n\n".join(p for p in (pick(GREETINGS[lang]), body, sign) if p)
    elif source == "sales_call":
        text = CALLS[lang][ctx["stage"]].format(text=_body(rng, topic, lang, 0.5, ctx), **ctx)
        text = f"{text} {pick(NEXT_STEPS[lang])}".strip()
    elif source == "community":
        text = f"{_body(rng, topic, lang, 0.6, ctx)} {pick(COMMUNITY_TAILS[lang])}".strip()
    elif source == "csat_survey" and topic["key"] != "support-praise":
        prefix = pick(CSAT_LOW[lang]) if score <= 2 else pick(CSAT_HIGH[lang]) if score >= 4 else ""
        text = f"{prefix} {_body(rng, topic, lang, 0.3, ctx)}".strip()
    elif source == "nps_survey":
        lead = pick(NPS_LEADS[lang][topic["tone"]]) if rng.random() < 0.4 else ""
        text = f"{lead} {_body(rng, topic, lang, 0.45, ctx)}".strip()
    elif source in ("app_store", "google_play"):
        tail = pick(REVIEW_TAILS[lang][topic["tone"]]) if rng.random() < 0.3 else ""
        text = f"{_body(rng, topic, lang, 0.35, ctx)} {tail}".strip()
    else:  # CSAT comments praising support
        text = _body(rng, topic, lang, 0.4, ctx)

    if rng.random() < 0.08:
        text = _typo(rng, text)
    if lang == "fr" and source != "zendesk" and rng.random() < 0.08:
        text = _strip_accents(text)
    if source in ("app_store", "google_play") and rng.random() < 0.06:
        text = text.lower().rstrip(".")
    return text


def _metadata(rng: random.Random, source: str, topic: dict, ctx: dict, when: datetime) -> dict:
    tone = topic["tone"]
    if source == "zendesk":
        levels = ["low", "normal", "high", "urgent"]
        weights = [0, 4, 4, 1] if tone < 0 else [3, 5, 1, 0]
        if topic["key"] == EMERGING_TOPIC:
            weights = [0, 1, 4, 2]
        return {"ticket_priority": rng.choices(levels, weights)[0],
                "channel": rng.choice(["email", "email", "web_form", "chat"])}  # fmt: skip
    if source in ("app_store", "google_play"):
        return {
            "app_version": ctx["version"],
            "device": ctx["device"],
            "store_country": ctx["store"],
        }
    if source == "nps_survey":
        return {"survey": f"nps-{when:%Y-%m}"}
    if source == "csat_survey":
        return {"agent": ctx["agent"], "survey": "post-ticket"}
    if source == "sales_call":
        minutes = rng.choice([15, 30, 30, 45, 60])
        return {"stage": ctx["stage"], "rep": rng.choice(SALES_REPS), "duration_min": minutes}
    return {"forum": FORUMS[tone], "upvotes": rng.randint(0, 40), "replies": rng.randint(0, 12)}


def _feedback(
    rng: random.Random,
    topic: dict,
    accounts: list[dict],
    contacts: list[dict],
    weights: list[float],
    today: date,
    span: int,
) -> dict:
    sources = list(topic["sources"])
    source = rng.choices(sources, [topic["sources"][s] for s in sources])[0]
    lang = "fr" if rng.random() < FR_SHARE else "en"

    contact = account = None
    if rng.random() < KNOWN_ACCOUNT[source]:
        pool = [i for i, c in enumerate(contacts) if c["language"] == lang]
        shares = [weights[i] * _affinity(mood_of(contacts[i]["account_id"]), topic) for i in pool]
        shares = shares if any(shares) else [weights[i] for i in pool]
        contact = contacts[rng.choices(pool, shares)[0]]  # one draw whatever the shares
        account = next(a for a in accounts if a["id"] == contact["account_id"])
        if source == "sales_call" and rng.random() < 0.2:
            contact = None  # a note about the account, nobody in particular

    if topic["when"] is None:
        x = rng.uniform(0, span)
    elif topic["when"] == "emerging":  # density grows as (1 - days_ago / EMERGING_DAYS) ** 2
        x = min(EMERGING_DAYS, span) * (1 - rng.random() ** (1 / 3))
    else:
        newest, oldest, peak = topic["when"]
        oldest = min(oldest, span)
        newest = min(newest, oldest)
        x = rng.triangular(newest, oldest, min(max(peak, newest), oldest))
    days_ago = min(int(x) + 1, span)
    hour = min(max(rng.gauss(13.5, 3.5), 0.0), 23.99)
    midnight = datetime.combine(today - timedelta(days=days_ago), time(), tzinfo=UTC)
    created = midnight + timedelta(seconds=int(hour * 3600))

    platform = {"app_store": "ios", "google_play": "android"}.get(source)
    person = contact["name"] if contact else f"{rng.choice(FIRST[lang])} {rng.choice(LAST[lang])}"
    country = account["attributes"]["country"] if account else ("FR" if lang == "fr" else "US")
    domain = "example.org" if lang == "fr" else "example.com"
    other = f"{_ascii(rng.choice(FIRST[lang]))}.{_ascii(rng.choice(LAST[lang]))}".lower()
    rows = f"{rng.choice([5, 10, 20, 50]) * 1000:,}"
    ctx = {  # what the phrase templates may refer to
        "product": PRODUCT,
        "version": _version(days_ago),
        "device": rng.choice(DEVICES[platform or rng.choice(["ios", "android"])]),
        "agent": rng.choice(AGENTS),
        "first": person.split()[0],
        "company": account["name"] if account else "",
        "email": contact["email"]
        if contact
        else f"{_ascii(person).lower().replace(' ', '.')}@{domain}",
        "email2": f"{other}@{domain}",
        "phone": _phone(rng, country),
        "stage": rng.choice(list(CALLS["en"])),
        "store": rng.choice(["FR", "BE", "CA"] if lang == "fr" else ["US", "GB", "CA", "IE"]),
        "rows": rows.replace(",", " ") if lang == "fr" else rows,
        "users": rng.choice([40, 60, 120, 250, 400]),
        "count": rng.randint(6, 40),
        "projects": rng.randint(60, 400),
        "s": rng.randint(8, 45),
        "pct": rng.choice([20, 25, 30, 40, 50]),
        "years": rng.randint(2, 7),
        "h": rng.randint(2, 9),
        "days": rng.randint(3, 12),
    }
    score = _score(rng, source, topic["tone"])
    return {
        "source": source,
        "external_id": None,  # numbered by date once all items exist
        "text": _text(rng, topic, lang, source, score, ctx),
        "created_at": created.isoformat(),
        "account_id": account["id"] if account else None,
        "contact_id": contact["id"] if contact else None,
        "score": score,
        "language": lang,
        "metadata": _metadata(rng, source, topic, ctx, created),
        "need_key": topic["key"] if "status" in topic else None,
        "topic": topic["key"],
    }


def generate(seed: int = 7, items: int = 600, months: int = 6, today: date | None = None) -> dict:
    """{"accounts": [...], "contacts": [...], "needs": [...], "feedback": [...], "sends": [...],
    "follow_ups": [...]}, all plain dicts (sends and follow-ups: scripts/demo_surveys.py).

    Feedback spans the `months` months before `today` (default: date.today()), oldest first."""
    rng = random.Random(seed)
    today = today or date.today()
    span = max(1, round(months * 30.44))
    accounts = _accounts(rng)
    contacts = _contacts(rng, accounts)
    segment_of = {a["id"]: a["segment"] for a in accounts}
    weights = [SEGMENTS[segment_of[c["account_id"]]][5] for c in contacts]
    needs = [
        {k: t[k] for k in ("key", "title", "titles", "description", "status")}
        for t in TOPICS
        if "status" in t
    ]

    topics = rng.choices(TOPICS, [t["weight"] for t in TOPICS], k=items)
    feedback = [_feedback(rng, t, accounts, contacts, weights, today, span) for t in topics]
    feedback.sort(key=lambda f: f["created_at"])
    counters = {s: rng.randint(1000, 9000) * 10 for s in ID_PREFIX}
    for f in feedback:
        counters[f["source"]] += 1
        f["external_id"] = f"{ID_PREFIX[f['source']]}-{counters[f['source']]}"
    data = {"accounts": accounts, "contacts": contacts, "needs": needs, "feedback": feedback}
    data["sends"] = demo_surveys.survey_sends(seed, data, today)
    people = {"sales": SALES_REPS, "support": AGENTS}
    data["follow_ups"] = demo_surveys.follow_ups(seed, data, people, today)
    return data


def records(data: dict):
    """The JSON-lines records of `generate()`'s output, each with its "kind"."""
    for kind, key in (("account", "accounts"), ("contact", "contacts"), ("need", "needs"),
                      ("feedback", "feedback"), ("send", "sends"), ("follow_up", "follow_ups")):  # fmt: skip
        for item in data[key]:
            yield {"kind": kind, **item}


def summary(data: dict) -> str:
    feedback = data["feedback"]
    lines = [
        f"{len(data['accounts'])} accounts, {len(data['contacts'])} contacts, "
        f"{len(data['needs'])} needs, {len(feedback)} feedback items "
        f"({feedback[0]['created_at'][:10]} to {feedback[-1]['created_at'][:10]})"
        if feedback
        else "no feedback"
    ]
    for field in ("source", "language", "need_key", "topic"):
        counts = Counter(str(f[field]) for f in feedback).most_common()
        lines.append(f"{field}: " + ", ".join(f"{k} {n}" for k, n in counts))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", required=True, help="JSON-lines file to write ('-' for stdout)")
    parser.add_argument("--items", type=int, default=600, help="number of feedback items")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--months", type=int, default=6, help="how far back the feedback goes")
    parser.add_argument("--today", type=date.fromisoformat, default=None, help="YYYY-MM-DD")
    args = parser.parse_args(argv)

    data = generate(seed=args.seed, items=args.items, months=args.months, today=args.today)
    lines = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records(data))
    if args.out == "-":
        sys.stdout.write(lines)
    else:
        with open(args.out, "w", encoding="utf-8") as f:
            f.write(lines)
    print(summary(data), file=sys.stderr)


if __name__ == "__main__":
    main()
