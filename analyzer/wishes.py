"""Wishes for something the product lacks: "Hi team, I'd love a dark mode", "It would be great if
we could export to PDF", "J'aimerais pouvoir exporter en PDF", "Ce serait top d'avoir un mode
sombre", "Let me log my hours offline", "Permettez-nous de choisir le format". The heads,
hearing "love", "great" or "top" in a short calm sentence, may read them as praise, and "let me
log" as a bug report ("it won't let me log in"); the intent stage reads them as feature requests,
and keeps their praise only when the span also praises with words of its own ("Love the app, I'd love a dark mode too").

A feature request said flatly is one too: what should be possible ("Selecting multiple tasks
and moving them to another project should be possible", "Il devrait être possible de …") and
leave to do a thing ("Merci de permettre la modification de plusieurs tâches", "Please allow
editing several tasks"); the heads read them `other`, so needs never saw them.

Not a wish: a wish that the product worked ("It would be great if the sync worked", "Ce serait
bien si ça ne plantait pas", "… should be possible but it fails every time"): that is a bug
report, left to the heads; nor thanks for leave given ("Merci de m'avoir permis de …")."""

import re

from analyzer.feature_needs import needs_a_feature
from analyzer.negation import fold, reports_a_problem
from analyzer.politeness import praises

# Written on folded text (analyzer.negation.fold: lower case, no accents).
_GOOD = r"(?:great|nice|good|awesome|cool|helpful|useful|amazing|lovely|fantastic|perfect)"
_BIEN = r"(?:bien|top|genial|super|cool|pratique|chouette|utile|sympa|parfait|interessant)"
# A wish phrased as leave to do something ("Let me log my hours offline", "Please allow us to
# export in PDF", "Permettez-nous de choisir le format"): only where the span or a clause starts,
# or after "please" or "could you" ("it won't let me log in" is a bug), and not a turn of
# speech ("let me know", "let me explain", "permettez-moi de vous dire").
_SPEECH = (
    r"(?:know|explain|say|tell|be|start|begin|guess|see|check|try|think|get back|repeat|clarify"
    r"|add|ask|put|give|share|introduce|describe|summari[sz]e|rephrase|correct|elaborate|just"
    r"|first|in|out|down|off|go|assume|suppose|imagine|note|point|remind|help|speak|talk|touch"
    r"|mention|state|recap|reiterate|emphasi[sz]e|quickly|briefly|also|now|thank|understand"
    r"|into|pick your brain|call you|vous|te|preciser"
    r"|expliquer|dire|rappeler|signaler|ajouter|souligner|insister|remercier|presenter|demander|exprimer|faire (?:part|remarquer))\b"
)
_LET_ME = (
    r"(?:^|[.!?;:,(]\s*|\b(?:please|pls|plz|just|could you|can you|would you|svp|merci de)\s+)"
    r"(?:let (?:me|us|users|people|admins)|(?:allow|permit|enable) (?:me|us|users|people|admins)"
    r" to) (?!" + _SPEECH + r")\w"
    r"|(?:^|[.!?;:,(]\s*|\b(?:svp|merci de|pourriez-vous|pouvez-vous)\s+)"
    r"(?:permettez|laissez|permettre)[- ](?:moi|nous|aux utilisateurs) "
    r"(?!(?:de |d')?" + _SPEECH + r")\w"
)
_PROVIDE = r"(?:support|add|offer|integrate|provide|release|ajouter|prendre en charge|proposer|integrer|supporter|offrir|sortir)\b"
# What is owed, not wished for: "I'd love to get a reply", "ce serait bien de recevoir une réponse".
_OWED = r"(?:reply|response|answer|refund|callback|call back|reponse|retour|rappel|remboursement)\b"
_WHEN_IT_COMES = (
    r"\bwill you (?:ever |soon |one day |eventually )?"
    + _PROVIDE
    + r"|\bany chance you(?:'ll| will| could| can) (?:add|support|offer|integrate)\b"
    # "any chance of a Slack integration", not "any chance of an earlier flight"
    r"|\bany chance (?:of|for) (?:(?:adding|supporting|getting) )?(?:an? |some )?(?:\w+[ -])?"
    r"(?:integration|feature|option|mode|export|import|api|app|version|setting|view|plugin"
    r"|widget|report)s?\b"
    r"|\b(?:are|do) you (?:plan|planning|intend|going) to "
    + _PROVIDE
    + r"|\b(?:allez|comptez|prevoyez|envisagez)[- ]vous (?:un jour |bientot |d'|de )?"
    + _PROVIDE
    + r"|\b(?:est|sera)-(?:t-)?(?:il|elle)s? (?:\w+ )?prevue?s?\b|\best-ce (?:que c'est |qu'(?:il|elle) est )?prevue?\b"
    r"|\b(?:on|sur|dans) (?:the |your |la |votre )?(?:roadmap|feuille de route)\b"
)
_WISH = re.compile(
    # "I'd love a dark mode", "we would love to be able to", "I'd love to have more faces"
    r"\b(?:i|we)(?:'d| would) (?:really |so )?love (?:it if |if )?"
    r"(?:an?|to be able|the (?:option|ability)|an option|some|more)\b"
    # "I'd love to have scheduled reports", "we'd love to see more charts": the thing wished
    # for needs no article ("I'd love to get my money back" asks for a refund, no feature)
    r"|\b(?:i|we)(?:'d| would) (?:really |so )?love to (?:have|see|get)(?![^.!?,]{0,30}\bback\b)"
    r" (?!(?:it|this|that|you|them|him|her)\b|(?:an? |your |some )?" + _OWED + r")(?=\w)"
    r"|\b(?:i|we)(?:'d| would) like (?:to have|to be able|to see)\b"
    # "I would like the app to have a dark mode", "we'd like the calendar to show week numbers"
    # (not "I would like the app to work again": checked below; nor "I would like the company to
    # show validation of this debt", a demand, CFPB: the product is named)
    r"|\b(?:i|we)(?:'d| would) like (?:the|your|this|our) (?:[\w-]+ )?(?:app|application|tool"
    r"|product|software|platform|site|website|dashboard|calendar|editor|export|reports?|api"
    r"|interface|ui|widget|search|inbox) to (?:have|show|offer|support|include|let|allow|display"
    r"|export|import|sync)\b"
    # "It would be very useful for our team", "ce serait très utile pour notre équipe", "sería
    # muy útil para nuestro equipo": of use to us, said of what is not there
    r"|\b(?:(?:it|that|this)(?:'d| would)) be (?:really |very |so |super |extremely )?(?:useful"
    r"|helpful|handy) (?:for|to) (?:us|me|our|my|the team|everyone|all of us)\b"
    r"|\b(?:ce|ca|c') ?serait (?:vraiment |tres |super |extremement )?(?:utile|pratique) pour"
    r" (?:nous|moi|notre|nos|mon|ma|mes|l'equipe|tout le monde|tous)\b"
    r"|\bseria (?:muy |realmente |super |tremendamente )?(?:util|practico) para (?:nosotros"
    r"|nosotras|mi|mis|nuestr[oa]s?|el equipo|todos)\b"
    # "me gustaría que la aplicación tuviera modo oscuro", "j'aimerais que l'appli propose…":
    # what the product would have or allow; not "que me respondieran", "que vous me rappeliez"
    r"|\b(?:me|nos) gustaria (?:mucho )?que (?:\w+ ){0,4}?(?:tuviera|tuviese|tenga|incluyera"
    r"|incluya|permitiera|permita|ofreciera|ofrezca|pudiera|pueda|mostrara|muestre|hubiera"
    r"|haya|soportara|admitiera)n?\b"
    r"|\b(?:j'aimerais|j'aimerai|nous aimerions|on aimerait) (?:bien |beaucoup |vraiment )?que"
    r" (?:[\w']+ ){0,4}?(?:ait|aient|propose|proposent|permette|permettent|puisse|puissent"
    r"|offre|inclue|affiche|integre)\b"
    # "it would be great if", "would be nice to have", "it'd be cool to be able to"
    r"|\b(?:(?:it|that)'d|would) be (?:really |very |so |super )?" + _GOOD + r" (?:if|to have"
    r"|to be able|to see|to get)\b"
    # "j'aimerais pouvoir", "nous aimerions avoir", "ce serait top d'avoir", "il serait bien de"
    r"|\b(?:j'aimerais|j'aimerai|nous aimerions|on aimerait) (?:bien |beaucoup |vraiment )?"
    r"(?:pouvoir|avoir)\b"
    r"|\b(?:ce|ca|c'|il) ?serait (?:vraiment |tellement |trop |tres )?" + _BIEN + r" (?:d'avoir"
    r"|de pouvoir|si|qu'il y ait|d'ajouter"
    # "ce serait bien de recevoir un résumé": any infinitive, left for the check below to read
    # ("de régler ça" wishes for a fix; nor "de savoir" or "de recevoir une réponse", asking to
    # be told)
    r"|de (?!(?:savoir|connaitre|comprendre|etre)\b|(?:recevoir|obtenir|avoir) (?:une |un |votre )?"
    + _OWED
    + r")(?=\w+(?:er|ir|re|oir)\b))"
    # "It would be great to export invoices to PDF": any deed, not news or what is owed ("would
    # be nice to hear back", "to get a refund"), nor an outing ("so awesome to go to Vegas")
    r"|\b(?:(?:it|that)'d|would) be (?:really |very |so |super )?" + _GOOD + r" to (?!(?:hear"
    r"|know|speak|talk|chat|meet|receive|understand|get back|go|come|visit|fly|travel|attend"
    r"|win)\b|get (?:an? |my |our |some )?" + _OWED + r")(?=\w)"
    # "A dark mode would be nice", "Un mode sombre serait top", "… serait le bienvenu": a thing,
    # not a fix or an answer ("A refund would be nice", "Une réponse serait la bienvenue")
    r"|\b(?:an?|some|un|une|des) (?!(?:[\w-]+ ){0,2}?(?:fix|fixes|reply|response|answer|refund"
    r"|callback|update|solution|workaround|correctif|correction|solution|reponse|retour|rappel"
    r"|remboursement|mise a jour)\b)"
    # the thing's own words, no pronoun ("avec une bonne connexion elle serait top")
    r"(?:(?!(?:elle|il|ils|elles|ca|cela|it|they|this|that)\b)[\w-]+ ){1,3}"
    r"(?:(?:would|'d) be (?:really |very |so |super )?"
    + _GOOD
    + r"|serai(?:t|ent) (?:vraiment |tres |super )?(?:"
    + _BIEN
    + r"|(?:le |la |les )?bienvenue?s?)"
    r")\b"
    # "il faudrait ajouter", "il faudrait pouvoir", "il faudrait un export" (not "il faudrait un
    # correctif", a fix), "vous devriez ajouter", "you should add"
    r"|\bil faudrait (?:absolument |vraiment )?(?:ajouter|pouvoir|integrer|prevoir|proposer"
    r"|avoir|permettre)\b|\bil faudrait (?:un|une|des) (?!(?:correctif|correction|solution"
    r"|reponse|retour|rappel|remboursement|mise a jour)\b)(?=\w)"
    r"|\bvous devriez (?:vraiment )?(?:ajouter|proposer|integrer|permettre|prevoir)\b"
    r"|\byou (?:guys |really |definitely )?should (?:really |definitely )?(?:add|offer|support"
    r"|integrate|provide|allow|consider adding)\b"
    # "please add", "could you add", "pourriez-vous ajouter", "pouvez-vous ajouter"
    r"|\b(?:please|pls|plz) add\b|\b(?:could|can|would) you (?:please )?add\b"
    r"|\b(?:pourriez|pouvez)[- ]vous (?:svp |s'il vous plait )?ajouter\b"
    # the French imperative, where a clause starts ("Ajoutez un mode sombre svp"; not "vous
    # ajoutez des bugs"), or "merci d'ajouter", "merci de prévoir" (QA #2)
    r"|(?:^|[.!?;:,(]\s*)(?:svp |s'il vous plait |please )?(?:ajoutez|integrez|proposez|prevoyez)"
    r"(?:-nous)? (?=\w)|\bmerci (?:de |d')\s*(?:bien vouloir )?(?:ajouter|integrer|proposer"
    r"|prevoir)\b"
    # "Will you ever support SSO?", "Any chance of a Slack integration?", "Allez-vous ajouter
    # le SSO ?", "Une intégration Slack est-elle prévue ?": asking when it comes
    r"|"
    + _WHEN_IT_COMES
    +
    # "Let me log my hours offline", "please allow us to", "permettez-moi de", "laissez-nous"
    r"|"
    + _LET_ME
    # German, Spanish, Italian, Portuguese: "Es wäre toll, … planen zu können", "Ein Dunkelmodus
    # wäre super", "Sería genial poder", "Sarebbe bello avere", "Seria ótimo ter", "me gustaría
    # poder", "Könnten Sie bitte … einbauen", "Por favor, añadan", "Potreste aggiungere",
    # "Poderiam adicionar"
    + r"|\bware (?:es )?(?:wirklich |sehr |echt |super )?(?:toll|schon|super|praktisch|hilfreich"
    r"|cool|klasse|genial|nutzlich|prima)\b|\b(?:ich|wir) (?:wurden?|hatten?) (?:uns |mir )?"
    # ("Ich würde gerne wissen, wie …" asks a question: "gerne" alone is no wish)
    r"(?:\w+ ){0,4}wunschen\b|\b(?:ich|wir) hatten? gerne? (?:ein|eine|einen|mehr|die moglichkeit)\b"
    r"|\bseria (?:muy |muito |realmente |super )?(?:genial|estupendo|util|bueno|bom|fantastico"
    r"|ideal|increible|incrivel|practico|pratico|interesante|interessante|otimo|legal|excelente)"
    r" (?:poder|tener|ter|contar con|contar com|si|se|que)\b"
    r"|\bsarebbe (?:molto |davvero |super )?(?:bello|utile|fantastico|ottimo|comodo|ideale"
    r"|interessante|pratico|top|grandioso) (?:poter|avere|se|che)\b"
    r"|\b(?:me|nos|mi|ci) (?:gustaria|piacerebbe) (?:mucho |molto )?(?:poder|tener|poter|avere)\b"
    r"|\bgostaria(?:mos)? (?:muito )?de (?:poder|ter)\b"
    # "Me encantaría un modo oscuro", "Estaría bien poder exportar", "Ich würde mich über einen
    # Dark Mode freuen", "Adoraria ter um modo escuro", "Também queria poder exportar" (read
    # praise: their words love, the wish is for what is not there)
    r"|\b(?:me|nos) encantaria (?:mucho )?(?:un|una|poder|tener|contar|que)\b"
    r"|\bestaria (?:muy )?(?:bien|genial|bueno) (?:poder|tener|contar con|si|que)\b"
    r"|\b(?:ich|wir) wurden? (?:mich|uns) (?:sehr |riesig |wirklich )?(?:uber (?:\w+ ){1,5}"
    r"|(?:sehr |riesig )?(?:daruber |dann )?)freuen\b"
    r"|\badorar(?:ia|iamos) (?:muito )?(?:ter|poder|um|uma|que)\b"
    r"|\b(?:eu |nos |tambem )?queri(?:a|amos) (?:muito )?(?:poder|ter)\b"
    r"|\b(?:adorerei|adoreremmo|vorrei|vorremmo) (?:tanto |molto )?(?:poter|avere)\b"
    r"|\b(?:konnten|konnen|wurden) (?:sie|ihr|du) (?:bitte )?(?:\w+ ){0,4}(?:einbauen|hinzufugen"
    r"|erganzen|anbieten|einfuhren|integrieren)\b|\bbitte (?:\w+ ){0,4}(?:einbauen|hinzufugen"
    r"|erganzen)\b|\bfugen sie (?:\w+ ){0,4}hinzu\b"
    r"|\b(?:anadan|agreguen|incluyan|aggiungete|adicionem|acrescentem|incluam)\b"
    r"|\b(?:podrian|pueden|podrias|potreste|potete|potresti|poderiam|podem|poderia)"
    r" (?:por favor |per favore )?(?:anadir|agregar|incluir|implementar|aggiungere|inserire"
    r"|implementare|adicionar|acrescentar)\b"
)
# What should be possible, said of what is not there ("Moving tasks to another project should be
# possible", "Il devrait être possible de …", "Debería ser posible …", "Es sollte möglich sein,
# …"); read with the whole span's problems, which may come first ("it crashes, it should be
# possible to export").
_POSSIBLE = re.compile(
    r"\bshould (?:also |really |definitely )?be possible\b"
    r"|\bdevrai(?:t|ent) (?:aussi |vraiment )?etre possible\b"
    r"|\bdeberia (?:tambien |realmente )?ser posible\b"
    r"|\bsollte (?:es )?(?:auch |wirklich )?moglich sein\b"
)
# Leave to do a thing, not a person ("Merci de permettre la modification de plusieurs tâches",
# "Please allow editing several tasks", "Por favor, permitan mover …", "Bitte ermöglichen Sie
# das Bearbeiten …"); not thanks for leave given ("merci de m'avoir permis", "gracias por
# permitirnos", "dass Sie das ermöglicht haben": no request form matches).
_PERMIT_A_THING = re.compile(
    r"\bmerci (?:de |d')\s*(?:bien vouloir )?permettre (?:la|le|les|l'|un|une|des|de|d')"
    r"|(?:^|[.!?;:,(]\s*)(?:svp |s'il vous plait )?permettez (?:la|le|les|l'|un|une|des|de|d')"
    r"|\b(?:please|pls|plz|kindly) (?:allow|enable|permit) (?!me\b|us\b)\w+ing\b"
    r"|\bplease make it possible to\b"
    r"|\b(?:por favor,? )?(?:permitan|permitid) (?!(?:me|nos)\b)\w"
    r"|\b(?:podrian|pueden) (?:por favor )?permitir (?!(?:me|nos)\b)\w"
    r"|\bbitte (?:\w+ ){0,4}(?:ermoglichen|erlauben)\b"
    r"|(?:^|[.!?;:,]\s*)(?:bitte )?(?:ermoglichen|erlauben) sie\b"
    r"|\b(?:konnten|konnen|wurden) (?:sie|ihr|du) (?:bitte )?(?:\w+ ){0,4}(?:ermoglichen|erlauben)\b"
)
# A wish that it worked, or were fixed, is a problem report ("it would be nice if it worked").
_WORKED = re.compile(
    r"\b(?:work\w*|fix\w*|function\w*|marchait|fonctionnait|corrig\w*|repar\w*|regl\w*"
    r"|funktionier\w*|behoben|funcion\w*|arregl\w*|funzion\w*|risolt\w*)\b"
)
# Every wish above holds one of these: most texts hold none and are let go at once.
_KEYWORDS = ("love", "like", "would", "'d ", "aime", "serait", "add", "ajout", "let", "allow",
             "permit", "enable", "permet", "laissez", "wäre", "ware", "wünsch", "wunsch", "gern",
             "sería", "seria", "sarebbe", "gustar", "piacer", "gostar", "einbau", "hinzu",
             "ergänz", "erganz", "anbiet", "einführ", "einfuhr", "integr", "añad", "anad",
             "agreg", "incluy", "aggiung", "inser", "adicion", "acrescent", "inclu",
             "implement", "encant", "estar", "freu", "adorar", "queri", "adorer", "vorre",
             "will you", "chance", "plan", "going to", "intend", "vous", "prevu",
             "prévu", "propos", "prévoi", "prevoi", "prévoy", "prevoy", "intégr", "roadmap",
             "feuille de route", "faudrait", "devriez", "should",
             "bienvenu", "possible", "posible", "möglich", "moglich", "ermöglich",
             "ermoglich", "erlaub", "permit")  # fmt: skip


def wishes(text: str) -> bool:
    """Whether the text wishes for something new ("I'd love a dark mode", or a need: "We need a
    Gantt chart") and reports no problem."""
    if needs_a_feature(text):
        return True
    lowered = text.lower().replace("\u2019", "'")
    if not any(word in lowered for word in _KEYWORDS):
        return False
    folded = fold(text)
    stated = _POSSIBLE.search(folded) or _PERMIT_A_THING.search(folded)
    if stated is not None:
        return _WORKED.search(folded[stated.end() :]) is None and not reports_a_problem(folded)
    wish = _WISH.search(folded)
    if wish is None:
        return False
    rest = folded[wish.end() :]
    return _WORKED.search(rest) is None and not reports_a_problem(rest)


# A clause that opens with a contrast: the segment stage cuts "… should be possible | but it fails".
_CONTRAST_OPENS = re.compile(r"\s*(?:but|mais|pero|aber|however|yet|mas|ma)\b")


def fails_after_what_should_be_possible(text: str, following: str) -> bool:
    """Whether the span says what should be possible and the one after it, a contrast, reports
    that it fails ("… should be possible | but it fails every time"): a bug report, no wish."""
    folded = fold(following)
    return (
        _POSSIBLE.search(fold(text)) is not None
        and _CONTRAST_OPENS.match(folded) is not None
        and reports_a_problem(folded)
    )


def praises_beside_the_wish(text: str) -> bool:
    """Whether the text praises with words outside its wishes: "Love the app, I'd love a dark
    mode" does; "I'd love a dark mode" and "Ce serait top d'avoir un mode sombre" do not."""
    folded = fold(text)
    for wish in (_WISH, _POSSIBLE, _PERMIT_A_THING):
        folded = wish.sub(" ", folded)
    return praises(folded)
