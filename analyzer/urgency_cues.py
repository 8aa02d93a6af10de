"""Words that raise a message's urgency, in the supported languages, grouped by why they matter.
Each group has a weight: the chance, on its own, that the message needs action today. Two groups
are special: "scope" (all our users, production, the whole team) only counts beside an incident
(AMPLIFIED), and not where it is a blocker's subject ("the whole team is blocked"), and "not urgent" phrases (CALMING) are taken out before matching and lower urgency,
unless the text also reports an incident (UNCALMED). A failure told fixed or only feared is taken
out too (analyzer/settled_failures.py). The "churn" cues are analyzer/churn.py's:
the intent stage reads them too, with the same denials; the "wait" cue, a long wait for an answer,
is analyzer/grievance.py's."""

import re
from functools import cache, lru_cache

from analyzer.alternation import AnyPattern, any_of
from analyzer.churn import threatens_to_leave
from analyzer.deadlines import sets_a_deadline_with_stakes
from analyzer.exposures import PRIVATE_RECORDS, reports_an_exposure, said_as_fact
from analyzer.grievance import waits_long_for_an_answer
from analyzer.settled_failures import HYPOTHETICAL, RESOLVED, without_settled_failures

# Building blocks for cues that compose: phrase lists miss new wordings ("our API returns errors
# for every customer"), a failure word beside a reach, a repeat or a count does not. Each pair must
# sit in one sentence, a few words apart.
FAILURE = (
    r"(?:\bfail|\berror(?! message)|\bdown\b|\bbroken\b|\bcrash|\bfreez|\bplant(?:e|ent)\b|échou|\berreur|"
    r"en panne|\bindisponible|\bunavailable|se fige|"
    # German and Spanish: "schlägt … fehl" (the particle closes the clause), "stürzt ab", "falla"
    r"\bfehl\b|fehlgeschlagen|\babst[üu]rz|\bst[üu]rz\w*\b(?=(?: \w+){0,6}? ab\b)|\bausgefallen|"
    r"\bfall(?:a|an|ando|ó|aron)\b|\bse cuelga)"
)
REACH = (
    r"(?:every (?:single )?(?:customer|user|client)\b|everyone|everybody|company-wide|"
    r"all (?:of )?(?:our |the |my )?(?:users|customers|clients|integrations)\b|"
    r"tous (?:nos|les|mes) (?:clients|utilisateurs|comptes)\b|"
    r"toute (?:l'entreprise|la boîte|la société|l'équipe)|personne ne peut|"
    r"(?:bei |für |an )?allen? (?:unseren? |meinen? )?(?:kunden|nutzern?|benutzern?)\b|"
    r"tod[oa]s (?:nuestr[oa]s |mis |l[oa]s )?(?:clientes|usuari[oa]s)\b)"
)
EVERY_TIME = (
    r"(?:every (?:single )?time|each time|à chaque (?:fois|ouverture|lancement)|systématiquement)"
)
# A fault that is no failure word but harms whoever it reaches: "Notifications are sent twice to
# every customer", "the PDF attachments are empty for all our customers", "All our clients get a
# blank page". Only as a state or what people receive (not "a blank template for all users") and
# only beside a reach (FAULT_FOR_EVERYONE), not with "every time": "empty every time" is no crash.
_FAULTY = r"(?:empty|blank|missing|wrong|vides?|manquante?s?|erronée?s?|faux|fausses?)"
FAULT = (
    r"(?:\b(?:is|are|was|were|come out|comes out|arrive|arrives|show up|shows up|stay|stays|"
    r"appear|appears|turn up|turned up|look|looks|sont|est|arrivent|restent|sortent) (?:\w+ )?"
    + _FAULTY
    + r"\b(?! (?:a|an|the|some|out|about|our|their|your)\b)|\b(?:gets?|got|getting|receiv\w*|see|sees|saw|seeing|shown|sent|reçoi\w*|reçu\w*|voi\w*)"
    r" (?:(?:an?|the|une?|des|les|la|le) )?(?:\w+ )?"
    + _FAULTY
    + r"\b|\bwrong \w+ (?:is|are|was|were) "
    r"(?:shown|sent|displayed|charged|applied)|\b(?:sent|received|delivered|posted|got|gets|"
    r"receive|envoyée?s?|reçue?s?|reçoi\w*|env[ií]an?|enviad[oa]s|enviaron|envió|reciben|recibid[oa]s|recibimos|llegan|"
    r"verschickt|versendet|gesendet|zugestellt)\b(?: [\w']+){0,3}? (?:twice|two times|\d+ times|"
    r"en double|deux fois|dos veces|por duplicado|zweimal|doppelt)\b(?! (?:a|per|par|each|al|por|pro|am|im) (?:day|week|month|year|jour|semaine"
    r"|mois|an|d[ií]a|mes|año|tag|woche|monat|jahr)\b)"
    # the German verb closes the clause: "zweimal an alle Kunden verschickt"
    r"|\b(?:zweimal|doppelt)\b(?=(?: [\w']+){0,5}? (?:verschickt|versendet|gesendet|zugestellt)\b))"
)
# A server error code, however written: "error 500", "a 502 error", "HTTP 503", "500 Internal
# Server Error", "erreur 500", "Fehler 500", "errore 502", "erro 500". One feature failing for its
# writer, so a "not urgent" calms it (UNCALMED), and a team blocked by it is no outage's reach.
BARE_ERROR = (
    r"(?:\b(?:error|erreur|fehler|errore|erro)(?: ?code| http| serveur| del server)?[ :-]*50\d\b|"
    r"\b(?:http|status|statuscode|code)[ :-]*50\d\b|\b50\d[ -](?:server |serveur )?(?:errors?|erreurs?"
    r"|fehler|errori|errore|erros?)\b|\b(?:internal server error|erreur interne du serveur|interner "
    r"serverfehler|errore interno del server|error interno del servidor|erro interno do servidor)|"
    r"\b50\d (?:bad gateway|service unavailable|gateway time-?out))"
)
CHARGED = r"(?:\bcharged|\bbilled|débitée?s?|prélevée?s?|facturée?s?)"
REPEATS = r"(?:twice|thrice|(?:\d+|two|three|four|five) times|(?:deux|trois|quatre|cinq|\d+) fois)"
SOMEONE_ELSE = (
    r"\b(?:someone|somebody|a stranger|an? (?:former |ex-)?(?:admin|employee|colleague)|quelqu'un|"
    r"un (?:ancien )?(?:admin|employé|collègue))"
)
DELETED_WHAT = (
    r"(?:deleted|wiped|erased|supprimé|effacé)\w*\b[^.!?]{0,25}?"
    r"\b(?:users|accounts|data|customers|files|projects|comptes|utilisateurs|données|fichiers|projets)\b"
)
NEAR = r"[^.!?]{0,60}?"
# What the writer made or kept in the product: losing it is losing their work ("lost all my
# notes", "perdu toutes mes photos"). Lower case; FR with its accents.
USER_CONTENT_EN = (
    r"(?:data|files|work|photos|pictures|videos|history|notes|entries|progress|contacts|messages"
    r"|documents|docs|projects|tasks|records|invoices|recordings|drafts|backups|bookmarks|emails"
    r"|conversations|chats|playlists|saves|journals?|diary|lists|recipes|workouts)"
)
# The same in Spanish, Italian, Portuguese (orders lost are money: "perdiendo pedidos").
# Notes and messages are the writer's work as in English ("He perdido todas mis notas").
USER_CONTENT_ES = (
    r"(?:datos|archivos|proyectos|fotos|documentos|contactos|facturas|registros|notas|mensajes)"
)
USER_CONTENT_IT = r"(?:dati|file|progetti|foto|documenti|contatti|fatture|note|messaggi)"
USER_CONTENT_PT = (
    r"(?:dados|arquivos|ficheiros|projetos|fotos|documentos|contatos|contactos|faturas|registros"
    r"|notas|mensagens)"
)
USER_CONTENT_DE = (
    r"(?:daten|dateien|rechnungen|projekte|fotos|dokumente|kontakte|einträge|aufträge|notizen"
    r"|nachrichten|bilder)"
)
# The gap between a German auxiliary, its object and "verloren" holds no denial ("Wir haben
# keine Daten verloren").
_NOT_DENIED_DE = r"(?!(?:nicht|nie|keine?|kaum)\b)"
USER_CONTENT_FR = (
    r"(?:données|fichiers|travail|photos|vidéos|historique|notes|entrées|saisies|progression"
    r"|contacts|messages|documents|projets|tâches|factures|enregistrements|brouillons|sauvegardes"
    r"|favoris|conversations|listes|recettes|séances|journal)"
)
# A stretch of time lost: "lost a week of entries", "perdu deux mois de saisies".
_SPAN_OF_TIME_EN = (
    r"(?:(?:a|an|one|two|three|\d+|a whole|a full|whole|full) )?(?:\w+ )?"
    r"(?:hours|days?|weeks?|months?|years?) of "
)
_SPAN_OF_TIME_FR = r"(?:une|un|deux|trois|\d+) (?:\w+ )?(?:heures?|jours?|journées?|semaines?|mois|ans|années?) de "
# "lost my work phone" is no lost work
_NOT_CONTENT_AFTER = r"\b(?! (?:phone|laptop|computer|account|e-?mail|address|password|key|card)\b)"
# "Nobody on our team can sign in", "Personne dans la boîte n'arrive à se connecter", "Aucun de nos
# agents n'a accès": a reach that is the subject of a failure to get in. Not across a clause or
# "and" ("No one answers and I can't log in" is one writer), nor someone who cannot help.
_NOT_ACROSS = r"(?!\b(?:and|but|et|mais|help|tell|answer|explain|aider|répondre|expliquer)\b)"
_SAME_CLAUSE = r"(?:" + _NOT_ACROSS + r"[^.!?,;]){0,40}?"
_FEW_WORDS = r"(?:" + _NOT_ACROSS + r"[^.!?,;]){0,20}?"
NOBODY_EN = r"(?:\bnobody\b|\bno ?one\b|\bnone of (?:our|my|the|us)\b)"
ABLE_EN = r"(?:\bcan\b|\bcould\b|\bable to\b|\bmanag\w* to\b)"
ACCESS_EN = (
    r"(?:log ?(?:in|on)|sign ?in|access|connect|get in|work\b|use (?:the|our|it at all)|load|"
    r"open (?:the|our)|pay\b|place|check ?out)"
)
# "personne" the pronoun, not "une personne", "la personne"
NOBODY_FR = (
    r"(?:\bpersonne\b(?<!une personne)(?<!la personne)(?<!cette personne)(?<!chaque personne)|"
    r"\baucune? de (?:nos|mes|les) \w+)"
)
ACCESS_FR = r"(?:connect|accéder|travailler|bosser|utiliser|ouvrir|payer|commander|entrer)"
NOBODY_GETS_IN = (
    NOBODY_EN + _SAME_CLAUSE + ABLE_EN + _FEW_WORDS + ACCESS_EN,
    NOBODY_FR + _SAME_CLAUSE + r"(?:\bn'(?:a|ont) (?:plus )?accès|(?:\bne |\bn')(?:plus )?"
    r"(?:peu\w*|arriv\w*|parvi\w*|réussi\w*|a pu|ont pu)\b" + _FEW_WORDS + ACCESS_FR + r")",
)
# The same in German, Spanish, Italian and Portuguese: "Keiner kann sich einloggen", "Nadie
# puede entrar", "Nessuno riesce ad accedere", "Ninguém consegue acessar".
NOBODY_GETS_IN_OTHER = (
    r"(?:\bkeiner\b|\bniemand\b|\bkein (?:kunde|nutzer|benutzer|mitarbeiter)\b)(?: (?:von uns|im team|"
    r"mehr|bei uns))? (?:kann|können|konnte|konnten)(?: (?:sich|mehr|uns|noch|überhaupt|seit \w+"
    r"(?: \w+)?))* "
    r"(?:einloggen|anmelden|arbeiten|zugreifen|bezahlen|bestellen|rein\b)",
    r"\b(?:kann|konnte) sich (?:keiner|niemand)(?: (?:unserer|meiner|der) \w+| von uns| im team| bei "
    r"uns)? (?:mehr )?(?:einloggen|anmelden)",
    r"(?:\bnadie\b|\bning[úu]n (?:cliente|usuario|empleado)\b|\bninguno de (?:nuestros|mis|los) \w+)"
    r"(?: (?:del|de la|de los) \w+| de nosotros)?(?: m[áa]s)? (?:puede|pueden|consigue|logra)(?: m[áa]s)? (?:entrar|acceder|conectarse|"
    r"iniciar sesi[óo]n|loguearse|trabajar|usar|pagar|comprar)",
    r"(?:\bnessuno\b|\bnessun (?:cliente|utente|dipendente)\b|\bnessuno dei (?:nostri|miei) \w+)"
    r"(?: (?:del|della|dello|dell'|di) ?\w+)?(?: più)? (?:può|riesce)(?: più)? (?:ad? )?(?:accedere|entrare|collegarsi|connettersi|"
    r"lavorare|usare|pagare|fare (?:il )?login)",
    r"(?:\bningu[ée]m\b|\bnenhum (?:cliente|usu[áa]rio|utilizador|funcion[áa]rio)\b)"
    r"(?: (?:d[ao]s?|de) \w+| de n[óo]s)?(?: mais)? (?:consegue|pode)(?: mais)? (?:entrar|acessar|aceder|fazer login|logar|"
    r"trabalhar|usar|pagar)",
)
# A reach that is the subject of a blocker ("The whole team is blocked", "Toute l'équipe est
# bloquée"): beside a bare error code it is the blocker's reach, not an outage's (_scope).
BLOCKED = (
    r"\s+(?:is|are|was|were|has been|have been|got|gets|est|sont|a été|ont été|ist|sind|wird|werden|"
    r"está|están|estão|è|sono)\s+(?:(?:completely|totally|entirely|still|now|complètement|"
    r"totalement|toujours|encore|komplett|völlig|wieder|completamente|totalmente|ancora) )?"
    r"(?:blocked|stuck|bloquée?s?|blockiert|bloquead[oa]s?|bloccat[oaie]|parad[oa]s?)\b"
)

CUES: dict[str, tuple[float, tuple[str, ...]]] = {
    # A breach: someone got in, or data got out. Critical on its own, like lost data: the harm
    # is done and spreads until it is stopped.
    "security": (
        0.8,
        (
            r"(?:security|privacy) (?:issue|hole|breach|flaw|incident)",
            r"see (?:other|another) (?:\w+ )?(?:users|customers|companies|clients|people|accounts)",
            r"data (?:breach|leak)",
            # "leaked" data, not a memory leak
            r"(?:was|were|been|got|have|has) leaked",
            r"leak(?:ed|ing)? (?:our |my |the |all )?(?:data|customer|user|personal|emails|records)",
            r"hack(?:ed|er)",
            r"(?:account|password|data|server|system|credentials|card)s? (?:was |were |has been |"
            r"have been |got |is |are )?compromised",
            r"vulnerabilit",
            r"(?:someone|somebody|a stranger) (?:accessed|(?:logged|signed|got) in(?:to)? (?:my|our))",
            r"account (?:takeover|was taken over|hijacked)",
            r"anyone can (?:see|read|access|view|download|open)",
            r"(?:data|records|details|emails|information) (?:is |are |were |was )?(?:publicly )?"
            r"(?:exposed|public)\b",
            r"visibles? (?:par|pour) d'autres (?:comptes|clients|utilisateurs|entreprises)",
            r"faille de sécurité",
            r"fuite de données",
            r"\bfuit(?:é|ée|ées|és|ent)\b",
            r"piraté",
            r"(?:données|informations|fichiers|factures)\b[^.!?]{0,30}\bexposée?s\b",
            r"n'importe qui peut (?:voir|lire|accéder|consulter|télécharger|ouvrir)",
            r"quelqu'un (?:s'est connecté|a accédé|a piraté)",
            r"sicherheitslücke",
            r"gehackt",
            r"datenleck",
            r"hackeado",
            r"violación de datos",
            r"hackerato",
            r"violazione dei dati",
            # "Se han filtrado los datos" (not "he filtrado los datos por fecha": a filter),
            # "Die Daten wurden geleakt", "I dati sono trapelati", "Os dados vazaram"
            r"\bse (?:han|ha) filtrado|\bse filtr(?:aron|ó)\b|filtración de datos",
            r"\bgeleakt|daten\w*\b[^.!?]{0,30}\babgeflossen",
            r"\btrapelat[oaie]\b|fuga di dati",
            # "Es una fuga de datos" (not "una fuga de agua")
            r"\bfuga de (?:datos|información|informacion)",
            r"\bvazaram\b|\bvazad[oa]s\b|vazamento de dados",
            # "Unbefugte haben auf unsere Kundendaten zugegriffen", "acceso no autorizado a los
            # datos", "accesso non autorizzato", "acesso não autorizado", "Datenpanne"
            r"\bunbefugt\w*\b[^.!?]{0,40}\b(?:zugriff|zugegriffen)|datenpanne|datenschutzverletzung",
            r"\bacceso no autorizado|\baccesso non autorizzato|\bacesso não autorizado",
        ),
    ),
    # Money taken without consent: the writer needs it stopped today (high), one account at a time.
    "fraud": (
        0.55,
        (
            r"phishing",
            r"fraud",
            r"unauthori[sz]ed",
            r"(?:did ?n[o']t|never) authori[sz]e",
            r"without (?:my|our|any) (?:permission|consent|authori[sz]ation)",
            r"fraude",
            r"non autorisé",
            r"n'(?:ai|avons) (?:rien|jamais|pas) autorisé",
            r"sans (?:mon|notre) (?:accord|autorisation|consentement)",
            # "eine Abbuchung, die wir nie autorisiert haben", "que no autorizamos", "che non
            # abbiamo mai autorizzato", "que nunca autorizámos": the charge's relative clause
            r"(?:nicht|nie|niemals) autorisiert",
            r"ohne (?:meine|unsere) (?:erlaubnis|zustimmung)",
            r"(?:no|nunca) (?:(?:he|hemos) )?autori(?:zado|zamos|cé)",
            r"sin (?:mi|nuestro) (?:permiso|consentimiento)",
            r"non (?:ho|abbiamo) (?:mai )?autorizzato|mai autorizzato",
            r"senza (?:il )?(?:mio|nostro) (?:permesso|consenso)",
            r"(?:não|nunca) autoriz(?:ei|amos|ámos)",
            r"sem (?:a )?(?:minha|nossa) (?:permissão|autorização)",
        ),
    ),
    # Lost data: critical on its own (0.8 and the base make 0.83), the writer's work is gone.
    "data_loss": (
        0.8,
        (
            # one word may sit before the noun: "lost all our project data"
            r"\blost (?:all |every |"
            + _SPAN_OF_TIME_EN
            + r")?(?:of )?(?:my |our |the )?(?:\w+ )?"
            + USER_CONTENT_EN
            + _NOT_CONTENT_AFTER,
            r"data loss",
            # someone else deleted users or data: "Someone got admin access ... and deleted users"
            SOMEONE_ELSE + NEAR + DELETED_WHAT,
            r"deleted (?:all|everything)",
            # "All my invoices from last year were deleted": a short complement may follow
            r"(?:everything|all (?:my |our |the )?\w+(?: (?:from|of|in|since) [\w' ]{1,25}?)?) "
            r"(?:is|are|was|were|has|have) (?:been )?(?:gone|deleted|wiped|erased|lost)",
            # "every invoice from 2025 is gone"; not "if we lose the phone all our health records
            # from the app are lost" (a fear, mini-bar), so no gap after "all"
            r"every \w+\b[^.!?]{0,25}?\b(?:is|are|was|has) (?:been )?(?:gone|deleted|wiped|erased|lost)",
            USER_CONTENT_EN + r" (?:was|were|got|has been|have been) (?:deleted|wiped|erased|lost)",
            USER_CONTENT_EN + r" (?:has |have )?(?:disappeared|vanished)",
            # a corrupted database, not "the PDF comes out corrupted" (a blocker)
            r"(?:data|database|backups?)\b[^.!?]{0,20}\bcorrupt",
            r"corrupt(?:ed|s)? (?:all |my |our |the )?(?:data|database|backups?)\b",
            r"perte de données",
            r"\bperdu (?:tout |toutes? |tous |"
            + _SPAN_OF_TIME_FR
            + r")?(?:mes |nos |mon |ma |notre )?"
            r"(?:\w+ )?" + USER_CONTENT_FR + r"\b",
            r"tout (?:a été )?(?:effacé|supprimé)",
            r"(?:effacé|supprimé|perdu) (?:tous|toutes) (?:nos|mes|les)",
            r"tout a disparu",
            USER_CONTENT_FR + r" (?:ont|a) (?:été )?"
            r"(?:supprimée?s|effacée?s|perdue?s|disparue?s|supprimé|effacé|perdu|disparu)",
            r"datenverlust",
            # "Alle unsere Daten sind nach dem Update weg": a few words may sit in between
            r"(?:daten|dateien|projekte|fotos|einträge|rechnungen) (?:sind|ist|wurden|wurde)\b"
            r"(?:(?!nicht)[^.!?]){0,30}?\b(?:weg|verschwunden|gelöscht|verloren)\b",
            # "Nach dem Update sind alle unsere Daten weg", "Wir haben alle Kundendaten verloren"
            r"\b(?:sind|ist|wurden|wurde) (?:(?!nicht)\w+ ){0,3}(?:\w*daten|dateien|projekte|fotos)"
            r" (?:\w+ )?(?:weg|verschwunden|gelöscht|verloren)\b",
            # "Wir haben alle Kundendaten der letzten Woche verloren": a short complement may
            # follow the object
            r"\b(?:haben|habe|hat) (?:"
            + _NOT_DENIED_DE
            + r"\w+ ){0,3}\w*"
            + USER_CONTENT_DE
            + r" (?:"
            + _NOT_DENIED_DE
            + r"\w+ ){0,4}verloren\b",
            # "Die Synchronisierung hat alle unsere Projekte gelöscht", "se han borrado todos
            # nuestros datos", "ha cancellato tutti i nostri progetti", "apagou todos os nossos
            # dados": everything of the writer's deleted, as "deleted all our projects"
            # (done, not asked: "¿cómo elimino mis datos?" is a request)
            r"\b(?:hat|wurden) (?:alle|sämtliche) (?:unsere |meine )?\w*(?:daten|dateien|projekte"
            r"|rechnungen|fotos|dokumente|kontakte|einträge) gelöscht\b",
            r"\b(?:borrad[oa]s?|borr(?:ó|aron)|eliminad[oa]s?|elimin(?:ó|aron)|perdid[oa]s?|perd(?:ió"
            r"|ieron)) (?:tod[oa]s )?(?:l[oa]s |mis |nuestr[oa]s )?" + USER_CONTENT_ES + r"\b",
            r"\b(?:cancellat[oaie]|eliminat[oaie]|pers[oaie]|spariti|sparite|scompars[oaie]) "
            r"(?:tutt[ie] )?(?:i |le |gli )?(?:nostri |nostre |miei |mie )?"
            + USER_CONTENT_IT
            + r"\b",
            r"\b(?:apag(?:ou|aram|ad[oa]s)|exclu(?:iu|íram|iram|íd[oa]s)|delet(?:ou|aram|ad[oa]s)|perd(?:eu"
            r"|eram|id[oa]s)) (?:tod[oa]s )?(?:os |as )?(?:nossos |nossas |meus |minhas )?"
            + USER_CONTENT_PT
            + r"\b",
            r"pérdida de datos",
            r"\b(?:he|hemos|han|ha) perdido (?:todos )?(?:mis |nuestros |los |sus )?(?:\w+ )?(?:datos|archivos)",
            r"perd(?:í|imos) (?:todos )?(?:mis |nuestros |los )?(?:datos|archivos|fotos)",
            r"(?:datos|archivos|proyectos|fotos) (?:han )?desaparec",
            r"(?:dati|file|progetti|foto)\b(?:(?!non\b)[^.!?]){0,30}?\bsono (?:spariti|scomparsi|stati "
            r"(?:cancellati|eliminati|persi))",
            r"(?:ho|abbiamo) perso (?:tutti )?(?:i )?(?:miei |nostri )?(?:dati|file|progetti)",
            # "Perdi todas as minhas fotos", "Perdemos todas as faturas do último mês"
            r"\bperd(?:i|emos) (?:tod[oa]s )?(?:[oa]s )?(?:meus |minhas |nossos |nossas )?"
            + USER_CONTENT_PT
            + r"\b",
            r"(?:dados|arquivos|projetos) (?:sumiram|desapareceram)",
        ),
    ),
    "outage": (
        0.5,
        (
            # "is down", not "drop-down", "scroll down", "write down" nor "down the road"
            r"(?:is|are|was|were|went|been|being|goes|still|completely|totally|entirely|'s|’s) down\b"
            r"(?! the (?:road|line|list))",
            r"\bdown (?:for (?:everyone|everybody|all|hours|days)|since)",
            r"(?:system|site|app|server|service|api|platform|everything)s? (?:is |are )?down\b",
            r"nothing (?:works|is working|loads|is loading)",
            r"(?:production|prod) (?:is |was )?(?:blocked|down|stopped|halted)",
            # "Production is at a standstill", "the warehouse has ground to a halt": what
            # "steht still" says; not a project waiting on a budget ("until …")
            r"(?:production|prod|operations|warehouse|business|shop|store|everything|work)\b"
            r"[^.!?]{0,20}?\b(?:(?:is|are|was|were) (?:at|in) a (?:complete |total )?standstill"
            r"|(?:has|have|had) (?:ground|come) to a (?:complete |total )?(?:halt|standstill))"
            r"(?![^.!?]{0,20}\buntil\b)",
            # plural: a shop's payments failing, not one card declined
            r"payments (?:fail|are failing|failed|are (?:declined|rejected))",
            # not outages counted as a reason to leave ("too many outages"): past ones, and
            # "trop de pannes", its French twin, reads high (issue #2)
            r"(?<!too many )(?<!so many )outage",
            # a failure for everyone, in either order: "our API returns errors for every customer"
            FAILURE + NEAR + REACH,
            REACH + NEAR + FAILURE,
            FAULT + NEAR + REACH,
            REACH + NEAR + FAULT,
            r"won'?t let (?:me|us) (?:log ?in|sign ?in|connect)",
            r"not (?:loading|responding)",
            r"(?:site|app|service|server|platform|api|everything)s? (?:has been |have been |is |are |went )"
            r"?offline",
            r"(?:no|none of our) (?:customers?|users?|clients?) can",
            r"(?:nobody|no one) can",
            *NOBODY_GETS_IN,
            r"(?:can'?t|cannot|unable to) (?:log ?in|sign ?in|access|connect|login)",
            r"completely broken",
            BARE_ERROR,
            r"(?:site|app|service|server)s? (?:is|are) unavailable",
            r"en panne",
            r"paiements (?:échouent|sont refusés|ne passent plus)",
            # "la prod est tombée", "le serveur est complètement HS", "la production est bloquée"
            r"(?:prod|production|site|serveur|plateforme|appli|application|api)s? (?:est|sont) "
            r"(?:\w+ )?(?:tombée?s?|hs|down|à l'arrêt|inaccessibles?)\b",
            r"(?:prod|production) (?:est )?(?:bloquée|arrêtée)",
            r"impossible de (?:se connecter|me connecter|nous connecter|accéder)",
            r"hors service",
            r"plus personne ne peut",
            r"tout est cassé",
            r"aucun (?:de nos |de mes )?(?:clients?|utilisateurs?) ne peut",
            r"(?:plus )?rien ne (?:marche|fonctionne)",
            # not a need the tool no longer meets ("ne répond plus à nos besoins"): a verdict
            r"ne répond plus(?! (?:à|aux) (?:nos|mes|vos|ses|leurs|notre|mon|ma|votre|tous nos)"
            r" (?:besoins|attentes|exigences|usages|demandes))",
            # German, Spanish, Italian, Portuguese: "die ganze Plattform down", "Plataforma caída
            # para todos nuestros clientes", "il sito è giù", "o sistema caiu", "fora do ar"
            # (a noun English shares, "app", "server", needs a German verb: "The app slows down")
            r"(?:plattform|webseite|seite|dienst|alles\b|(?:server|system|app|api|portal|shop|website)"
            r"\w* (?:ist|sind|war|waren)\b)\w* (?:(?!nicht\b|kein\w*\b)\w+ ){0,5}?(?:down|offline|"
            r"ausgefallen|nicht (?:mehr )?erreichbar|tot)\b",
            r"\b(?:totalausfall|komplettausfall|serverausfall|systemausfall)",
            # "Der Server antwortet nicht mehr", "el servidor no responde", "il server non risponde"
            r"\b(?:server|plattform|dienst|api|app|portal|system|webseite|website)\w* (?:\w+ ){0,2}?"
            r"(?:antwortet|reagiert) (?:\w+ ){0,2}?nicht mehr\b",
            r"\b(?:servidor|sistema|plataforma|piattaforma|server|api|sito|site|aplicativo|aplicación"
            r"|applicazione)\w* (?:ya |já |più )?(?:no|non|não) (?:responde|risponde)\b",
            # "Unser gesamtes Team kann sich seit 8 Uhr nicht mehr einloggen"
            r"(?:kann|können|konnte|konnten) (?:mich|uns|sich)\b[^.!?,]{0,25}?\bnicht (?:mehr )?"
            r"(?:einloggen|anmelden|zugreifen)",
            # production stopped: "die Produktion steht still", "Produktionsstillstand", "la
            # produzione è ferma", "la producción está parada", "a produção está parada"
            r"\b(?:steht|stehen)\b(?:(?!nicht\b)[^.!?,]){0,40}?\bstill\b|stillstand\b",
            r"\b(?:produzione|producción|produção|operação|operación|operatività) (?:\w+ )?"
            r"(?:è|está|esta|sono|están) (?:\w+ )?(?:ferm[ao]|parad[ao]|detenid[ao]|bloccat[ao]|"
            r"bloquead[ao])\b",
            # payments failing: "keine Zahlungen mehr", "los pagos fallan", "i pagamenti non
            # passano", "os pagamentos não estão passando", "no podemos procesar ningún pago"
            r"\bkeine (?:zahlungen|bestellungen|buchungen) mehr|\bzahlungen (?:\w+ ){0,3}(?:schlagen "
            r"(?:\w+ )?fehl|werden abgelehnt|gehen nicht (?:mehr )?durch)",
            r"\b(?:los )?pagos (?:\w+ )?(?:fallan|no pasan|son rechazados|están fallando)|\bno "
            r"(?:podemos|pueden|puede|se pueden?) (?:procesar|cobrar|recibir) (?:ningún |los )?pagos?",
            r"\bpagamenti (?:\w+ )?(?:falliscono|non (?:passano|vanno)|vengono rifiutati)|\bnon (?:si )?"
            r"(?:riesce|riusciamo|riescono|può|possiamo) (?:più )?(?:a )?(?:effettuare|ricevere|"
            r"accettare|incassare|elaborare) (?:i |alcun |nessun )?pagament",
            r"\bpagamentos (?:\w+ ){0,2}(?:falham|falharam|estão falhando|não (?:estão )?(?:passando|passam)"
            r"|são recusados)|\bn[ãa]o (?:conseguimos|consegue|conseguem|podemos) (?:mais )?"
            r"(?:processar|receber|cobrar) (?:nenhum |os )?pagamentos?",
            r"(?:plataforma|sistema|servidor|servicio|web|sitio|p[áa]gina|aplicaci[óo]n|app|api)s? "
            r"(?:(?:est[áa]n?|sigue|siguen) )?(?:(?:totalmente|completamente|otra vez) )?ca[íi]d[oa]s?\b",
            r"\bse (?:ha |han |nos ha |nos han )?ca(?:[íi]d[oa]|y[óo]|yeron)\b(?! (?:el|la|los|las|un|una) )",
            r"\bca[íi]da (?:total|general|del (?:servicio|sistema|servidor))",
            r"fuera de servicio",
            r"no (?:puedo|podemos|pueden|puede) (?:entrar|acceder|iniciar sesi[óo]n|conectarme|"
            r"conectarnos|loguearme|loguearnos)",
            # (a noun English shares needs an Italian verb: "apparently down" is no "app")
            r"(?:piattaform[ae]|sistem[ai]|servizi[oi]|sit[oi]|applicazion[ei]|(?:server|app|api) "
            r"(?:è|sono))\b (?:(?:è|sono) )?(?:(?:completamente|totalmente|di nuovo) )?(?:down|giù|"
            r"offline|irraggiungibil[ei]|inaccessibil[ei])\b",
            r"fuori servizio",
            r"\bdisservizio",
            r"non (?:riesco|riusciamo|riescono|riesce) (?:più )?(?:ad? )?(?:accedere|entrare|"
            r"collegarmi|collegarci|connettermi|connetterci|fare (?:il )?login)",
            r"fora do ar",
            r"(?:plataforma|sistema|servidor|servi[çc]o|site|app|aplicativo|aplica[çc][ãa]o|api)s? "
            r"(?:(?:est[áa]|est[ãa]o) )?(?:(?:totalmente|completamente) )?(?:caiu|ca[íi]d[oa]|"
            r"inacess[íi]vel|indispon[íi]vel)\b",
            r"n[ãa]o (?:consigo|conseguimos|conseguem|consegue) (?:mais )?(?:entrar|acessar|aceder|"
            r"fazer login|logar)",
            *NOBODY_GETS_IN_OTHER,
            r"funktioniert nicht",
            r"(?:geht|funktioniert) (?:gar )?nichts mehr",
            r"no funciona",
            r"nada funciona",
            r"non funziona",
            r"niente funziona",
            r"não funciona",
        ),
    ),
    "money": (
        0.5,
        (
            r"charged (?:me )?twice",
            # "On nous a débité 3 fois", "billed our card 4 times"
            CHARGED + r"[^.!?]{0,40}?" + REPEATS,
            r"double[- ]charged",
            r"duplicated? (?:payment|charge)",
            r"overcharg",
            r"(?:want|need) (?:my|our) money back",
            r"dispute (?:the|this|a|that) (?:charge|payment|transaction)",
            r"los(?:e|ing) (?:\w+ (?:of )?)?(?:money|revenue|sales|orders)",
            r"lost (?:revenue|sales|money)",
            r"wrong (?:amount|charge|invoice)",
            r"chargeback",
            r"(?:fais|ferai|faire|faisons|ferons) opposition",
            r"perdu de l'argent",
            r"perd(?:ons|ez|ent|s)? (?:de l'argent|des ventes|des clients|des commandes|du chiffre)",
            r"perte de chiffre",
            r"(?:prélevée?s?|facturée?s?|débitée?s?) deux fois",
            r"costs? (?:me|us) (?:real )?money",
            r"doppelt (?:belastet|abgebucht|berechnet)",
            r"zweimal (?:belastet|abgebucht)",
            r"cobr(?:ado|aron|ou) (?:dos|duas) veces",
            r"cobrad[oa]s? (?:duas vezes|dos veces)",
            r"addebitat[oi] due volte",
            # "wir verlieren Umsatz", "stiamo perdendo vendite", "estamos perdiendo ventas",
            # "estamos perdendo dinheiro"; not "perdendo un po' di tempo"
            r"\bverlier\w* (?:\w+ ){0,3}(?:geld|umsatz|umsätze|kunden|bestellungen|aufträge|einnahmen)\b"
            r"|umsatzverlust|umsatzeinbu",
            r"\bperd(?:endo|iendo|emos|iamo|ono|en|em|o) (?:\w+ ){0,2}(?:vendite|soldi|denaro|clienti|"
            r"ordini|fatturato|ventas|dinero|clientes|pedidos|ingresos|vendas|dinheiro|faturamento|"
            r"receita|encomendas)\b",
        ),
    ),
    # A bug that stops the work, every time: a blocker for a team, a crash on every use of a
    # feature, an app that will not open. High on its own (0.5 and the base make 0.58), not
    # amplified by reach: "the whole team is blocked" is a bad day, not an outage.
    "blocker": (
        0.5,
        (
            # "it's a blocker for our renewal", not "a blocker label"
            r"(?:is|'s|’s|are|a real|a major|a big) (?:a |an |the )?(?:\w+ )?blockers?\b(?! label| tag)",
            r"\bblock(?:s|ing) (?:us|me|our|my|the (?:team|release|launch|closing))\b",
            r"(?:we are|we're|i am|i'm|team is|everyone is|we've been|i've been) "
            r"(?:completely |totally |still )?blocked\b",
            r"crash\w* (?:\w+ )?(?:every ?time|each time|whenever|as soon as|on (?:launch|startup|start))",
            r"(?:keeps|always) crashing",
            r"fails every ?time",
            # "The invoice PDF fails every single time", "l'appli se fige à chaque ouverture"
            FAILURE + r"[^.!?]{0,40}?(?<!not )" + EVERY_TIME,
            # "unusable offline, add an offline mode" asks for a feature
            r"\bunusable\b(?! without| offline)",
            r"\bcorrupt",
            r"won'?t (?:start|open|launch|load)\b",
            # not "unable to work to my full capacity" (an injury, CFPB)
            r"(?:can'?t|cannot|unable to) work\b(?! to (?:my|his|her|their|full))",
            r"(?:can'?t|cannot) (?:open|use|start) (?:the app|it|the \w+) (?:anymore|at all)",
            r"locked out",
            r"\bbloquant",
            r"(?:ça|cela|ce bug|qui|il) (?:nous )?bloque (?:notre|nos|mon|ma|mes|toute|le |la |l')",
            r"(?:suis|sommes|est|sont|êtes) (?:complètement |totalement |toujours )?bloquée?s?\b",
            r"bloquée?s? hors de",
            r"plante (?:à chaque|systématiquement|tout le temps|sans arrêt|en permanence|dès|au "
            r"(?:lancement|démarrage))",
            r"\binutilisable\b(?! sans| hors)",
            r"ne (?:démarre|s'ouvre|se lance) plus",
            r"impossible d'ouvrir",
            # "Die Synchronisierung schlägt jedes Mal fehl", "falla cada vez", "fallisce ogni
            # volta", "falha toda vez"
            r"(?:schlägt|stürzt|hängt)[^.!?]{0,30}\b(?:jedes mal|ständig|bei jedem|immer)\b",
            r"\b(?:falla|fallan|se cuelga|se cierra|se bloquea|fallisce|si blocca|si chiude|si pianta|va "
            r"in crash|falha|trava|crasha)\b[^.!?]{0,30}"
            r"\b(?:cada vez|siempre|ogni volta|sempre|toda vez|todas as vezes)\b",
            # "Das ist ein Blocker für unseren Release", "wir sind komplett blockiert", "siamo
            # bloccati", "es un bloqueo total", "estamos travados", "non possiamo lavorare"
            r"\b(?:ist|sind|ein|echter) (?:ein |der |das )?(?:\w+ )?blocker\b(?! label| tag)",
            r"\b(?:sind|bin|ist) (?:\w+ )?blockiert\b|\bblockiert (?:uns|mich|das team|unser)\b",
            r"\b(?:siamo|sono|sei) (?:\w+ )?bloccat[ie]\b|\bbloccante\b",
            r"\b(?:estamos|estoy|están) (?:\w+ )?(?:bloquead|travad)[oa]s?\b|\bbloqueante\b|"
            r"\b(?:es|é) um? bloqueio\b|\bestou travad[oa]\b",
            r"\b(?:wir können|ich kann|no podemos|no puedo|non possiamo|non posso|não podemos|não "
            r"posso|não conseguimos|não consigo) (?:\w+ ){0,3}?(?:mehr )?(?:arbeiten|trabajar|facturar|"
            r"lavorare|fatturare|trabalhar|faturar)\b",
        ),
    ),
    # Asking for a refund is a money matter, not an emergency: "refund pls", "IBAN per il rimborso".
    "refund": (
        0.2,
        (
            r"refund",
            r"rembours",
            r"reembolso",
            r"rimbors",
            r"erstattung",
        ),
    ),
    "deadline": (
        0.55,
        (
            r"\burgent",
            r"\basap\b",
            r"immediately",
            # "fix it right now", not "Right now I copy last month's invoice" (what they do today)
            r"right now(?! (?:i|we|it|there|the|you|they)\b)",
            r"as soon as possible",
            r"(?:by|before) (?:today|tomorrow|tonight|end of day|eod)",
            r"needs? (?:it|this|that|them) (?:today|tonight|now|by)",
            # "I need this report fixed today", "a client meeting in an hour"
            r"need\w* [^.!?]{0,40}\b(?:today|tonight|in an hour|within the hour)\b",
            r"(?:in|within) (?:an|the|one) hour\b",
            r"besoin (?:de (?:ça|cela|cet? \w+) )?(?:aujourd'hui|ce soir|maintenant)",
            r"\bemergency",
            r"au plus vite",
            r"immédiatement",
            r"dès que possible",
            r"en urgence",
            r"\burgence",
            r"(?:d'ici|pour) (?:ce soir|demain matin|la fin de (?:la )?journée)",
            r"dans une heure",
            r"avant (?:ce soir|demain)",
            r"(?:clôture|échéance|date limite) (?:de |d')?(?:ce soir|demain|aujourd'hui)",
            r"dringend",
            # "Eilt!", "es eilt", "ist eilig" (not "beeilt", "übereilt")
            r"\beil(?:t|ig)\b",
            r"sofort",
            r"urgente",
            # "so schnell wie möglich", "lo antes posible", "il prima possibile", "o mais rápido
            # possível", "con urgenza", "com urgência"; a need for today: "Mein Team braucht ihn
            # heute noch", "Mi equipo la necesita hoy"
            r"so schnell wie möglich|lo antes posible|lo más pronto posible|cuanto antes",
            r"il prima possibile|al più presto|quanto prima",
            r"o mais (?:rápido|breve|depressa) possível|o quanto antes",
            r"\burg(?:enza|encia|ência)\b",
            r"\bbrauch\w* [^.!?]{0,40}\b(?:heute|sofort)\b",
            r"\bnecesit\w* [^.!?]{0,40}\b(?:hoy|esta noche)\b",
            r"\bbisogno [^.!?]{0,40}\b(?:oggi|stasera)\b",
            r"\bprecis(?:o|a|amos|am) [^.!?]{0,40}\b(?:hoje|esta noite)\b",
            # a deadline today, not "bis heute keine Antwort", "até hoje" (to this day)
            r"\bbis (?:heute (?:abend|mittag|nachmittag)|morgen früh|spätestens (?:heute|morgen))\b",
            r"\bentro (?:oggi|stasera|domani mattina|fine giornata)\b",
            r"\b(?:antes de|para) (?:esta noche|mañana por la mañana|el final del día)\b",
            r"\baté (?:hoje à noite|amanhã de manhã|o fim do dia)\b",
        ),
    ),
}

# Someone else sees our records ("Other customers can see our invoices", "Otra persona puede ver
# los datos de nuestros clientes"): a breach only when said as a fact, as analyzer/exposures.py
# reads its own patterns: "If other users could see our data, we would leave." supposes one.
OTHERS_SEE_OURS = (
    r"\b(?:otra persona|alguien (?:más|ajeno)|otro (?:cliente|usuario)) (?:puede|pudo|podía)"
    r" (?:ver|leer|acceder a|abrir) (?:\w+ )?(?:l[oa]s |nuestr[oa]s |mis )?(?:\w+ )?"
    + PRIVATE_RECORDS,
    # other companies see ours, said as a fact (not "Can other users see my notes?"):
    # "Other customers can see our invoices", "Andere Kunden können unsere Rechnungen sehen"
    r"\b(?:other|d'autres|otr[oa]s|altr[ie]|outr[oa]s) (?:customers|users|companies|clients"
    r"|utilisateurs|entreprises|clientes|usuarios|usuários|utilizadores|empresas|clienti|utenti|aziende)"
    r" (?:can|could|peuvent|pouvaient|pueden|podían|possono|potevano|podem|conseguem) (?:\w+ )?"
    r"(?:see|read|access|view|open|voir|lire|accéder|ver|leer|acceder|vedere|leggere|accedere"
    r"|acessar|aceder)\b(?: to| à| a)? (?:our|my|nos|mes|nuestr[oa]s|mis|le nostre|i nostri|i miei"
    r"|le mie|as nossas|os nossos|as minhas|os meus) (?:\w+ )?" + PRIVATE_RECORDS,
    r"\bandere (?:kunden|nutzer|benutzer|firmen) (?:können|konnten) (?:\w+ )?(?:unsere|meine) "
    r"(?:\w+ )?\w*(?:daten|rechnungen|dateien|projekte|dokumente|kontakte|nachrichten|notizen)"
    r" (?:\w+ )?(?:sehen|lesen|einsehen|öffnen)\b",
)
OTHERS_SEE_OURS_RX = re.compile("|".join(f"(?:{pattern})" for pattern in OTHERS_SEE_OURS))

# How wide the harm is. Only counts beside an incident (AMPLIFIED): "all our users" in a feature
# request is no emergency, but an outage for all our users is.
# 0.55: an incident with its reach is critical on its own (0.5 and 0.55 with the base make 0.81),
# as "production down for everyone" is, whatever the models read.
SCOPE: tuple[float, tuple[str, ...]] = (
    0.55,
    (
        r"all (?:of )?(?:our |my |the )?(?:users|customers|clients|employees|staff|agents|stores)",
        r"for (?:everyone|everybody|every (?:call|request|user|customer))",
        r"(?:whole|entire) (?:team|company|office|organi[sz]ation|shop|store)",
        # a bare "production" is where most bugs are seen ("Error 500 in production"): no scope
        r"(?:all|whole|entire|our) (?:of )?(?:production|prod)\b",
        r"(?:nobody|no one) can (?:work|log ?in|access|use (?:the|our|it at all))",
        *NOBODY_GETS_IN,
        r"(?:no|none of our) (?:customers?|users?|clients?) can",
        r"aucun (?:de nos |de mes )?(?:clients?|utilisateurs?) ne peut",
        r"(?:completely|totally|entirely) down",
        r"every (?:single )?(?:customer|user|client)\b|company-wide",
        r"tous (?:nos|mes|les) (?:clients|utilisateurs|usagers|salariés|employés|collaborateurs)",
        r"toute (?:l'équipe|la boîte|l'entreprise|notre équipe|la société)",
        r"personne ne peut (?:travailler|bosser|plus)",
        r"allen? (?:unseren? |meinen? )?(?:nutzer|benutzer|kunden|mitarbeiter)",
        r"(?:das|unser|die|der) (?:ganze|gesamte|komplette)[sn]? (?:team|firma|unternehmen|betrieb|"
        r"produktion|belegschaft|büro)|die ganze firma|alle (?:unsere |meine )?kollegen",
        r"niemand kann (?:arbeiten|mehr)",
        r"tod(?:os|as) (?:nuestros |mis |los |las |os nossos |os meus |os )?"
        r"(?:usuarios|usuários|utilizadores|clientes|empleados|funcionários)",
        r"todo (?:el|nuestro|mi) equipo|toda (?:la|nuestra|mi) (?:empresa|oficina|compañía|plantilla)",
        r"toda a (?:nossa |minha )?(?:equipe|equipa|empresa)|todo o (?:nosso )?(?:time|pessoal)",
        r"nadie puede (?:trabajar|usar)|ninguém consegue",
        r"tutti (?:i nostri |i miei |gli )?(?:utenti|clienti|dipendenti)",
        r"tutto il (?:nostro |mio )?(?:team|personale|gruppo)|tutta (?:l'|la nostra )azienda|"
        r"tutto l'ufficio|nessuno può",
        *NOBODY_GETS_IN_OTHER,
    ),
)
# The writer says they are leaving: the cues, and the denials that cancel them ("I'd never switch
# tools"), are analyzer/churn.py's, the ones the intent stage reads.
CHURN_WEIGHT = 0.5
# A long wait for an answer ("Took 4 days to get an answer", "il a fallu 3 jours pour avoir une
# réponse": analyzer/grievance.py's wait): at least normal with the base and a complaint, as
# "We waited 3 days for a reply." reads; never high on its own (0.15 with the base and the
# strongest complaint and sentiment stays under 0.55).
WAIT_WEIGHT = 0.15
# Incidents whose reach matters: the groups a scope cue amplifies.
AMPLIFIED = frozenset({"outage", "data_loss", "money", "security", "fraud"})

# "Not urgent", in each language: taken out of the text before the cues are matched (so that
# "urgent" in "not urgent" raises nothing), and a message saying it calms its urgency.
CALMING = (
    r"(?:not|n't|isn'?t|no) (?:\w+ )?urgent",
    r"no (?:rush|hurry|urgency)",
    r"pas (?:\w+ )?urgent|pas d'urgence|aucune urgence|non[- ]urgente?s?",
    r"rien d'urgent",
    r"pas (?:\w+ )?pressée?s?",
    r"nicht (?:\w+ )?dringend",
    r"keine eile",
    r"no es urgente|nada urgente|sin prisa|(?:sin|ninguna) urgencia|no (?:es|hay) (?:de )?urgencia",
    r"non (?:è )?urgente|niente di urgente|senza fretta|nessuna urgenza|non c'è urgenza|non è (?:di )?urgenza",
    r"não é urgente|nada urgente|sem pressa|(?:sem|nenhuma) urgência|não (?:é|há) (?:de )?urgência",
)

# Incidents that a "not urgent" does not calm: "Not urgent but production is down", "No rush, but
# we are losing orders". A bare server error code is the writer's call ("Error 500. Not urgent, we
# have a workaround."), so it is left out.
UNCALMED = ("outage", "money", "data_loss", "security", "fraud")

# Substrings that every match of a group holds: the group's regex runs only on a text holding
# one. Python's re finds no literal prefix in alternations that open on a word boundary or a
# class, and these groups tried them at every position: the blocker group alone cost more than all
# the others did. A pattern added to one of these groups needs its substring here
# (tests/test_urgency.py checks the sentences it lists).
ANCHORS: dict[str, tuple[str, ...]] = {
    "security": (
        "security", "privacy", "see other", "see another", "data ", "leak", "hack", "compromised", "vulnerabilit", "someone",
        "somebody", "a stranger", "account ", "anyone can", "exposed", "visible", "public", "faille",
        "fuite", "fuit", "piraté", "exposée", "n'importe qui", "quelqu'un", "sicherheitslücke",
        "gehackt", "datenleck", "violación", "violazione", "filtr", "geleakt", "abgeflossen",
        "trapelat", "fuga di", "fuga de", "otra persona", "alguien", "otro ", "vaza", "unbefugt", "datenpanne", "datenschutzverletzung", "acceso",
        "accesso", "acesso", "other ", "autres ", "andere ", "otros ", "otras ", "altri ", "altre ",
        "outros ", "outras ",
    ),
    "fraud": (
        "phishing", "fraud", "authori", "autoris", "autoriz", "autoric", "without", "ohne", "sin ",
        "senza", "sem ",
    ),
    "blocker": (
        "block", "crash", "fails every", "unusable", "corrupt", "won't", "wont", "can't", "cant", "unable",
        "cannot", "locked out", "bloqu", "plante", " time", "à chaque", "systématiquement", "inutilisable", "ne démarre", "ne s'ouvre",
        "ne se lance", "impossible d'ouvrir", "jedes mal", "ständig", "cada vez", "siempre",
        "ogni volta", "sempre", "toda vez", "todas as vezes", "bei jedem", "immer", "blocc", "travad", "arbeiten",
        "trabajar", "facturar", "lavorare", "fatturare", "trabalhar", "faturar",
    ),
    "deadline": (
        "urgen", "asap", "immediate", "right now", "as soon as", "today", "tomorrow", "tonight",
        "end of day", "eod", "need", "emergency", "hour", "plus vite", "immédiatement",
        "dès que possible", "ce soir", "demain", "aujourd'hui", "fin de", "dans une heure",
        "besoin", "dringend", "eil", "sofort", "möglich", "posible", "antes", "presto", "prima",
        "possível", "urgê", "brauch", "necesit", "bisogno", "precis", "bis ", "entro ", "antes de ",
        "para ", "até ",
    ),
}  # fmt: skip

# The cues are written in lower case and matched against lower-cased text: three times faster
# than re.IGNORECASE over these alternations. Each group is searched pattern by pattern, each only
# on a text holding the fixed text it needs (analyzer/alternation.py): the same answer as
# the group's alternation, in a sixth of the time.
COMPILED: dict[str, tuple[float, AnyPattern]] = {
    group: (weight, AnyPattern(patterns)) for group, (weight, patterns) in CUES.items()
}
SCOPE_RX = AnyPattern(SCOPE[1])
BLOCKED_REACH_RX = re.compile("(?:" + "|".join(SCOPE[1]) + ")" + BLOCKED)
OUTAGE_BUT_BARE_ERROR_RX = AnyPattern(p for p in CUES["outage"][1] if p != BARE_ERROR)
CALMING_RX = re.compile("|".join(CALMING))
CALMING_ANY = AnyPattern(CALMING)
UNCALMED_RX = AnyPattern(p for group in UNCALMED for p in CUES[group][1] if p != BARE_ERROR)
# Whether `without_settled_failures` may blank anything: it leaves a text holding neither alone.
SETTLED_ANY = AnyPattern([HYPOTHETICAL.pattern, RESOLVED.pattern])


@lru_cache(maxsize=256)
def says_not_urgent(text: str) -> bool:
    """Whether the writer says it can wait: "Not urgent", "pas pressé", "nicht dringend"."""
    return CALMING_ANY.search(text.lower())


def outweighs_calm(text: str) -> bool:
    """Whether `text` reports an incident (outage, lost money or data, breach) that its "not
    urgent" does not calm."""
    incident = _incident_text(text)
    return UNCALMED_RX.search(incident) or reports_an_exposure(incident)


def _incident_text(text: str) -> str:
    """The lower-cased text the cues read: no "not urgent", no failure told fixed or feared."""
    lowered = text.lower()
    if CALMING_ANY.may_match(lowered):  # else the substitution changes nothing
        lowered = CALMING_RX.sub(" ", lowered)
    return without_settled_failures(lowered) if SETTLED_ANY.search(lowered) else lowered


def matched_cues(text: str, settled: bool = False) -> dict[str, float]:
    """The cue groups found in `text`, with their weights; "scope" only beside an incident.
    `settled`: a later part of the message tells the failure fixed ("Update: fixed now"), so no
    failure word of `text` counts; a threat to leave or a long wait still does."""
    return dict(_matched_cues(text, settled))


def _may_match(group: str, lowered: str) -> bool:
    anchors = ANCHORS.get(group)
    if anchors is None:
        return True
    return _anchors_rx(anchors).search(lowered) is not None


@cache
def _anchors_rx(anchors: tuple[str, ...]) -> re.Pattern[str]:
    """Whether a text holds any of `anchors`, in one pass (compiled on first use: the tests swap
    ANCHORS)."""
    return any_of(anchors)


# Cached: the urgency stage reads each insight and the whole text, which is the insight itself in
# most tickets, and the gratitude rule reads the spans that thank.
@lru_cache(maxsize=256)
def _matched_cues(text: str, settled: bool = False) -> tuple[tuple[str, float], ...]:
    lowered = "" if settled else _incident_text(text)
    found = {
        group: weight
        for group, (weight, rx) in COMPILED.items()
        if _may_match(group, lowered) and rx.search(lowered)
    }
    # "Plus rien ne marche... inutilisable": an outage and a blocker in one text are one incident
    # told twice, not two chances that it is urgent.
    if "outage" in found:
        found.pop("blocker", None)
    # "we need it fixed by Friday, otherwise our audit fails": a day named, and what missing it costs
    if "deadline" not in found and sets_a_deadline_with_stakes(lowered):
        found["deadline"] = CUES["deadline"][0]
    # someone else sees our records, said as a fact ("Another user can see my customers' data"):
    # analyzer/exposures.py, which the intent and sentiment stages read too; not asked, denied or
    # supposed ("No other user can see our data")
    if "security" not in found and (reports_an_exposure(lowered) or others_see_ours(lowered)):
        found["security"] = CUES["security"][0]
    if threatens_to_leave(text):
        found["churn"] = CHURN_WEIGHT
    if waits_long_for_an_answer(text):
        found["wait"] = WAIT_WEIGHT
    if found.keys() & AMPLIFIED and _has_scope(lowered, found):
        found["scope"] = SCOPE[0]
    return tuple(found.items())


def others_see_ours(lowered: str) -> bool:
    """Whether the lower-cased text says, as a fact, that someone else sees our records."""
    return any(said_as_fact(lowered, cue.start()) for cue in OTHERS_SEE_OURS_RX.finditer(lowered))


def _has_scope(lowered: str, found: dict[str, float]) -> bool:
    """Whether the incidents found have their reach in `lowered`. A bare error code ("I get an
    error 500 every time I open the export") is one feature failing for its writer: a team
    blocked by it ("The whole team is blocked.") is a blocker's reach, which stays high however
    many cues add up; a site down or data lost for the whole team is an incident's."""
    if not SCOPE_RX.search(lowered):
        return False
    bare_error = found.keys() & AMPLIFIED == {"outage"} and not OUTAGE_BUT_BARE_ERROR_RX.search(
        lowered
    )
    return not bare_error or SCOPE_RX.search(BLOCKED_REACH_RX.sub(" ", lowered))
