"""Short failure statements: "Export fails", "l'export CSV plante", "The CSV export times out.",
"urgent: production down". The intent head learnt bug reports from app reviews and issue titles
that say more; a few words that only state a failure read `other`, and the sentiment head hears
no tone in them. Such a span is a bug report, and negative: the intent stage raises bug_report,
the sentiment stage turns a calm or warm reading negative.

Only in a short ticket: a failure among other sentences, or in a long span, is the heads' to read
with what surrounds it. A ticket that is one sentence may use all its words ("L'export CSV plante
systématiquement sur nos gros projets depuis la mise à jour." read `other`, its English twin
bug_report): there is nothing around it to read it with (an issue whose title says "fails to import" may be a question). Not a
failure statement either: a question ("Does export fail on large files?"), a denied failure
("never fails", "ne plante pas"), a condition ("if it fails"), one that looks back ("used to
crash", "no longer times out"; a function that stopped, "no longer saves", "n'enregistre plus",
is a failure), or one beside praise or a contrast ("Great app, but sync fails"),
unless the contrast only scopes it after a part that works ("small ones are fine but the full
export crashes", "Die kleinen Exporte gehen, aber der große Export stürzt ab":
analyzer/scoped_contrasts.py), where what follows the contrast is read as a span of its own.
Ambiguous words are left out: "freezing" (the weather), "frozen" (food), a bare "fail" ("#fail",
"epic fail": a complaint), "not responding" (a person), "ne répond plus à nos besoins" (a need no
longer met: a verdict).

A ticket that opens with when or after it fails is a repro, its failure anywhere and up to 25
words ("When I export all invoices of the year to CSV the page freezes and the export times
out", read `other`); a regression ("It was working perfectly before", read praise 0.90) fails
now, though its words look back and praise."""

import re
from functools import lru_cache

from analyzer.denials import denied
from analyzer.names import GREETING
from analyzer.negation import fold
from analyzer.opening_greetings import without_an_opening_greeting
from analyzer.politeness import praises
from analyzer.scoped_contrasts import after_a_part_that_works

MAX_WORDS = 8  # a longer span says what else happened: the head reads it
MAX_TICKET_WORDS = 15  # a ticket of one or two short sentences, greeting and sign-off included
# A longer span that is the whole ticket states a failure only if it opens with one, its subject
# first: "L'export CSV plante systématiquement sur nos gros projets depuis la mise à jour" (not
# "what do you like to do when you're not working", "I tried to make a transfer and it failed").
MAX_WORDS_BEFORE = 3
# A ticket that opens with when or after what it failed tells a repro, not a story: "When I
# export all invoices of the year to CSV the page freezes and the export times out", "Après la
# mise à jour 5.0, tous mes événements sont en double". It may run longer, its failure anywhere
# after the setting.
MAX_SETTING_TICKET_WORDS = 25
_SETTING = re.compile(
    r"^\W*(?:when(?:ever)?|after|since|every time|each time|quand|lorsqu'?e?|apres|depuis|des que"
    r"|(?:a )?chaque fois)\b"
)
# A failure said with a copula may follow a longer subject: "Accents like é and ü are broken".
MAX_SUBJECT_WORDS = 6
_COPULA_BEFORE = re.compile(r"\b(?:is|are|was|were|est|sont|etait|etaient)\s+$")
# ... or a subject that names its format or target after a preposition, as Spanish, Italian
# and Portuguese put it: "la exportación a CSV falla", "a exportação para CSV trava", "the
# export to CSV fails" (four words: read positive, `other`)
_COMPLEMENTED_SUBJECT = re.compile(
    r"^\W*(?:the|my|our|la|el|mi|nuestra|nuestro|a|o|minha|meu|nossa|nosso|il|lo|l'|le|der|die"
    r"|das|unser|unsere|mein|meine) ?[\w-]+ (?:to|into|of|for|a|al|en|de|del|para|pra|do|da|in"
    r"|di|del|nach|in|zu|von|au|en|vers) [\w-]+\s+$"
)
# "ne répond plus à nos besoins": a need the tool no longer meets, a verdict, not a failure
_NOT_TO_NEEDS = (
    r"(?! (?:a|aux) (?:nos|mes|vos|ses|leurs|notre|mon|ma|votre|tous nos)"
    r" (?:besoins|attentes|exigences|usages|demandes))"
)
# Written on folded text (analyzer.negation.fold: lower case, no accents).
_FAILS = (
    r"\bfail(?:s|ed|ing)\b",
    r"\bcrash(?:es|ed|ing)?\b",
    r"\b(?:times?|timed|timing) ?out\b",
    r"\b(?:broken|froze|freezes|(?:keeps|kept) freezing|hangs|hanging)\b",
    # "all my events are duplicated", "sont en double", "l'import duplique tous les comptes"
    r"\b(?:is|are|was|were|get|gets|got) (?:\w+ )?duplicated\b|\bshows? up twice\b"
    r"|\bduplicates (?:all|every|each|my|our)\b",
    r"\b(?:est|sont|apparai\w*|s'affich\w*|arrive\w*) (?:\w+ )?en double\b"
    r"|\bduplique(?:nt)? (?:tous|toutes|chaque|les|mes|nos)\b",
    # "la page se fige", "l'écran reste figé", "l'export expire" (not a subscription that expires)
    r"\bse fige(?:nt)?\b|\b(?:est|sont|reste|restent) fige\w*"
    r"|\b(?:export|import|telechargement|chargement|requete|synchronisation|envoi)s? (?:\w+ )?expire",
    r"\b(?:doesn'?t|does not|don'?t|won'?t|will not|isn'?t|not|can'?t|cannot) (?:work|load|open"
    r"|sync|save|start|launch|connect|export|import)\w*",
    r"\berrors? ?\d{3}\b|\b(?:throws?|returns?|gives?|shows?) (?:an? |the )?(?:\w+ )?errors?\b",
    # "is down", "production down"; not "drop down", "slow down", "down the road"
    r"\b(?:is|are|went|goes|still|completely) down\b|\b(?:production|prod|site|server|app|api"
    r"|service|system|platform|website|login|sync|dashboard|checkout)s? down\b",
    # "another update that breaks everything", as "qui casse tout" below; not "it breaks
    # everything down into categories" (an app review's praise)
    r"\b(?:breaks|broke) (?:everything|it all|all)\b(?! (?:down|up|into|out)\b)",
    # "all my data is gone", "mes données ont disparu": data lost is a bug
    r"\b(?:data|files?|documents?|projects?|contacts?|records|notes|photos|history)(?: \w+){0,2}"
    r" (?:is|are|has|have|got)(?: been)? (?:gone|disappeared|vanished|wiped|deleted|lost)\b",
    r"\b(?:donnees|fichiers?|documents?|projets?|contacts?|notes|photos|historique)(?: \w+){0,2}"
    r" (?:a|ont|est|sont)(?: ete)? (?:disparu|efface|supprime|perdu)\w*",
    # a battery that drains: "La batería se agota en dos horas desde la actualización" read
    # praise and positive; "drains the battery", "vide la batterie"
    r"\b(?:battery|batterie|bateria|batteria|akku)\b(?: \w+){0,2} (?:drains|is draining"
    r"|dies|se agota|se descarga|se vide|si scarica|entladt sich|ist (?:\w+ )?leer|descarrega"
    r"|acaba)\b|\b(?:drains|vide|agota|scarica|descarrega) (?:the |my |la |ma |mi |a )?"
    r"(?:battery|batterie|bateria|batteria)\b",
    r"\bplant(?:e|ent|ee|age)\b",
    r"\bechou\w*",
    # (not "ne répond plus à nos besoins": a need the tool no longer meets, a verdict)
    r"\b(?:ne |n')?(?:marche|fonctionne|charge|repond|s'ouvre|se lance|demarre|s'affiche)\w*"
    r" (?:pas|plus)\b" + _NOT_TO_NEEDS,
    r"\ben panne\b|\bhs\b|\bcasse(?:e|s|es)?\b|\b(?:est|sont) (?:bloque|tombe)\w*",
    r"\b(?:erreur|timeout)s?\b",
    # a click that does nothing: "Quand je clique sur exporter, rien ne se passe", "Nothing
    # happens when I click Save", "Beim Klick passiert nichts" (not Spanish "no pasa nada": "no
    # worries")
    r"\bnothing happens\b|\brien ne se passe\b|\bil ne se passe rien\b|\bpassiert (?:gar )?nichts\b"
    r"|\bnon succede (?:niente|nulla)\b|\bnao acontece nada\b|\bnada acontece\b",
    # German, Spanish, Italian, Portuguese outages, as urgency reads them: "Plattform down",
    # "Plataforma caída", "se cayó", "fuera de servicio", "è giù", "fora do ar", "o sistema caiu"
    r"\bplattform down\b|\b(?:ist|sind) (?:\w+ ){0,3}(?:ausgefallen|nicht erreichbar)\b",
    r"\b(?:plataforma|sistema|servidor|servicio|web|pagina|aplicacion|app|api)s? (?:(?:esta|estan)"
    r" )?caid[oa]s?\b|\bse (?:ha |han )?(?:caido|cayo)\b|\bfuera de servicio\b",
    # (not "sono giù di morale": a mood)
    r"\b(?:sito|server|sistema|piattaforma|servizio|app|applicazione|api) (?:e|sono)"
    r" (?:di nuovo |completamente )?giu\b|\bfuori servizio\b|\bfora do ar\b|\bcaiu\b",
    # German, Spanish, Italian, Portuguese failures: "Der Export stürzt ab", "funktioniert nicht",
    # "se cuelga", "no funciona", "va in crash", "non si apre", "trava", "não abre"
    # (the separable verb's gap holds no denial: "stürzt nicht mehr ab", "hängt sich nie auf")
    r"\bsturz\w* (?:(?!nicht |nie |kein)\w+ ){0,4}ab\b|\babgesturzt\b"
    r"|\bschlagt (?:\w+ ){0,4}fehl\b"
    r"|\bhangt sich (?:(?!nicht |nie |kein)\w+ ){0,4}auf\b|\bhat sich (?:\w+ ){0,3}aufgehangt\b",
    # the subject may stand between verb and denial: "funktioniert die Suche nicht mehr"; not
    # "speichert nicht nur Texte"
    r"\b(?:funktionier|ladt|offnet|startet|synchronisiert|speichert)\w* (?:sich )?(?:\w+ ){0,3}"
    r"nicht\b(?! nur\b)|\bgeht (?:gar )?nicht\b",
    r"\bno (?:funciona|carga|abre|se abre|arranca|sincroniza|guarda|responde)n?\b|\bse (?:cuelga|bloquea"
    r"|congela|traba)n?\b|\bfalla(?:n)?\b|\bda (?:un )?error\b"
    r"|\b(?:deja|dejan|dejo|dejaron|ha dejado|han dejado) de funcionar\b",
    r"\bnon (?:funziona|carica|si carica|si apre|si avvia|parte|sincronizza|salva"
    r"|risponde)(?:no)?\b"
    r"|\b(?:va|vanno) in crash\b|\bsi blocca(?:no)?\b|\bfallisce\b|\bda errore\b"
    r"|\b(?:smette|smettono|ha smesso|hanno smesso) di funzionare\b",
    r"\bnao (?:funciona|carrega|abre|inicia|sincroniza|salva|responde)m?\b"
    r"|\btrav(?:a|am|ou|aram|ando)\b|\bfalha(?:m)?\b|\bda erro\b"
    r"|\b(?:para|param|parou|pararam|deixou|deixa) de funcionar\b",
    # what the writer cannot do, as "can't export": "sigo sin poder exportar", "continuo sem
    # conseguir exportar", "non riesco ancora ad esportare", "wir können nicht mehr exportieren"
    r"\b(?:no (?:puedo|podemos|se puede)|sin poder|nao (?:consigo|conseguimos)|sem conseguir"
    r"|non (?:riesco|riusciamo|si riesce)) (?:ancora |mas |mais |piu |mai )?(?:a |ad )?"
    r"(?:exportar|importar|abrir|guardar|salvar|sincronizar|cargar|carregar|esportare|importare"
    r"|aprire|salvare|sincronizzare|caricare)\b",
    r"\b(?:kann|konnen) (?:ich |wir |man )?(?:\w+ ){0,3}nicht (?:mehr )?(?:\w+ )?(?:exportieren"
    r"|importieren|offnen|speichern|synchronisieren|laden)\b",
    # broken, said in one word: "Export kaputt!!!", "Exportación rota.", "L'export è rotto.",
    # "Exportação quebrada." (read `other`); "rota", "rotta", "rotte" are also a route, a course:
    # only after a copula or a Spanish "-ción" noun
    r"\bkaputt\w*|\b(?:rotos?|rott[oi]|quebrad[oa]s?|quebrou|se rompio)\b"
    r"|\b(?:esta|estan|sigue|siguen) (?:completamente |totalmente |otra vez |de nuevo )?rotas?\b"
    r"|\b(?:e|sono|resta|restano) (?:completamente |totalmente |ancora |di nuovo )?rott[ae]\b"
    r"|\w+cion(?:es)? rotas?\b",
    # data gone: "Nach dem Update sind alle unsere Daten weg!", "tutti i nostri dati sono
    # spariti", "Perdemos todos os dados dos clientes"; the writer's work lost, as "lost all my
    # notes" ("Perdi todas as minhas fotos!" read praise 0.91)
    r"\b(?:sind|ist) (?:\w+ ){0,3}\w*daten (?:\w+ )?(?:weg|verschwunden|verloren)\b",
    r"\b(?:dati|datos|dados) (?:\w+ ){0,2}(?:sono spariti|sono scomparsi|han desaparecido"
    r"|sumiram|desapareceram)\b|\b(?:perdemos|perdimos|hemos perdido|he perdido|abbiamo perso"
    r"|ho perso|perdi) (?:\w+ ){0,3}(?:dados|datos|dati|fotos?|notas|note|arquivos|archivos"
    r"|ficheiros|file|faturas|facturas|fatture|documentos|documenti|mensagens|mensajes"
    r"|messaggi)\b",
)
_FAILS_RE = re.compile("|".join(f"(?:{pattern})" for pattern in _FAILS))
# A function that stopped: a verb of what the product does after "no longer", inside "ne … plus",
# before "nicht mehr", after "ya no" ("The planning module no longer saves the slots", "Le module
# de planning n'enregistre plus les créneaux", "El módulo de planificación ya no guarda las
# franjas" read `other`). No problem verb: "no longer crashes" is a problem over
# (analyzer/problems_over.py). Its subject may take more words than a failure's.
_STOPPED = (
    r"\bno longer (?:work|sav|sync|load|open|export|import|send|show|display|updat|calculat|print"
    r"|download|upload|start|launch|connect|refresh|record|generat|respond)\w*",
    r"\b(?:ne |n')(?:se |s')?(?:marche|fonctionne|enregistre|sauvegarde|synchronise|charge|ouvre"
    r"|affiche|envoie|exporte|importe|calcule|imprime|telecharge|demarre|lance|connecte|repond"
    r"|genere|actualise|met)\w* plus\b" + _NOT_TO_NEEDS,
    r"\b(?:funktionier|speicher|synchronisier|lad|offn|start|send|verschick|exportier|importier"
    r"|berechn|druck|aktualisier|zeig)(?:t|et|en) (?:sich )?(?:\w+ ){0,4}nicht mehr\b",
    r"\bya no (?:se )?(?:funciona|guarda|sincroniza|carga|abre|envia|muestra|exporta|importa"
    r"|calcula|imprime|descarga|arranca|inicia|conecta|actualiza|responde|genera)n?\b",
)
_STOPPED_RE = re.compile("|".join(f"(?:{pattern})" for pattern in _STOPPED))
# "We no longer export to CSV", "je n'exporte plus": the writer stopped, not the product
_THE_WRITER_BEFORE = re.compile(r"\b(?:we|i|you|they|je|j'|on|nous|vous|tu|ils|elles|wir|ich)\s+$")
# A condition, a question or a failure gone, or a contrast: not only a failure happening now.
_SAYS_MORE = re.compile(
    r"\?|\b(?:if|unless|in case|used to|no longer|not anymore|fixed|resolved|solved|but|except"
    r"|although|though|si(?! (?:blocca|apre|avvia|chiude|carica))|sauf|au cas|corrige\w*"
    r"|resolu\w*|regle\w*"
    # ("mais" at a clause's end is Portuguese "anymore": "O aplicativo não abre mais.")
    r"|mais(?!\s*(?:[.!?]|$))|sinon|pourtant|wenn|falls|aber|behoben|gelost|pero|arreglad\w*"
    r"|solucionad\w*|resuelt\w*|corregid\w*|risolt\w*|sistemat\w*|mas|porem|resolvid\w*"
    r"|corrigid\w*)\b"
)

# A regression: it worked before, so it fails now ("It was working perfectly before.", "Ça
# marchait parfaitement avant.", "It used to work perfectly with my old phone.", read praise 0.96).
# Its own words look back and praise; they are read whole.
_WORKED_BEFORE = re.compile(
    r"\b(?:was working|were working|worked|used to work|marchait|fonctionnait)"
    r" (?:\w+ )?(?:perfectly|fine|well|great|flawlessly|parfaitement|bien|nickel|impeccablement)"
    r" (?:before|until|avant|jusqu'a|(?:with|on) (?:my|our|the) (?:old|previous|former)"
    r"|(?:avec|sur) (?:mon |ma |notre |l')(?:ancien|ancienne|precedent|precedente)\b)\b"
)

# "You failed.", "they didn't connect": a person failed, a complaint, not a bug report; "lack of
# crashing" (a 5-star review's, measured): none
_NOT_A_FAILURE_BEFORE = re.compile(
    r"\b(?:you|u|they|he|she|we|i|vous|tu|ils|elles|nous)\s+$"
    r"|\b(?:lack of|absence of|free of|manque de|absence de)\s+$"
)


# What may stand before a repro without changing it: a greeting alone on its line ("Hey
# there,\n\nWhen I export…" read `other`, the repro alone bug_report), or a note's status that
# the problem persists ("Pas résolu. Quand j'exporte…": its "résolu" read as a fix told).
_GREETING_LINE = re.compile(
    rf"\s*{GREETING}(?:[ \t]+[^\s,!.:]+){{0,3}}[ \t]*[,!.:]?[ \t]*\n\s*", re.IGNORECASE
)
_STILL_UNSOLVED = re.compile(
    r"\W*(?:(?:still|toujours|immer noch|noch) )?(?:not|pas|nicht|toujours pas|no|non)"
    r" (?:(?:yet|encore) )?(?:resolved|fixed|solved|resolu\w*|regle\w*|corrige\w*|behoben"
    r"|gelost|resuelto|arreglado|risolto)\s*[.!:;,-]+\s*"
)


def after_the_opening(text: str) -> str:
    """The text after a greeting alone on its first line or opening its sentence ("Hello, the
    CSV export fails every time…" read `other`), or an opening "not resolved" status."""
    greeting = _GREETING_LINE.match(text)
    if greeting is not None:
        text = text[greeting.end() :]
    text = without_an_opening_greeting(text)
    status = _STILL_UNSOLVED.match(fold(text))
    if status is None:
        return text
    # the folded status is as long as the written one unless folding changed a length ("ﬁ")
    cut = status.end()
    return text[cut:] if fold(text[:cut]) == status.group() else text


def is_a_short_ticket(text: str) -> bool:
    """Whether the whole message is a few words, or a repro that opens with its setting ("When
    I export…", after a greeting or a "not resolved" status): where a failure statement is all
    it says."""
    words = len(text.split())
    repro = after_the_opening(text)
    return words <= MAX_TICKET_WORDS or (
        len(repro.split()) <= MAX_SETTING_TICKET_WORDS and _SETTING.match(fold(repro)) is not None
    )


@lru_cache(maxsize=256)
def states_a_failure(text: str, whole_ticket: bool = False) -> bool:
    """Whether the text is a few words that state something fails now ("Export fails", "l'import
    échoue", "production down") and neither deny it nor say more; `whole_ticket`: the text is
    all the ticket says, and may run to its words if it opens with the failure."""
    text = after_the_opening(text)
    folded = fold(text)
    words = len(folded.split())
    scoped = after_a_part_that_works(text) if words <= MAX_TICKET_WORDS else None
    if scoped is not None:  # "… are fine but the full export crashes": what the "but" scopes
        return states_a_failure(scoped)
    setting = whole_ticket and _SETTING.match(folded) is not None
    if words > (
        MAX_WORDS if not whole_ticket else MAX_SETTING_TICKET_WORDS if setting else MAX_TICKET_WORDS
    ):
        return False
    regression = _WORKED_BEFORE.search(folded)
    if regression is not None:
        rest = folded[: regression.start()] + " " + folded[regression.end() :]
        return not (
            denied(folded[: regression.start()]) or _SAYS_MORE.search(rest) or praises(rest)
        )
    # "no longer" looks back, but not in a function that stopped
    if _SAYS_MORE.search(_STOPPED_RE.sub(" ", folded)) or praises(folded):
        return False
    if any(
        _THE_WRITER_BEFORE.search(folded[: s.start()]) is None for s in _STOPPED_RE.finditer(folded)
    ):
        return True
    return any(
        not denied(before)
        and _NOT_A_FAILURE_BEFORE.search(before) is None
        and (words <= MAX_WORDS or setting or _opens_with_the_failure(before))
        for before in (folded[: cue.start()] for cue in _FAILS_RE.finditer(folded))
    )


def _opens_with_the_failure(before: str) -> bool:
    """Whether the words before a failure are only its subject: a few, or a longer one before a
    copula ("Accents like é and ü are broken")."""
    words = len(before.split())
    return (
        words <= MAX_WORDS_BEFORE
        or (words <= MAX_SUBJECT_WORDS and _COPULA_BEFORE.search(before) is not None)
        or _COMPLEMENTED_SUBJECT.match(before) is not None
    )
