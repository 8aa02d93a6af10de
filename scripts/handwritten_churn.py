"""Hand-written SaaS "account talk" (EN + FR) that defines the `churn_risk` label only.

Each line is "churn | text": 0 for neutral account talk (troubleshooting steps, upgrades and plan
changes, account-manager calls, renewals done, onboarding, billing admin, moved projects), 1 for a
real threat to leave in the same register. Every other intent label, and the sentiment head, stay
undefined for these rows, so no other label's training set changes. They were written for this
project before any measurement (models/README.md, "What we tried"): the public sources that give
churn_risk its negatives (Banking77, CLINC, app reviews, NLBSE) hold no such talk, and the head read
"Uninstalled and reinstalled, same thing." or "We upgraded to the Business plan last month." as
churn_risk. tests/test_churn_account_talk.py checks sentences that are NOT listed here.
"""

EXAMPLES = """
0 | We reinstalled the desktop app and the sync works again.
0 | I logged out and back in, and the dashboard loads fine now.
0 | We cleared the cache and reinstalled the plugin, we'll let you know.
0 | We upgraded to the Pro plan yesterday to get more seats.
0 | We'd like to move from monthly to annual billing.
0 | Could we add five more seats to our subscription?
0 | Our account manager is joining our weekly call on Thursday.
0 | We just renewed our contract for another two years.
0 | We're onboarding the sales team next week.
0 | Please update the billing address on our invoices.
0 | We moved all our projects into a new workspace.
0 | We merged our two accounts into one organisation.
0 | Our finance team needs the invoice for March.
0 | We changed the admin of our account to Sarah.
0 | The trial ended and we switched to the paid plan.
0 | We're planning the rollout to the other offices in Q3.
0 | I'd like to schedule a training session for our new users.
0 | We archived last year's projects to keep things tidy.
0 | Can you transfer the licence from Tom to Julia?
0 | Our IT department will set up SSO on Monday.
0 | On a réinstallé l'application et la synchro refonctionne.
0 | J'ai vidé le cache et relancé l'appli, tout se charge correctement.
0 | Nous sommes passés au forfait Pro pour avoir plus d'utilisateurs.
0 | Nous aimerions passer d'une facturation mensuelle à annuelle.
0 | Pouvez-vous ajouter trois licences à notre abonnement ?
0 | Nous avons un point avec notre chargée de compte jeudi.
0 | Nous venons de renouveler notre contrat pour deux ans.
0 | On forme l'équipe commerciale la semaine prochaine.
0 | Merci de mettre à jour l'adresse de facturation.
0 | Nous avons déplacé tous nos projets dans un nouvel espace de travail.
0 | On a fusionné nos deux comptes en une seule organisation.
0 | Le service comptable a besoin de la facture de mars.
0 | L'administrateur du compte est désormais Julien.
0 | La période d'essai est terminée, nous sommes passés à l'offre payante.
0 | Nous déployons l'outil dans les autres agences au troisième trimestre.
0 | Je voudrais planifier une formation pour les nouveaux utilisateurs.
0 | Nous avons archivé les projets de l'an dernier.
0 | Pouvez-vous transférer la licence de Marc à Claire ?
0 | Notre service informatique configure le SSO lundi.
0 | On a désinstallé le module puis on l'a réinstallé, on vous tient au courant.
1 | If the sync isn't fixed before our renewal date, we won't renew.
1 | We're evaluating other vendors ahead of our contract renewal.
1 | Our account manager knows we plan to leave at the end of the term.
1 | We've asked finance not to renew the subscription this year.
1 | Please downgrade us and close the account at the end of the billing period.
1 | Si la synchro n'est pas corrigée avant le renouvellement, nous ne renouvellerons pas.
1 | Nous comparons d'autres solutions avant la fin de notre contrat.
1 | Nous avons prévenu notre chargé de compte que nous partons à la fin du contrat.
1 | La direction nous demande de résilier l'abonnement cette année.
1 | Merci de fermer notre compte à la fin de la période de facturation.
"""


def parse(block: str = EXAMPLES) -> list[tuple[int, str]]:
    """(churn_risk 0/1, text) for every non-empty line."""
    examples = []
    for line in block.strip().splitlines():
        churn, text = (part.strip() for part in line.split("|", 1))
        examples.append((int(churn), text))
    return examples
