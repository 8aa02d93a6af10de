"""Example feedback written by hand for this project (EN + FR), for labels no public set covers well.

Each line is "sentiment | intent labels | text". The listed intent labels are positive and every other
intent label is negative for that sentence; sentiment is -, 0 or +. These sentences were written by
the Boucle developers, not taken from any data set; models/README.md says how much the heads rely on them.
"""

EXAMPLES = """
- | churn_risk complaint | We will cancel our subscription at the end of the month if this is not fixed.
- | churn_risk | I'm seriously thinking about switching to a competitor.
- | churn_risk complaint | Third outage this week. Our team is already evaluating alternatives.
- | churn_risk | Please tell me how to close my account and delete my data.
- | churn_risk pricing | The new price is too much for us, we won't renew next year.
- | churn_risk complaint | If support doesn't answer by Friday we are moving to another provider.
- | churn_risk | I uninstalled the app, it's not worth it anymore.
- | churn_risk | Not renewing our contract. Thanks for everything.
- | churn_risk complaint bug_report | Sync has been broken for weeks, I'm returning the watch and getting a refund.
- | churn_risk question | How do I cancel my plan? I don't need it any more.
- | churn_risk complaint | Honestly we regret signing up, we're looking at other tools now.
- | churn_risk pricing | Your competitor offers the same thing for half the price, we are leaving.
- | churn_risk | Our company decided to stop using your service from next quarter.
- | churn_risk complaint | Last chance: one more data loss and we're gone.
- | churn_risk | I have already downgraded to the free plan and will probably leave.
- | churn_risk complaint | Cancelled. Too many bugs and nobody listens.
- | churn_risk | We're migrating all our projects to another platform.
- | churn_risk | Please stop the automatic renewal, I am ending my membership.
- | churn_risk complaint | I've been a customer for five years but this update makes me want to quit.
- | churn_risk question | Can you export all my data? I'm moving to a different app.
- | churn_risk complaint | Je vais résilier mon abonnement si rien ne change.
- | churn_risk question | Comment supprimer mon compte ? Je n'utilise plus l'application.
- | churn_risk complaint | Troisième panne ce mois-ci, nous regardons déjà la concurrence.
- | churn_risk pricing | Avec la hausse des tarifs, nous ne renouvellerons pas le contrat.
- | churn_risk | J'ai désinstallé l'appli, elle ne me sert plus à rien.
- | churn_risk complaint | Si le support ne répond pas d'ici vendredi, on change de fournisseur.
- | churn_risk | Merci de résilier mon abonnement à la fin du mois.
- | churn_risk complaint bug_report | La synchronisation ne marche plus depuis des semaines, je renvoie la montre.
- | churn_risk | Nous allons migrer vers un autre outil le trimestre prochain.
- | churn_risk pricing | Un concurrent propose la même chose deux fois moins cher, on part.
- | churn_risk | Je souhaite clôturer mon compte et récupérer mes données.
- | churn_risk complaint | Client depuis des années, mais cette mise à jour me donne envie d'arrêter.
- | churn_risk | Désactivez le renouvellement automatique s'il vous plaît, j'arrête.
- | churn_risk complaint | Encore une perte de données et nous partons définitivement.
- | churn_risk | Je suis passé à l'offre gratuite et je pense partir bientôt.
- | churn_risk complaint | Abonnement annulé. Trop de bugs et personne n'écoute.
- | churn_risk | Notre entreprise a décidé d'arrêter d'utiliser votre service.
- | churn_risk | Je cherche une alternative, celle-ci ne correspond plus à nos besoins.
- | churn_risk complaint | Franchement je regrette mon achat, je vais me faire rembourser.
- | churn_risk question | Pouvez-vous exporter toutes mes données ? Je change d'application.
- | pricing complaint | The premium plan is way too expensive for what it offers.
0 | pricing question | How much does the team plan cost per user?
- | pricing complaint question | Why was I charged twice this month?
0 | pricing question | Is there a discount for non-profits or students?
- | pricing complaint | You raised the price by 40% without any warning.
0 | pricing question | Do you offer an annual plan? Monthly billing is getting expensive.
- | pricing complaint | I was billed after cancelling my trial, please refund me.
0 | pricing question | Can I get an invoice with our VAT number on it?
- | pricing complaint | Paying extra for basic features like export is ridiculous.
0 | pricing feature_request | Please add a cheaper plan for small teams.
0 | pricing question | What happens to my data if I downgrade to the free tier?
- | pricing complaint | The subscription fee keeps going up every year.
0 | pricing question | Is the price in euros or dollars, and does it include tax?
- | pricing complaint | Hidden fees everywhere, the checkout total was much higher than advertised.
0 | pricing question | Can I switch from monthly to yearly billing mid-cycle?
- | pricing | Heart-rate zones now require the paid subscription, that used to be free.
- | pricing complaint | Le forfait premium est beaucoup trop cher pour ce qu'il propose.
0 | pricing question | Combien coûte l'offre équipe par utilisateur ?
- | pricing complaint question | Pourquoi ai-je été prélevé deux fois ce mois-ci ?
0 | pricing question | Y a-t-il une réduction pour les associations ou les étudiants ?
- | pricing complaint | Vous avez augmenté le prix de 40 % sans prévenir.
0 | pricing question | Proposez-vous un abonnement annuel ?
- | pricing complaint | J'ai été facturé après la fin de l'essai, remboursez-moi s'il vous plaît.
0 | pricing question | Pouvez-vous m'envoyer une facture avec notre numéro de TVA ?
- | pricing complaint | Payer en plus pour l'export des données, c'est abusé.
0 | pricing feature_request | Ajoutez une formule moins chère pour les petites équipes.
0 | pricing question | Que deviennent mes données si je repasse à la version gratuite ?
- | pricing complaint | Le prix de l'abonnement augmente chaque année.
0 | pricing question | Le tarif est-il TTC ou HT ?
- | pricing complaint | Frais cachés partout, le total au paiement était bien plus élevé que prévu.
- | pricing | Les fonctions de base sont devenues payantes, c'est dommage.
0 | pricing question | Peut-on passer de la facturation mensuelle à annuelle ?
+ | praise | Love the new dashboard, it saves me so much time every morning.
+ | praise | Your support team was fantastic, the issue was solved in ten minutes.
+ | praise | Best app I've used for tracking my runs. Thank you!
+ | praise | The latest update is really smooth, great job.
+ | praise | Super easy to set up, the whole team adopted it in a day.
+ | praise | Very reliable, it has never let me down in two years.
+ | praise | Thanks a lot for adding dark mode, it looks great.
+ | praise | Clean interface and fast. Exactly what I needed.
+ | praise | Kudos to the developers, the new sleep tracking is spot on.
+ | praise | Great value for the money, highly recommended.
+ | praise | J'adore le nouveau tableau de bord, je gagne un temps fou.
+ | praise | Le support a été génial, problème réglé en dix minutes.
+ | praise | Meilleure application que j'ai utilisée pour suivre mes courses. Merci !
+ | praise | La dernière mise à jour est vraiment fluide, bravo.
+ | praise | Très simple à installer, toute l'équipe l'a adoptée en une journée.
+ | praise | Très fiable, jamais eu de souci en deux ans.
+ | praise | Merci pour le mode sombre, c'est superbe.
+ | praise | Interface claire et rapide, exactement ce qu'il me fallait.
+ | praise | Bravo aux développeurs, le suivi du sommeil est très précis.
+ | praise | Excellent rapport qualité-prix, je recommande vivement.
0 | question | How do I export my reports to Excel?
0 | question | Is there a way to share a dashboard with someone outside my team?
0 | question | Where can I find the API documentation?
0 | question | Does the app work offline?
0 | question | Can I connect my account to Slack?
0 | question | What is the difference between an admin and an editor?
0 | question | How can I change the language of the interface?
0 | question | Is my data stored in Europe?
0 | question | How do I reset my password?
0 | question | Which watches are compatible with the app?
0 | question | Comment exporter mes rapports vers Excel ?
0 | question | Est-il possible de partager un tableau de bord avec un client ?
0 | question | Où trouver la documentation de l'API ?
0 | question | L'application fonctionne-t-elle hors ligne ?
0 | question | Peut-on connecter le compte à Slack ?
0 | question | Quelle est la différence entre administrateur et éditeur ?
0 | question | Comment changer la langue de l'interface ?
0 | question | Mes données sont-elles hébergées en Europe ?
0 | question | Comment réinitialiser mon mot de passe ?
0 | question | Quelles montres sont compatibles avec l'application ?
- | complaint | Support never answers my emails, this is unacceptable.
- | complaint | I've waited two weeks for a reply. Very disappointed.
- | complaint | The new design is confusing and slower than before.
- | complaint | Nobody told us about the maintenance, we lost a whole morning.
- | complaint | Your agent was rude and hung up on me.
- | complaint | The delivery was late again and the package was damaged.
- | complaint | Too many notifications, it's really annoying.
- | complaint | I'm very unhappy with how my request was handled.
- | complaint bug_report | The app is slow and crashes all the time, very frustrating.
- | complaint | Still waiting for the refund you promised a month ago.
- | complaint | Le support ne répond jamais à mes mails, c'est inadmissible.
- | complaint | Deux semaines sans réponse, très déçu.
- | complaint | Le nouveau design est confus et plus lent qu'avant.
- | complaint | Personne ne nous a prévenus de la maintenance, matinée perdue.
- | complaint | Votre conseiller a été désagréable et m'a raccroché au nez.
- | complaint | Livraison encore en retard et colis abîmé.
- | complaint | Beaucoup trop de notifications, c'est pénible.
- | complaint | Je suis très mécontent de la façon dont ma demande a été traitée.
- | complaint bug_report | L'appli est lente et plante tout le temps, c'est énervant.
- | complaint | J'attends toujours le remboursement promis il y a un mois.
0 | other | Hello, hope you are all well.
0 | other | test test 123
0 | other question | What's the weather like in Paris today?
0 | other | Happy new year to the whole team!
0 | other | ok
0 | other | My name is John and I live in Manchester.
0 | other | asdfgh
0 | other | I'm writing this from my phone on the train.
0 | other | Bonjour à tous, bonne journée.
0 | other | essai essai
0 | other question | Quel temps fait-il à Lyon aujourd'hui ?
0 | other | Bonne année à toute l'équipe !
0 | other | Je m'appelle Marie et j'habite à Nantes.
0 | other | Je vous écris depuis le train.
0 | other | rien à signaler
0 | other | Voir pièce jointe.
- | bug_report | The app crashes every time I open the export screen.
- | bug_report | Since the last update the CSV export crashes halfway through.
- | bug_report | Sync stopped working after the update, my runs no longer show up.
- | bug_report | I get an error 500 when I try to save my profile.
- | bug_report | The login button does nothing on Android 14.
- | bug_report | Notifications arrive twice since version 4.2.
- | bug_report | The dashboard shows yesterday's data even after refreshing.
- | bug_report | The app freezes on the loading screen and I have to force close it.
- | bug_report | Step count resets to zero at noon, looks like a bug.
- | bug_report | Uploading a photo fails with "unknown error".
- | bug_report | The PDF report is blank when it has more than ten pages.
- | bug_report | Clicking on "share" closes the app immediately.
- | bug_report | Dark mode makes the chart labels invisible.
- | bug_report | My watch won't pair anymore, it stays stuck on "connecting".
- | bug_report question | The export crashes for me, is this a known issue?
0 | bug_report | Steps to reproduce: open settings, tap language, the app crashes.
- | bug_report complaint | It crashes constantly and nobody fixes it, really annoying.
- | bug_report | L'application plante à chaque fois que j'ouvre l'export.
- | bug_report | Depuis la dernière mise à jour, l'export CSV plante en plein milieu.
- | bug_report | La synchronisation ne fonctionne plus depuis la mise à jour, mes courses n'apparaissent plus.
- | bug_report | J'ai une erreur 500 quand j'enregistre mon profil.
- | bug_report | Le bouton de connexion ne réagit pas sous Android 14.
- | bug_report | Les notifications arrivent en double depuis la version 4.2.
- | bug_report | Le tableau de bord affiche les données d'hier même après actualisation.
- | bug_report | L'appli reste bloquée sur l'écran de chargement, je dois la forcer à quitter.
- | bug_report | Le compteur de pas se remet à zéro à midi, c'est un bug.
- | bug_report | L'envoi d'une photo échoue avec "erreur inconnue".
- | bug_report | Le rapport PDF est vide quand il dépasse dix pages.
- | bug_report | Quand je clique sur « partager », l'application se ferme.
- | bug_report | En mode sombre, les légendes du graphique sont invisibles.
- | bug_report | Ma montre ne s'appaire plus, elle reste bloquée sur « connexion ».
- | bug_report question | L'export plante chez moi, est-ce un problème connu ?
0 | bug_report | Pour reproduire : ouvrir les réglages, toucher la langue, l'appli plante.
- | bug_report complaint | Ça plante sans arrêt et personne ne corrige, vraiment pénible.
- | bug_report | The CSV export dies as soon as the file goes over 50,000 rows.
- | bug_report | Importing contacts from a spreadsheet fails halfway with no message.
- | bug_report | The monthly report export times out every single time.
- | bug_report | Google Calendar sync creates every meeting twice.
- | bug_report | Search returns nothing when the filter has an accent in it.
- | bug_report | The Slack integration stopped posting our alerts on Monday.
- | bug_report | The API returns a 502 on every request since this morning.
- | bug_report | Exporting the dashboard to PDF cuts off the last column.
- | bug_report | L'export CSV plante dès que le fichier dépasse 50 000 lignes.
- | bug_report | L'import des contacts depuis un tableur échoue à mi-parcours sans message.
- | bug_report | L'export du rapport mensuel expire à chaque fois.
- | bug_report | La synchro avec Google Agenda crée chaque réunion en double.
- | bug_report | La recherche ne renvoie rien quand le filtre contient un accent.
- | bug_report | L'intégration Slack ne publie plus nos alertes depuis lundi.
- | bug_report | L'API renvoie une erreur 502 à chaque requête depuis ce matin.
- | bug_report | L'export PDF du tableau de bord coupe la dernière colonne.
0 | feature_request | Could you add an option to export the data as JSON?
0 | feature_request | I'd love a weekly summary by email.
0 | feature_request | Please support Apple Health synchronisation.
0 | feature_request | It would be nice to customise the widgets on the home screen.
0 | feature_request | Add a way to hide activities from the public feed, please.
0 | feature_request | Pourriez-vous ajouter une option pour exporter les données en JSON ?
0 | feature_request | J'aimerais recevoir un résumé hebdomadaire par e-mail.
0 | feature_request | Merci de prendre en charge la synchronisation avec Apple Santé.
0 | feature_request | Ce serait bien de pouvoir personnaliser les widgets de l'écran d'accueil.
0 | feature_request | Ajoutez un moyen de masquer des activités du fil public, svp.
0 | feature_request | It would be great to have a calendar view of all tasks.
0 | feature_request | Please let us import contacts from a CSV file.
0 | feature_request | Ce serait bien de pouvoir exporter en PDF.
0 | feature_request | Merci d'ajouter la synchronisation avec Google Agenda.
0 | | The order was delivered on Tuesday.
0 | | I use the app mostly on weekends.
0 | | We have about forty users on the account.
0 | | La commande a été livrée mardi.
0 | | J'utilise l'application surtout le week-end.
0 | | Nous avons une quarantaine d'utilisateurs sur le compte.
"""


def parse(block: str = EXAMPLES) -> list[tuple[str, frozenset[str], str]]:
    """(sentiment, intent labels, text) for every non-empty line."""
    sentiment_names = {"-": "negative", "0": "neutral", "+": "positive"}
    examples = []
    for line in block.strip().splitlines():
        sentiment, labels, text = (part.strip() for part in line.split("|", 2))
        examples.append((sentiment_names[sentiment], frozenset(labels.split()), text))
    return examples
