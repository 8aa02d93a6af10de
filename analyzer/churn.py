"""Spans that say the writer is leaving: "On va changer d'outil", "On envisage de partir chez
Zendesk", "We are moving to Zendesk next month", "Nous passons à la concurrence". The intent head,
hearing "changer" or "Zendesk" in a calm sentence, may read them as praise or nothing. These cues
are also the urgency stage's "churn" group (analyzer/urgency_cues.py), so both stages hear the
same threats; a span whose cue is denied just before it ("I'd never switch tools", "On ne va pas
changer d'outil", "Je n'envisage pas de partir chez eux") threatens nothing, for either stage.

Moving, switching or migrating counts only towards another tool or provider: a competitor, "another
helpdesk", or a capitalised name that is no setting, plan, platform, language or place ("switch to
Dark Mode", "moving to the new version", "passer à la version 5", "I'm moving to China" are no
threat; places in analyzer/places.py).

Closing, deleting or cancelling is leaving only when what ends is the writer's account,
subscription, plan or contract ("close our account", "supprimer mon compte") or nothing named ("we
will cancel"). The intent head learnt "close my account" (Banking77's terminate_account) and hears
leaving in the word alone: "our month-end close", "delete an old project", "fermer ce ticket" are
no threat (`ends_something_else`)."""

import re
from collections.abc import Iterator
from functools import lru_cache

from analyzer.alternation import CueSearch
from analyzer.deadlines import sentence_around, sets_a_deadline_with_stakes
from analyzer.denials import denied, only_a_condition
from analyzer.letters import LOWER, UPPER
from analyzer.name_lists import first_names
from analyzer.negation import fold
from analyzer.places import names_a_place

# Somewhere else to go: a competitor, or another tool, provider or vendor.
_COMPETITOR = r"(?:(?:a|an|the|one of your) )?(?:competitors?|competition|rivals?)\b"
_ELSEWHERE = (
    r"(?:another|a different|other) (?:\w+ )?(?:tool|provider|vendor|service|platform|app"
    r"|application|company|product|solution|software|crm|helpdesk|brand|bank|airline|carrier"
    r"|supplier)s?\b"
)
_AUTRE = (
    r"(?:une? )?(?:concurrent|autres? (?:outil|logiciel|solution|fournisseur|prestataire|opérateur"
    r"|éditeur|crm|service|application|appli|plateforme|banque|compagnie|marque))s?\b"
)
# What the writer would leave: us, named as "you", "your <anything>" or "this tool".
_OURS = r"(?:you\b|your \w+|this (?:tool|product|platform|service|app|software|solution)\b)"
# The same, named as a product: "replace your tool", not "replace your logo".
_OUR_PRODUCT = (
    r"(?:you\b|(?:your|this) (?:tool|product|platform|service|app|software|solution|crm"
    r"|helpdesk)s?\b)"
)
_VOTRE_OUTIL = (
    r"(?:vous\b|(?:votre|vos|ce|cet|cette) (?:outil|logiciel|service|solution|produit|plateforme"
    r"|appli|application|crm)s?\b)"
)
# Said as the end of the clause, not of a longer phrase ("looked elsewhere in the menu", "try an
# alternative browser", "remplacer votre logo"). A condition may follow: "We'll have to look
# elsewhere if the price goes up" threatens as "If the price goes up, we'll look elsewhere" does.
_SAID_ALONE = (
    r"(?=\s*(?:$|[,.;:!?]|(?:now|soon|already|with|by|par|avec|to|à|en ce moment|if|unless|when"
    r"|si|sauf si|wenn|falls|se|caso)\b))"
)
# After a need for the product that is gone: the end of the clause, or "any more", "now".
_NEED_GONE_END = (
    r"(?=\s*(?:$|[,.;:!?]|(?:any ?more|any longer|now|from now on|désormais|maintenant|if|unless"
    r"|si)\b))"
)
# Weighing other providers, as the writer does now or will: "we are evaluating other vendors",
# "started comparing competitors" (not "we evaluated other vendors before choosing you").
_WEIGHING = r"(?:evaluating|considering|comparing|assessing|trialing|trialling|testing|looking at|reviewing)"
_OTHER_PROVIDERS = (
    r"(?:(?:other|alternative|competing|different) (?:vendors|providers|tools|solutions|suppliers"
    r"|platforms|products|crms|helpdesks|services)|(?:your )?competitors|the competition)\b"
)

# Cancelling with nothing named, said by the writer as what they do now or will: "We're
# cancelling, the price is too high.", "I'm cancelling.", "we will cancel if …" (not "we are
# cancelling the meeting", "I'm not cancelling", "I had to cancel", the past: a booking; nor a
# question, "can I cancel?" after a wrong transfer: Banking77).
_WE_CANCEL = (
    r"(?<!can )(?<!could )(?<!may )(?<!should )(?<!do )(?<!did )(?<!will )(?<!would )(?<!shall )"
    r"\b(?:we|i)(?:'re|'m|'ll| are| am| will| shall)?(?: (?:be|now|just|definitely|probably"
    r"|simply|going to|gonna|about to|have to|'re going to))* cancel(?:l?ing)?"
    r"(?=\s*(?:$|[,.;:!?]|(?:now|today|immediately|if|unless|then|for good|effective|as of"
    r"|at the end|by the end|this month|next month)\b))"
)

# The same in Spanish, Portuguese and Italian: "Cancelamos.", "Vamos a cancelar, ya está.",
# "Cancelaremos a fin de mes", "Vamos cancelar.", "Disdiciamo." (not "cancelamos la reunión",
# "disdiciamo la prenotazione", nor a question: "¿Cancelamos?").
_WE_CANCEL_ES_PT_IT = (
    r"(?<!¿)\b(?:cancel(?:amos|aremos|o|aré)|(?:vamos a|voy a|vamos|vou) cancelar"
    r"|disdic(?:iamo|o)|disdir(?:emo|ò))"
    r"(?=\s*(?:$|[,.;:!]|(?:ya|hoy|si|a fin de mes|el mes que viene|já|hoje|se|oggi|subito"
    r"|a fine mese)\b))"
)

# Written in lower case, matched against lower-cased text (typographic apostrophes straightened).
CUES = (
    # "cancel my plan", "we are cancelling our subscription", "cancelled our contract"
    r"\bcancel(?:l?ing|l?ed|s)? (?:my|our) (?:\w+ )?(?:subscription|account|plan|contract"
    r"|membership|license|licence)s?\b",
    _WE_CANCEL,
    _WE_CANCEL_ES_PT_IT,
    r"\b(?:switch|mov|migrat|go)\w* (?:over |back )?to (?:" + _COMPETITOR + "|" + _ELSEWHERE + ")",
    r"\b(?:migrat\w*|mov(?:e|es|ing)) off (?:of )?" + _OURS,
    r"\b(?:migrat|mov|switch|transition)\w* away from " + _OURS,
    r"\bleav\w* (?:you |us )?for (?:" + _COMPETITOR + "|" + _ELSEWHERE + ")",
    r"take (?:my|our) business elsewhere",
    r"unsubscrib",
    r"looking for (?:an )?alternative",
    r"\b" + _WEIGHING + r" (?:\w+ )?" + _OTHER_PROVIDERS,
    # "we're looking elsewhere", "testing an alternative", "a replacement for your tool", "done
    # with your product", "the last straw" (not "looked elsewhere in the menu", "try an
    # alternative browser"); French below
    r"\blook\w* elsewhere" + _SAID_ALONE,
    r"\b(?:test|try|trial|evaluat)\w* (?:\w+ )?(?:an |other |some )?alternatives?" + _SAID_ALONE,
    r"\breplac\w* (?:for )?" + _OUR_PRODUCT + _SAID_ALONE,
    r"\breplacement for " + _OUR_PRODUCT,
    r"\bdone with " + _OURS,
    # "we no longer need your tool", "we don't need your product anymore" (not "we don't need you
    # to call"); a need for something else gone is a calm statement (analyzer/needs_gone.py)
    r"\b(?:no longer|don't|do not|won't|will not) need " + _OUR_PRODUCT + _NEED_GONE_END,
    r"\blast straw\b",
    r"not renew",
    r"last chance",
    r"résili(?:er|ons|e|ation)",
    r"hésit\w* à (?:renouveler|rester)",
    r"annuler (?:mon|notre) abonnement",
    # "passer à la concurrence", "nous passons chez un concurrent", "on part vers un autre outil"
    r"\bpass\w* (?:chez|à|a) (?:la )?concurren",
    r"\b(?:pass|migr|bascul|part)\w* (?:chez|à|vers) " + _AUTRE,
    r"\bchang\w* pour " + _AUTRE,
    # "on va changer d'outil", "on envisage de partir chez Zendesk"
    r"chang\w* (?:de |d')(?:outil|logiciel|solution|fournisseur|prestataire|crm|éditeur)",
    r"\b(?:partir|partons|pars|part) chez",
    r"envisag\w* de (?:partir|quitter|changer d|résilier|passer (?:chez|à))",
    # "nous allons vous quitter", "quitter votre service"; not "quitter l'appli" (closing it)
    r"\b(?:vous|te) quitt\w*",
    r"\bquitt\w* (?:votre|vos|ton|ta) (?:service|outil|logiciel|solution|plateforme|offre"
    r"|entreprise|société|banque|compagnie)",
    r"(?:chang\w*|switch\w*) (?:tools|providers|vendors)",
    r"(?:consider\w*|thinking (?:of|about)) (?:leaving|switching|moving|cancel)",
    r"chercher une alternative",
    # "Nous allons étudier d'autres solutions." (its English twin reads churn_risk from the head),
    # said by the writer, alone: not "le support va étudier d'autres solutions techniques"
    r"\b(?:nous|on|je|j')\b(?:\s+\S+){0,3}?\s+(?:étudi|évalu|compar|regard|examin|envisag)\w*"
    r" (?:d'|des )autres (?:solutions|outils|fournisseurs|prestataires|offres|éditeurs|logiciels"
    r"|plateformes)" + _SAID_ALONE,
    # "on regarde ailleurs", "on teste une alternative", "un remplaçant à votre outil", "on en a
    # fini avec votre produit", "c'est la goutte d'eau"
    r"\b(?:regard\w*|cherch\w*|aller voir|allons voir|va voir|vais voir) ailleurs" + _SAID_ALONE,
    r"\b(?:test|essa|évalu)\w* (?:\w+ )?(?:une |des |d')(?:autres? )?alternatives?" + _SAID_ALONE,
    r"\brempla\w* (?:à |a |de |pour )?" + _VOTRE_OUTIL + _SAID_ALONE,
    r"\bremplaçant (?:à|a|de|pour) " + _VOTRE_OUTIL,
    # "on n'a plus besoin de vous", "nous n'avons plus besoin de votre outil"
    r"\b(?:n'(?:a|ai|avons|aurons|aura|ont) )?plus besoin (?:de |d')"
    + _VOTRE_OUTIL
    + _NEED_GONE_END,
    r"\ben (?:a|ai|avons|ont) fini avec (?:vous\b|votre |vos |ce (?:outil|logiciel|service))",
    r"\b(?:la|dernière) goutte d'eau",
    r"ne (?:pas )?renouveler",
    r"(?<!an)kündig",
    r"cancel\w* (?:mi|la|nuestra) suscripción",
    r"cancelar (?:a|minha|nossa) assinatura",
    r"(?:pass|cambi)\w* (?:alla|a un) concorren",
    r"\b(?:pass|cambi)\w* (?:a|ad) (?:un altro|un'altra|altr[ie]) (?:fornitor|soluzion|strument|"
    r"piattaform|software|gestional|servizi|crm)",
    r"disdir\w* (?:l'|il )?abbonamento",
    # German, Spanish, Italian, Portuguese: "Wir kündigen unser Abo", "cancelaremos el contrato",
    # "disdiciamo il nostro abbonamento", "vamos cancelar o contrato", "zur Konkurrenz wechseln"
    r"\b(?:wechs|geh|zieh)\w* (?:\w+ ){0,3}(?:zur konkurrenz|zu einem anderen (?:anbieter|tool"
    r"|dienst))",
    # "zu einem anderen Anbieter wechseln", "wir prüfen andere Anbieter", "schauen uns nach einem
    # anderen Anbieter um"; Italian, Spanish, Portuguese: "stiamo valutando altre soluzioni",
    # "estamos evaluando otras alternativas", "estamos avaliando outras soluções"
    r"\b(?:zur konkurrenz|zu (?:einem )?anderen (?:anbieter|tool|dienst)\w*) (?:zu )?wechseln",
    r"\b(?:prüf|evaluier|vergleich|test|schau|seh|sieh|such)\w* (?:\w+ ){0,3}?(?:nach )?(?:einem "
    r")?(?:andere[nrm]?|alternative[nr]?) (?:anbieter|lösung|tool|software|dienst|plattform|crm)",
    # "Wir schauen uns nach Alternativen um" (read praise): alternatives named alone, as "looking
    # for an alternative"; not alternatives for something ("… für das Farbschema")
    r"\b(?:prüf|evaluier|vergleich|test|schau|seh|sieh|such)\w* (?:\w+ ){0,3}?(?:nach )?"
    r"alternativen\b(?! (?:für|zu[mr]?)\b)",
    r"\b(?:stiamo|sto) (?:\w+ )?(?:valutando|considerando|guardando|testando|provando|cercando|"
    r"confrontando) (?:anche )?(?:altr[ei]|un'altra|un altro|delle|le) (?:\w+ )?(?:soluzion|fornitor|"
    r"piattaform|strument|software|prodott|gestional|crm|concorren|alternativ)",
    r"\b(?:estamos|estoy) (?:\w+ )?(?:evaluando|considerando|mirando|probando|comparando|"
    r"valorando) (?:otr[oa]s? (?:\w+ )?(?:alternativ|proveedor|soluci|herramient|plataform|empresa|"
    r"compañ|servicio|sistema|crm)|alternativas\b|la competencia\b)",
    r"\b(?:estamos|estou) (?:\w+ )?(?:a )?(?:avaliando|avaliar|considerando|considerar|analisando"
    r"|analisar|testando|testar|comparando|comparar) (?:outr[oa]s?|alternativas|a concorrência)"
    r" (?:\w+ )?(?:soluç|fornecedor|ferramenta|plataforma|alternativ|empresa|serviç|sistema|crm)",
    r"\bcancel\w* (?:el|nuestro|mi|nuestra|la) (?:contrato|plan|cuenta|suscripción|abono)",
    r"\b(?:nos )?(?:cambi|pas)\w* (?:a|con) (?:la competencia|otro proveedor|otra herramienta)",
    r"\bdisd(?:ir|ic|ett|ic)\w* (?:il |l'|lo )?(?:nostro |mio )?(?:abbonamento|contratto|piano)",
    # "Cancelliamo l'abbonamento." (read complaint only), "Vamos rescindir o contrato." (a
    # contract said alone or with you: not "o contrato do fornecedor de limpeza")
    r"\bcancell\w* (?:il |l'|lo )?(?:nostro |mio )?(?:abbonamento|contratto)",
    r"\brescind\w* (?:o|el|nosso|nuestro|meu|mi) contrato(?=\s*(?:$|[,.;:!]|com (?:vocês|voces)"
    r"|con (?:ustedes|vosotros)))",
    r"\bcancel\w* (?:o|a|nosso|nossa|meu|minha) (?:nosso |nossa |meu |minha )?"
    r"(?:contrato|plano|conta|assinatura)",
    r"\b(?:mud|troc|pass)\w* (?:para|pra) (?:a concorrência|outro fornecedor|outra ferramenta)",
    # "daremos de baja la cuenta", "nos iremos con la competencia", "cambiaremos de proveedor",
    # "vamos sair", "vamos trocar de fornecedor"; not "nos iremos de vacaciones", "vamos sair às 5"
    r"\b(?:dar|daremos|damos|darnos|darme|darán|doy|dimos) de baja(?! a (?:un|una|los|las|el|la|este"
    r"|esta|mis|nuestros)\b)",
    r"\bnos (?:iremos|vamos a ir)(?=\s*(?:$|[,.;:!?]|(?:con|a) (?:la competencia|otr[oa])))",
    r"\b(?:vamos sair|sairemos|vamos embora)(?=\s*(?:$|[,.;:!?]|d[ao] (?:vossa|sua|vocês)))",
    r"\b(?:cambi|troc|mud)\w* (?:de|el|o) (?:proveedor|herramienta|plataforma|fornecedor"
    r"|ferramenta|plataforma)\b",
    # "Wir werden den Vertrag nicht verlängern", "no vamos a renovar", "non rinnoveremo", "não
    # vamos renovar"; "Wir suchen eine Alternative", "buscando una alternativa"
    r"nicht (?:mehr )?verlängern|\bno (?:\w+ ){0,2}renovar|\bnon rinnover\w*|\bnão (?:\w+ ){0,2}renovar",
    r"\b(?:such|busc|cerc|procur)\w* (?:nach )?(?:eine[rn]? |una |un'|uma )?alternativ",
    # Not renewing, conjugated (QA #2): "nous ne renouvellerons pas", "on ne le reconduira pas",
    # "nous n'allons pas renouveler", "ne comptons pas reconduire", "j'ai résilié"; the cue
    # opens on its own "ne", so the words before it are read for a denial as for any cue.
    # "Wir verlängern den Vertrag nicht", "we won't renew", "we will not be renewing".
    r"\b(?:ne |n')(?:le |la |les |l')?(?:renouvel|recondu)\w* (?:pas|plus|jamais)\b",
    r"\b(?:ne |n')(?:allons|vais|va|vont|comptons|compte|pensons|pense|souhaitons|souhaite"
    r"|voulons|veux|pourrons|pourrai|pourra|irons) (?:\w+ )?(?:pas|plus|jamais) (?:le |la |les |l')?"
    r"(?:renouveler|reconduire)\b",
    r"\bne (?:pas|plus) (?:le |la |les |l')?reconduire\b",
    r"\brésilié(?:e|s|es)?\b",
    r"\b(?:wir|ich) (?:\w+ )?verlänger\w* (?:\w+ ){0,3}nicht\b|\bverlängern wir (?:\w+ ){0,3}nicht\b",
    r"(?:n't|\bnot) (?:be |going to |gonna )?renew(?:ing)?\b",
)
# Only the cues a span can match run: the whole alternation cost ~0.2 ms a span.
_CUES = CueSearch(CUES)

# Weighing other options, a threat only under a deadline with stakes (analyzer/deadlines.py): "If
# it isn't fixed by Monday we'll look at other options", "Si ce n'est pas réglé d'ici lundi, on
# va chercher une autre solution", "…, werden wir uns nach Alternativen umsehen", "…, vamos a
# buscar otras opciones"; not "we'll look at other options for the chart colours".
_OTHER_OPTIONS = re.compile(
    r"\b(?:look\w*|search\w*) (?:at|into|for) (?:other|alternative|different) (?:options|solutions"
    r"|alternatives|providers|vendors|tools)\b|\b(?:look\w*|search\w*) (?:at|into|for) alternatives\b"
    r"|\b(?:cherch|regard|étudi)\w* (?:une |d'|des )?autres? (?:solutions?|options?|outils?"
    r"|prestataires?|fournisseurs?)\b"
    r"|\bnach (?:alternativen|anderen (?:lösungen|optionen|anbietern|tools))\b"
    r"|\bbusc\w* (?:otras? (?:opciones|soluciones|alternativas|herramientas)|alternativas)\b"
)

# Capitalised words after "switch to" that name no other provider: settings, plans, platforms,
# languages, days and months, pronouns.
# fmt: off
_NOT_A_PROVIDER = frozenset((
    "I", "The", "A", "An", "My", "Our", "Your", "This", "That", "These", "Those", "It", "Its",
    "Me", "Us", "You", "Them", "Version", "Mode", "Dark", "Light", "Night", "Day", "Premium",
    "Pro", "Plus", "Basic", "Free", "Paid", "Standard", "Business", "Enterprise", "Team",
    "Android", "Windows", "Mac", "Linux", "Ubuntu", "Chrome", "Firefox", "Safari", "Edge",
    "English", "French", "German", "Spanish", "Italian", "Portuguese", "Dutch", "Chinese",
    "Japanese", "Français", "Anglais", "Allemand", "Espagnol", "Monday", "Tuesday", "Wednesday",
    "Thursday", "Friday", "Saturday", "Sunday", "January", "February", "March", "April", "May",
    "June", "July", "August", "September", "October", "November", "December", "Lundi", "Mardi",
    "Mercredi", "Jeudi", "Vendredi", "Samedi", "Dimanche", "Janvier", "Février", "Mars", "Avril",
    "Mai", "Juin", "Juillet", "Août", "Septembre", "Octobre", "Novembre", "Décembre", "Settings",
    "Home", "Manual", "Auto", "Automatic", "Metric", "Imperial", "Celsius", "Fahrenheit",
    "Bluetooth", "Wifi", "WiFi", "Wi-Fi", "Modo", "Modalità", "Versión", "Versione", "Versão",
    "Deutsch", "Englisch", "Español", "Inglés", "Italiano", "Inglese", "Português", "Inglês",
))
# fmt: on
# "We are moving to Zendesk", "switching to Freshdesk", "On passe chez Zendesk": a verb of leaving,
# then a capitalised name with a lower-case letter (not an airport code: "moved to DFW"). Matched
# on the text as written; "moved" is left out: "my flight was moved to Denver" is a rebooking.
_TO_A_NAME = re.compile(
    r"\b(?:(?i:switch(?:es|ed|ing)?|move|moves|moving|migrat(?:e|es|ed|ing))(?: over| back)? to"
    r"|(?i:pass\w*|migr\w*|bascul\w*) (?i:chez|à|vers|sur)(?: l')?"
    # "nos pasaremos a Zendesk", "passeremo a Zendesk", "mudar para o Zendesk", "wechseln zu Zendesk"
    r"|(?i:pasar\w*|pasamos|passer\w*|passiamo|mud\w*|migr\w*|cambi\w*) (?i:a|para|para o|al)"
    r"|(?i:wechs\w*) (?i:zu)"
    # Spanish "irse a": "nos vamos a Zendesk", "nos iremos a Freshdesk", "me voy a HubSpot";
    # "irse con": "me voy con Freshdesk", "nos iremos con Intercom" (not with a person: "me voy
    # con Juan al cine")
    r"|(?i:nos vamos|nos iremos|nos vamos a ir|vamos a irnos|me voy|me iré|me ire)"
    r" (?i:a|(?P<with>con))) "
    rf"(?P<name>{UPPER}[\w-]*{LOWER}[\w-]*)"
)

# The verbs _TO_A_NAME starts with, as their lower-case stems: most spans hold none and are not
# searched. Its verbs are matched case-insensitively, and re reads "İ" and "ı" as "i", "ſ" as
# "s" too: a span holding one of those is searched whatever it says.
TO_A_NAME_STEMS = (
    "switch", "mov", "migr", "pas", "bascul", "mud", "cambi", "wechs", "vamos", "iremos", "voy",
    "irnos", "me ir",
)  # fmt: skip
OTHER_CASES = "İıſ"


def _may_name_a_provider(straight: str, lowered: str) -> bool:
    return any(stem in lowered for stem in TO_A_NAME_STEMS) or any(
        letter in straight for letter in OTHER_CASES
    )


# Cached: the negation stage and the urgency stage's cues (per insight, and for the whole text,
# which is the insight itself in most tickets) read the same spans.
@lru_cache(maxsize=256)
def threatens_to_leave(text: str) -> bool:
    """Whether the text holds a churn cue ("cancel my subscription", "changer d'outil", "moving to
    Zendesk", "kündigen") that it does not deny."""
    return any(not denied(before) or only_a_condition(before) for before in _before_each_cue(text))


def _before_each_cue(text: str) -> Iterator[str]:
    """The text before each churn cue the text holds."""
    straight = text.replace("\u2019", "'")
    lowered = straight.lower()
    for cue in _CUES.finditer(lowered):
        yield lowered[: cue.start()]
    for cue in _OTHER_OPTIONS.finditer(lowered):
        if sets_a_deadline_with_stakes(sentence_around(lowered, cue.start())):
            yield lowered[: cue.start()]
    if not _may_name_a_provider(straight, lowered):
        return
    for cue in _TO_A_NAME.finditer(straight):
        if _names_a_provider(cue, straight):
            yield straight[: cue.start()]


def _names_a_provider(cue: re.Match[str], straight: str) -> bool:
    """Whether the name a _TO_A_NAME cue ends on is a provider: no setting, plan or place, and
    no person gone with ("me voy con Juan")."""
    name = cue["name"]
    if name in _NOT_A_PROVIDER or names_a_place(name, straight[cue.end() :]):
        return False
    return not (cue["with"] and name.casefold() in first_names())


def leaves_for_a_named_tool(text: str) -> bool:
    """Whether the span says the writer moves to a named provider ("We're moving to Intercom.",
    "On passe chez Zendesk."), not denied: a verdict on the product however calm its words."""
    straight = text.replace("\u2019", "'")
    if not _may_name_a_provider(straight, straight.lower()):
        return False
    return any(
        _names_a_provider(cue, straight) and not denied(straight[: cue.start()].lower())
        for cue in _TO_A_NAME.finditer(straight)
    )


# A closing verdict, the whole span or its last clause: "We're out.", "I'm done.", "That's it for
# me.", "On arrête là.", "J'en ai marre, j'arrête.", "C'est fini pour moi.", "Je laisse tomber.",
# "Ich bin raus.", "Me voy.", "Billing charged us twice again, I'm out.". After a complaint it
# says the writer leaves; after praise it may close a finished task ("Great onboarding. We're
# done!"), so the negation stage asks for a complaint before it or in its own span. More after it
# says another thing: "we're out of stock", "I'm out of the office", "on arrête là pour
# aujourd'hui", "that's it for me, have a nice day". Written on folded text (no accents).
_INTERJECTION = (
    r"(?:so|well|ok|okay|honestly|seriously|frankly|sorry|that's it|enough|alors|bon|donc|voila"
    r"|franchement|serieusement|bref|j'en ai marre|y en a marre|ras le bol|basta|ehrlich gesagt"
    r"|es reicht|sinceramente|la verdad|ya basta)"
)
_VERDICT = re.compile(
    r"^\W*(?:" + _INTERJECTION + r"\W+)*"
    r"(?:(?:we|i)(?:'re|'m| are| am) (?:out|done)(?: here)?(?: for good)?|(?:we|i) quit"
    r"|that's it for (?:me|us)"
    r"|(?:on|nous) (?:arrete|arretons)(?: la| ici| tout)?|j'arrete(?: la| ici| tout)?"
    r"|(?:je|on) laisse tomber|nous laissons tomber|c'est (?:fini|termine) pour (?:moi|nous)"
    r"|on s'en va|nous partons|on part|je m'en vais"
    r"|(?:ich bin|wir sind) raus|das war'?s fur (?:mich|uns)"
    r"|me voy|nos vamos|me largo|hasta aqui (?:llegue|llegamos)|se acabo para (?:mi|nosotros))\W*$"
)
# What ends a clause: a comma, a stop, a dash.
_CLAUSE_END = re.compile(r"[,;.!?:\u2014\u2013]")


# Words of a grievance the negation stage's flags do not hear ("Third outage this month.",
# "Encore une panne, c'est inadmissible.", "Support never answered my ticket.", "Le support ne
# répond jamais."): before a verdict they make it a complaint's close. Written on folded text
# (analyzer.negation.fold).
_FED_UP = re.compile(
    r"\b(?:outages?|downtime|pannes?|unacceptable|inacceptable|inadmissible|ridiculous|ridicule"
    r"|a joke|une blague|a disgrace|une honte|scandal\w*|fed up|ras le bol|marre"
    # nobody answers: "never answered", "no reply", "nobody got back to me", "ne répond jamais",
    # "personne n'a répondu", "toujours pas de réponse", "sans réponse"
    r"|(?:never|nobody|no one|no-one) (?:\w+ )?(?:answer|repl|respond|got back|gets back)\w*"
    r"|no (?:answer|reply|response)|unanswered|ignored"
    # charged twice: "billing charged us twice again", "débité deux fois"
    r"|charged (?:us |me )?(?:twice|double)|double[- ]charged|(?:debite|preleve)s? deux fois"
    r"|ne (?:\w+ )?(?:repond\w*|rappel\w*) (?:jamais|pas|plus)|jamais (?:de )?(?:repon|rappel)\w*"
    r"|personne (?:ne|n'a) (?:\w+ )?(?:repon|rappel)\w*|(?:pas|sans|aucune) (?:de )?reponse)\b"
)


def sounds_fed_up(folded: str) -> bool:
    """Whether the folded span holds a word of a grievance (_FED_UP)."""
    return _FED_UP.search(folded) is not None


def closes_with_a_verdict(text: str) -> bool:
    """Whether the span, or its last clause, is only a closing verdict ("We're out.", "On s'en va
    !", "…, I'm done."): leaving, when a complaint comes before it or in its span."""
    folded = fold(text)
    if _VERDICT.match(folded):
        return True
    *before, last = _CLAUSE_END.split(folded.rstrip(" .!?\u2026\t\n"))
    return bool(before) and _VERDICT.match(last) is not None


# Written on folded text (analyzer.negation.fold: lower case, no accents). Ending something: a
# verb or its noun ("close", "closure", "delete", "cancellation", "clôturer", "suppression").
_ENDING = re.compile(
    r"\b(?:rid of|clos(?:e|es|ed|ing|ure)|delet(?:e|es|ed|ing|ion)|remov(?:e|es|ed|ing|al)|cancel\w*"
    r"|terminat\w*|clotur\w*|ferm(?:e|er|ons|ez|ent|eture|ee|es|ees)|supprim\w*|suppression"
    r"|annul\w*|effac\w*)\b"
)
# What ending it means leaving: the account, subscription, plan or contract (a particle, a few
# determiners and one word may sit between: "close out our whole account", "delete all of my
# account", "annuler notre abonnement pro"), or the app itself ("deleted the app").
_WHAT_WE_SELL = (
    r"(?:accounts?|subscriptions?|memberships?|plans?|contracts?|licen[cs]es?|workspaces?"
    r"|app|application|appli|compte|abonnement|contrat|forfait|adhesion|licence)"
)
_DETERMINERS = (
    r"(?:out|down|off|up|all|of|my|our|the|this|your|whole|entire|de|d'|du|la|le|les|l'|mon|ma"
    r"|mes|notre|nos|votre|ce|cet|cette|tout|entier)"
)
_ENDS_WHAT_WE_SELL = re.compile(
    r"^(?:\s*" + _DETERMINERS + r"\b|\s*d')*\s*(?:\w+\s+)?" + _WHAT_WE_SELL + r"\b"
)
# "account closure", "that my account be terminated": the noun before the ending
_WHAT_WE_SELL_BEFORE = re.compile(
    r"\b" + _WHAT_WE_SELL + r"\s+(?:(?:be|is|was|been|being|to be|get|gets|got|est|soit)\s+)?$"
)
# "I don't want this account anymore, how do I delete it?": a pronoun for what the span names
_PRONOUN_AFTER = re.compile(r"^\s*(?:it|them|this|that)\b")
_PRONOUN_BEFORE = re.compile(r"\b(?:le|la|l'|les)\s*$")
_NAMES_WHAT_WE_SELL = re.compile(r"\b" + _WHAT_WE_SELL + r"\b")
# Nothing named after it: "we will cancel", "I'm going to delete if it's not fixed" (the app),
# not a bare "close": "the month-end close" ends a period.
_BARE_CANCEL = re.compile(r"^(?:cancel\w*|annul\w*|delet\w*|supprim\w*)$")
_NOTHING_AFTER = re.compile(r"^\s*(?:$|[,.;:!?]|(?:if|unless|si|sauf)\b)")
# Other ways of saying it: "we're leaving", "done with you", "on arrête".
_LEAVING = re.compile(
    r"\b(?:leav(?:e|es|ing)|quit\w*|done with|stop(?:ping)? using|partir|partons|arret\w*)\b"
)


# Removing the app and putting it back is troubleshooting, not leaving: "Uninstalled and
# reinstalled, same thing." (the head heard churn in "uninstalled", 0.66), "j'ai supprimé l'appli
# et je l'ai réinstallée". Both must be said: "I uninstalled the app" alone stays the head's.
# "Déisnstallée" (a demo's typo) too: un- or dé- and "stall" a few letters apart.
_REMOVED = re.compile(
    r"\b(?:un-?install|desinstall|delet|remov|supprim|effac)\w*|\b(?:un-?|de)\w{0,3}[ns]tal+"
)
_PUT_BACK = re.compile(r"\b(?:re-?install|re-?download|retelecharg)\w*")


def ends_something_else(text: str) -> bool:
    """Whether the text closes, deletes or cancels something other than what the writer pays
    for ("our month-end close", "delete an old project", "annuler la réunion"), removes the
    app only to reinstall it, cannot get into its account or sets a deadline whose stakes are
    its own work, and says no other way that it is leaving: its churn reading came from the
    word alone."""
    folded = fold(text)
    if _LEAVING.search(folded) or threatens_to_leave(text):
        return False
    if (_REMOVED.search(folded) and _PUT_BACK.search(folded)) or _stuck_not_leaving(text, folded):
        return True
    endings = list(_ENDING.finditer(folded))
    return bool(endings) and not any(_ends_what_we_sell(folded, ending) for ending in endings)


def _ends_what_we_sell(folded: str, ending: re.Match[str]) -> bool:
    before, after = folded[: ending.start()], folded[ending.end() :]
    names_it = _PRONOUN_AFTER.match(after) or _PRONOUN_BEFORE.search(before)
    return (
        _ENDS_WHAT_WE_SELL.match(after) is not None
        or _WHAT_WE_SELL_BEFORE.search(before) is not None
        or (names_it is not None and _NAMES_WHAT_WE_SELL.search(folded) is not None)
        or (_BARE_CANCEL.match(ending[0]) is not None and _NOTHING_AFTER.match(after) is not None)
    )


# Not getting into one's account is a login problem, not closing it: "I can't get into my account
# anymore" (the head heard churn in "account", 0.64), "Je n'arrive plus à accéder à mon compte",
# "Ich komme nicht mehr in mein Konto", "No puedo entrar en mi cuenta". Written on folded text.
_LOCKED_OUT = re.compile(
    r"\b(?:can't|cannot|can not|couldn't|unable to|not able to|won't let (?:me|us))"
    r" (?:\w+ )?(?:get in(?:to| to)?|log ?(?:in|on)(?:to| to)?|sign ?in(?: to)?|access|open|reach)"
    r" (?:my|our|the) (?:\w+ )?account\b|\blocked out of (?:my|our|the) (?:\w+ )?account\b"
    r"|\bn'(?:arrive|arrivons|parviens|parvenons|peux|pouvons) (?:plus|pas) (?:a )?(?:acceder"
    r"|me connecter|nous connecter|entrer|ouvrir)\b[^.!?]{0,12}\b(?:mon|notre) compte\b"
    r"|\bimpossible d'(?:acceder|entrer) (?:a|dans) (?:mon|notre) compte\b"
    r"|\b(?:komme|kommen) (?:\w+ ){0,3}nicht (?:mehr )?in (?:mein|unser)\w* (?:\w+)?konto\b"
    r"|\b(?:kann|konnen) (?:mich|uns) (?:\w+ ){0,3}nicht (?:mehr )?(?:in (?:mein|unser)\w* \w*konto )?"
    r"(?:einloggen|anmelden)\b"
    r"|\bno (?:puedo|podemos|consigo|logro) (?:\w+ )?(?:entrar|acceder|iniciar sesion|conectarme)"
    r" (?:a|en|con) (?:mi|nuestra) cuenta\b"
)
# What missing the deadline costs the writer's own work: "…, otherwise our audit fails", "sinon
# notre clôture est bloquée", "sonst scheitert unsere Prüfung", "si no nuestra auditoría falla".
_OWN_STAKES = re.compile(
    r"\b(?:otherwise|or else|sinon|autrement|sonst|andernfalls|ansonsten|de lo contrario"
    r"|si no)\W+(?:\w+ ){0,2}(?:our|my|we|notre|nos|mon|ma|mes|unser\w*|mein\w*|wir|nuestr\w*"
    r"|mis?)\b"
)


def _stuck_not_leaving(text: str, folded: str) -> bool:
    """Whether the span is a login problem ("I can't get into my account") or a deadline whose
    stakes are the writer's own work ("we need the export fixed by Friday, otherwise our audit
    fails"): the churn the head heard in "account" or "otherwise" is none."""
    if _LOCKED_OUT.search(folded):
        return True
    return _OWN_STAKES.search(folded) is not None and sets_a_deadline_with_stakes(text.lower())
