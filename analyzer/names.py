"""Person names where tickets and call notes put them: greetings, sign-offs, self-introductions,
titles, whom a call was with, who said what, and the support agent thanked.
A rule pass costs microseconds, so it can run on the real-time tagging path; spaCy NER
(analyzer/stages/redact.py) finds more, at a few milliseconds a text."""

import re
from collections.abc import Callable
from functools import lru_cache

from analyzer import name_lists
from analyzer.accents import loose
from analyzer.honorifics import redact_titled_names
from analyzer.keywords import Keywords, holds, lowered
from analyzer.letters import LOWER, UPPER
from analyzer.organisations import TRADE_WORDS, names_no_person
from analyzer.person_names import mask_names, names_regex, word_pattern

# Words that follow a greeting or a sign-off but are not names.
_NOT_NAMES = (
    r"(?:Team|Teams|Support|All|Everyone|There|Guys|Folks|Sir|Madam|Again|Equipe|Équipe|Tous|"
    r"Toutes|Madame|Monsieur|Messieurs|Mesdames|Beaucoup|Encore|Zusammen|Equipo|Todos|Mille|Tutti|"
    r"Equipa|"
    # greetings and thanks: "Merci\nMerci, ça remarche" (a review's title over its text) read
    # the second "Merci" as the name signing the first
    r"Thanks|Thank|Merci|Cheers|Danke|Gracias|Grazie|Obrigado|Obrigada|Hello|Hi|Hey|Bonjour|"
    r"Bonsoir|Salut|Coucou|Hallo|Hola|Ciao|Olá|"
    # days and months that are not also first names (April, May, June, August are)
    r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|July|"
    r"September|October|November|December|Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|"
    r"Sonntag|"
    # companies and products customers thank or blame by name ("Thanks Google for nothing"); none
    # is also a first name. A workspace adds its own through the `not_names` setting.
    r"Google|Apple|Microsoft|Amazon|Samsung|Huawei|Xiaomi|Facebook|Instagram|WhatsApp|Android|"
    r"iPhone|iPad|Netflix|Spotify|PayPal|Stripe|Revolut|Uber|Airbnb|Zoom|Slack|Dropbox|Outlook|"
    r"Gmail|Chrome|Firefox|Safari|Shopify|Salesforce|Zendesk|Intercom|HubSpot|Jira|GitHub|Notion|"
    r"Trello|Fitbit|Strava)\b"
)
# A capitalised word of a name, in any script ("Weiß", "Paweł", "Dvořák", "Ødegaard"), or an
# initial; whole: never followed by a letter, so a name is masked whole or not at all (a letter
# the word could not read left "[NAME]ß" of "Weiß").
_WORD = rf"(?:{UPPER}{LOWER}*(?:['’-]{UPPER}?{LOWER}+)*|{UPPER}\.)(?![^\W\d_])"
# A French surname's particle, which stays with the name it opens: "Jean-Baptiste de La Fontaine",
# "Marie-Hélène d'Arcy", "Anne du Bellay" (lower case: "Dupont De Paris" is rare, "de la banque"
# has no capital after it).
_PARTICLE_TAIL = rf"(?:[ \t](?:de[ \t]La|de[ \t]la|de|du|des)[ \t]|[ \t]d['’](?={UPPER}))"
# One word after the particle: a second capitalised word makes it a company's or a place's name
# ("Zoé Martin de Quasar Widgets" keeps "de Quasar Widgets").
_SURNAME_TAIL = rf"(?:{_PARTICLE_TAIL}(?!{_NOT_NAMES}){_WORD}(?![ \t-]+{UPPER}))"
_NAME = rf"(?!{_NOT_NAMES}){_WORD}(?:[ -](?!{_NOT_NAMES}){_WORD}){{0,2}}{_SURNAME_TAIL}?"
_SHORT_NAME = rf"(?!{_NOT_NAMES}){_WORD}(?:[ -](?!{_NOT_NAMES}){_WORD})?"  # first name, surname
_LEAD = (
    r"(?:my name is|my name's|je m'appelle|je m’appelle|mon nom est|je me nomme|ich heiße|"
    r"ich heisse|mein name ist|me llamo|mi nombre es|mi chiamo|il mio nome è|meu nome é|me chamo|"
    r"(?:Mr|Mrs|Ms|Miss|Dr|Mme|Mlle|Herr|Frau|Sr|Sra)\.?|(?-i:(?<![\w.])M\.)|"
    r"Madame|Monsieur|Mademoiselle|Señor|Señora|Señorita|Signor|Signora|Senhor|Senhora)"
)
_GRUSS = r"gr(?:ü|ue)(?:ß|ss)"  # Gruß, Grüße; Swiss and ASCII spellings Grüsse, Gruesse
# Closing and opening words, shared with segmentation (a line of them alone is not an insight) and
# with normalisation (analyzer/signatures.py: a closing line above a signature cuts it). Accents
# optional, as people type them ("bien a vous", "bonne journee"), and the French shorthands
# ("Cdlt", "Bàv").
_FRENCH_SIGN_OFF = (
    r"merci beaucoup|merci d['’]avance|merci|bien cordialement|cordialement|bien cdlt|cdlt|cdt|"
    r"bien à vous|bàv|salutations|bonne journée|bonne soirée"
)
_DUTCH_POLISH_NORDIC_SIGN_OFF = (
    r"met vriendelijke groet(?:en)?|vriendelijke groet(?:en)?|hartelijke groet(?:en)?|groetjes|"
    r"groeten|groet|mvg|serdecznie pozdrawiam|pozdrawiam|pozdrowienia|z poważaniem|"
    r"med vänliga hälsningar|vänliga hälsningar|hälsningar|med venn?lig hilsen|venn?lig hilsen|"
    r"hilsen|mvh"
)
SIGN_OFF = loose(
    r"(?:thanks a lot|thanks in advance|many thanks|thanks|"
    r"thank you|regards|best regards|kind regards|warm regards|best wishes|best|cheers|yours sincerely|"
    rf"sincerely|{_FRENCH_SIGN_OFF}|"
    rf"mit freundlichen {_GRUSS}en|freundliche {_GRUSS}e|viele {_GRUSS}e|beste {_GRUSS}e|"
    rf"liebe {_GRUSS}e|{_GRUSS}e|{_GRUSS}|vielen dank|danke|"
    r"un saludo|saludos cordiales|saludos|atentamente|muchas gracias|gracias|"
    r"cordiali saluti|distinti saluti|saluti|grazie mille|grazie|"
    r"atenciosamente|um abraço|abraços|cumprimentos|obrigado|obrigada|"
    # the Spanish, Italian and Portuguese "Cordialmente," and the Portuguese letter's close
    rf"cordialmente|com os melhores cumprimentos|melhores cumprimentos|un cordiale saluto|"
    rf"mit besten {_GRUSS}en|herzliche {_GRUSS}e|sch(?:ö|oe)ne {_GRUSS}e|"
    # Dutch, Polish, Swedish, Norwegian, Danish: their texts are `und`, their signers people
    rf"{_DUTCH_POLISH_NORDIC_SIGN_OFF})"
)
_FRENCH_GREETING = r"bonjour|bonsoir|salut|coucou|cher|chère"
GREETING = loose(
    r"(?:hi|hello|hey|dear|good morning|good afternoon|good evening|"
    rf"{_FRENCH_GREETING}|hallo|hola|ciao|olá|"
    r"guten (?:tag|morgen|abend)|sehr geehrte[rs]?|liebe[rs]?(?!\s+gr[üu])|moin|servus|grüß gott|"
    r"buen(?:os|as) (?:días|dias|tardes|noches)|estimad[oa]s?|querid[oa]s?|"
    r"bom dia|boa (?:tarde|noite)|prezad[oa]s?|buongiorno|buonasera|salve|gentil[ei]|egregi[oa]|"
    r"car[oai]|"
    # formal letters: "Madame, Monsieur,", "Dear Sir or Madam,", "To whom it may concern:"
    r"madame,?\s+monsieur|mesdames,?\s+messieurs|madame|monsieur|"
    r"dear sir or madam|to whom it may concern)"
)

# A name in capitals, as forms and letters type it after a title ("Mr DIDA", "My name is JEAN
# DUPONT"): only after those cues, and of 3 letters or more ("miss US Airways" names a company).
_CAPITALS_NAME = rf"{UPPER}{{3,}}(?![^\W\d_])(?:[ -]{UPPER}{{3,}}(?![^\W\d_])){{0,2}}"
# A title typed in capitals goes with a name in capitals only ("MR DIDA", "NOM : MS DUPONT"):
# before a capitalised word it is a product's prefix ("MS Project", "MS Office", "DR Congo").
_CAPITALS_TITLE = rf"(?-i:(?:MR|MRS|MS|MISS|DR|MME|MLLE|HERR|FRAU|SR|SRA)\.? {UPPER}{LOWER})"
# Each pattern: group 1 is the cue (kept), group 2 the name (replaced).
INTRODUCED = re.compile(
    rf"(\b(?!{_CAPITALS_TITLE}){_LEAD} )((?-i:{_NAME}|{_CAPITALS_NAME}))", re.IGNORECASE
)
# A sign-off's name ends the message, or comes before contact details ("Marie, [PHONE]").
SIGNED = re.compile(
    rf"(\b{SIGN_OFF}[,!.]?\s*\n?\s*-?\s*)((?-i:{_NAME}))(?=\s*(?:$|[,;\n(]|\[))", re.IGNORECASE
)
# A longer closing line ("Thanks for your help,", "Merci d'avance pour votre retour.") with the
# name alone on the next line; or, whatever the closing words, a name alone on the last line
# after a line ending in a comma ("Bonne soirée,\nLaure").
SIGNED_BELOW = re.compile(
    rf"(\b{SIGN_OFF}\b[^\n]{{0,48}}\n\s*-?\s*)(?!{SIGN_OFF}\b)((?-i:{_NAME}))"
    rf"(?=\s*(?:$|[,;\n(]|\[))",
    re.IGNORECASE,
)
CLOSED = re.compile(rf"(,[ \t]*\n\s*-?\s*)((?-i:{_NAME}))(?=\s*$)")
# A signature's label: "Signé : François Lefèvre", "Signed: Anna", "Signed by Tom Hale", "signé
# par Marie", "Signature : Paul" (a colon or by/par: "we signed Acme" names a customer).
SIGNATURE_CUE = r"(?:sign(?:é|ée|ed)(?:[ \t]*:|[ \t]+(?:par|by)\b)|signature[ \t]*:)"
SIGNED_AS = re.compile(
    rf"(\b{SIGNATURE_CUE}[ \t]*)((?-i:{_NAME}))(?=\s*(?:$|[,;.\n(]|\[))", re.IGNORECASE
)
# An e-mail's signature dash, then the name, at the message's end: "-- Anna", "— Marc Dupont".
DASHED = re.compile(rf"((?:^|\n|[.!?…][ \t]+)[ \t]*(?:--|—|–)\s*)((?-i:{_NAME}))(?=[ \t.]*$)")
# A closing sentence signed by two people, ending the message: "Please help, José & Zoë.",
# "Merci, Paul et Marie !", "Cheers, Ann & Bo": closing words, a comma, two names joined by &,
# and, et, und, y, e ("Great app, Excel & Word." has no closing words).
_CLOSING = rf"(?:{SIGN_OFF}|{GREETING}|please help|help please|please advise|aidez-(?:nous|moi))"
_PAIR = rf"(?-i:{_SHORT_NAME})\s*(?:&|\+|\band\b|\bet\b|\bund\b|\by\b|\be\b)\s*(?-i:{_SHORT_NAME})"
PAIR_CLOSING = re.compile(
    rf"((?:^|[.!?…\n])[ \t]*{_CLOSING},[ \t]*)({_PAIR})(?=[ \t]*[.!]*[ \t]*$)", re.IGNORECASE
)
# Informal French sign-offs before a first name: "Bises, Camille", "A+ Julien", "à plus, Léa";
# at a sentence's or a line's start ("note A+" ends no message).
_INFORMAL_SIGN_OFF = r"(?:grosses bises|bises|bisous|biz|a\+|à\+|@\+|a plus|à plus)"
INFORMALLY_SIGNED = re.compile(
    rf"((?:^|[.!?…,\n])[ \t]*{_INFORMAL_SIGN_OFF}[,!.]?[ \t]*\n?[ \t]*-?[ \t]*)"
    rf"((?-i:{_NAME}))(?=\s*(?:$|[,;\n(]|\[))",
    re.IGNORECASE,
)
GREETED = re.compile(rf"^(\s*{GREETING}\s+)((?-i:{_NAME}))(?=\s*[,!\n])", re.IGNORECASE)
# After a French closing or opening, the words that end or open the message are a name in any
# case, as people type them: "cordialement\nmarie dupont", "Cdlt,\nJEAN", "bonjour marie,". Only
# after a comma or a line break ("merci pour votre aide" goes on with the sentence), never a cue
# itself ("merci,\nbonne journée") nor a common word ("merci, à bientôt": see _is_plain_word).
_ANY_CASE_WORD = r"[^\W\d_]+(?:['’-][^\W\d_]+)*"
_CUE = rf"(?:{SIGN_OFF}|{GREETING})\b"
SIGNED_ANY_CASE = re.compile(
    rf"(\b(?:{loose(_FRENCH_SIGN_OFF)})[ \t]*(?:,[ \t]*\n?|\n)\s*-?\s*)"
    rf"(?!{_CUE})({_ANY_CASE_WORD}(?:[ \t]+{_ANY_CASE_WORD}){{0,2}})"
    r"(?=[ \t.!]*(?:$|[,;(\n]\s*\[))",
    re.IGNORECASE,
)
GREETED_ANY_CASE = re.compile(
    rf"^(\s*(?:{loose(_FRENCH_GREETING)})[ \t]+)(?!{_CUE})({_ANY_CASE_WORD})(?=[ \t]*[,!\n])",
    re.IGNORECASE,
)
# "Thanks Tom!", "merci Camille !": a thanked name before an exclamation mark.
THANKED = re.compile(
    rf"(\b(?:thanks|thank you|merci|danke|gracias|grazie|obrigado) )((?-i:{_NAME}))(?=\s?!)",
    re.IGNORECASE,
)
# "Thanks so much Sarah for your help", "thank you to Tom for", "danke Anna für": a name between
# thanks and what for.
THANKED_FOR = re.compile(
    r"(\b(?:thanks|thank you|merci|danke|gracias|grazie|obrigad[oa])"
    r"(?: so much| very much| a lot| again| beaucoup| vielmals| mille)?(?: to| à| an| a)?,? )"
    rf"((?-i:{_SHORT_NAME}))(?=,? (?:for|pour|für|por|per)\b)",
    re.IGNORECASE,
)
# "Merci beaucoup à Julien": in French the one thanked follows "à" ("merci à tous" is lowercase).
THANKED_A = re.compile(
    rf"(\bmerci(?: beaucoup| bien| encore| mille fois)? à )((?-i:{_SHORT_NAME}))", re.IGNORECASE
)
# "My colleague Anna Schmidt", "ma collègue Sophie Bernard", "mein Kollege Jonas".
COLLEAGUE = re.compile(
    r"(\b(?:colleague|co-?worker|collègue|kollege|kollegin|colega|collega)s?\s+)"
    rf"((?-i:{_SHORT_NAME}))",
    re.IGNORECASE,
)
# "and cc Emma Lindqvist", "CC: Tom": lowercase cc, or any case before a colon ("Adobe CC Pro" is a
# product).
CC = re.compile(rf"((?:\bcc(?:['’]d|ed|ing)?\b[ \t]*:?|\b(?:Cc|CC)[ \t]*:)[ \t]*)((?-i:{_NAME}))")
# A label for a person, then the name alone: "Account owner: Priya Raman", "Contact : Sophie
# Bernard, …". "Name:" only at a line's start or after a person's word ("File name: Report.").
_PERSON_LABEL = (
    r"(?:\b(?:(?:account |project |workspace )?owner|contact(?: person)?|point of contact|"
    r"requester|requested by|reported by|submitted by|assignee|assigned to|nom(?: complet)?|"
    r"prénom|propriétaire|titulaire|interlocut(?:eur|rice)|ansprechpartner(?:in)?|"
    r"kontaktperson|nombre|contacto|nome|referente)|"
    r"(?:(?<![^\n])|(?<=full )|(?<=your )|(?<=my )|(?<=customer )|(?<=client )|(?<=contact ))name)"
)
LABELLED = re.compile(
    rf"({_PERSON_LABEL}[ \t]?:[ \t]*)((?-i:{_NAME}))(?=[ \t]*(?:$|[,;\n(\[]|\.(?:\s|$)))",
    re.IGNORECASE,
)
# Words that open a call note ("Renewal call with …", "Appel découverte avec …"); shared with
# segmentation, which drops such a header when the note says more.
CALL_WORDS = r"(?:call|meeting|demo|QBR|check-in|appel|réunion|rendez-vous|visio|entretien)"
# Call notes: "call with Ryan at Ridgeline", "Appel découverte avec Thomas (Maison Perrin)". Only
# after a call word: "sync with Google Calendar (beta)" names a product, not a person.
MET = re.compile(
    rf"(\b{loose(CALL_WORDS)}\b[^.\n]{{0,24}}?"
    rf"\b(?:with|avec) )((?-i:{_NAME}))(?=\s+(?:at|chez)\s+{UPPER}|\s*\()",
    re.IGNORECASE,
)
# "Ryan raised this", "Pierre a remonté ceci", "Camille du support", "follow-up call from Yanis".
_REPORTS = (
    r"(?:raised (?:this|that|the (?:point|issue|question)|a (?:concern|point|question))|"
    r"from support|from the support|a remonté|du support)"
)
# Accents optional: call notes typed without them say "Sarah a remonte ceci".
REPORTED = re.compile(rf"((?:^|(?<=[\s.,:;(«\"“])))((?-i:{_NAME}))(?= {loose(_REPORTS)}\b)")
CALLED = re.compile(
    rf"(\b(?:follow-up call|call-back|callback|rappel) (?:from|de) )((?-i:{_NAME}))\b",
    re.IGNORECASE,
)
# Who said a quote in call notes: "Harbourline Consulting. Nina: \"…\"", "Agence Brume. Sarah : « … »".
_NOT_SPEAKERS = (
    r"(?:Error|Erreur|Warning|Avertissement|Message|Note|Update|Status|Statut|Result|Résultat|"
    r"Response|Réponse|Answer|Question|Subject|Objet|Title|Titre|Verbatim|Quote|Citation|Comment|"
    r"Commentaire|Feedback|Output|Input|Log|Logs|Exception|Code|Text|Texte|Label|Value|Valeur|"
    r"Ticket|Action|Next|Summary|Résumé|Issue|Problem|Problème|Request|Demande|Client|Customer)\b"
)
SPEAKER = re.compile(rf"([.!?] )(?!{_NOT_SPEAKERS})({UPPER}{LOWER}{{2,}})(?=\s?:\s*[\"«“])")

# A first name and a surname (2-3 words, "Jean-Pierre Martin", "Charles de Gaulle"), for cues that
# also introduce products and places ("This is Slack integration", "ici Paris", "Je suis Premium").
_PARTICLES = r"(?:de|du|des|de la|van|von|der|den|di|da|del|le|la)"
_NEXT_WORD = rf"(?:(?:[ -]|\s{_PARTICLES}\s|\sde La\s|\sd['’])(?!{_NOT_NAMES}){_WORD})"
_FULL_NAME = rf"(?!{_NOT_NAMES}){_WORD}{_NEXT_WORD}{{1,2}}(?![\w'’-])"
_ONE_TO_THREE = rf"(?!{_NOT_NAMES}){_WORD}{_NEXT_WORD}{{0,2}}(?![\w'’-])"
# "Hi, this is Sarah Connor", "je suis Jean-Pierre Martin", "Bonjour, ici Jacques Chirac" ("ici"
# opens a clause: "je l'ai trouvé ici Carrefour" names a shop), "Moi c'est Marie Curie", "hier
# ist Marie Curie", "soy Marie Curie", "sono Marco Rossi", "sou a Ana Costa", "aqui é o João
# Silva" (the article Portuguese and Spanish may put before a name goes with the cue).
SELF_INTRODUCED = re.compile(
    r"(\b(?:this is|i am|i['’]m|je suis|moi,? c['’]est|hier (?:ist|spricht))\s+|"
    r"\b(?:soy|sono|sou|aqu[ií](?: (?:é|es|habla|fala))?)\s+(?:(?-i:o|a|el|la)\s+)?|"
    r"(?:^|[,.!?;:\n]|\bbonjour|\bbonsoir|\bsalut)\s*ici\s+)"
    rf"((?-i:{_FULL_NAME}))",
    re.IGNORECASE,
)
# "Marie Curie here.", "Hi, Sarah here,", "Salut, Marie Curie ici,", "Hola, Marie Curie aquí,"
# opening the message.
HERE = re.compile(
    rf"^(\s*(?:{GREETING}[,!]?\s+)?)((?-i:{_ONE_TO_THREE}))"
    r"(?= (?:here|ici|aqu[ií])\s*(?:[.,!:;—–-]|$))",
    re.IGNORECASE,
)
# A signature with no closing words: a last sentence or line of 2-3 capitalised words after the
# body ("…events missing. Kévin Zorglub").
LAST_LINE = re.compile(rf"((?:[.!?…]|\n)\s*)({_FULL_NAME})(?=\.?\s*$)")
# Capitalised words of a sentence or a product, never taken for a name by the three rules above:
# Title Case reviews ("This Is The Best App", "Great App. Five Stars"), plans, places.
_COMMON = """a an the this that these those it its is are was be been am i me my we our you your he she
    they them their his her not no yes so very really just too also all any some more most much
    and or but if then than for of to in on at by with from up down out over off again still even
    only never ever always good great best better bad worst nice love like hate awesome amazing
    excellent perfect poor terrible horrible useless easy simple fast slow new old free premium pro
    bravo hello hi hey bonjour salut cool wow ok okay yeah
    plus basic business enterprise team app apps application applications service support update
    version beta connect integration watch health fit fitness coach run running sleep steps sync
    data device phone thanks thank please help fix five four three two one star stars stuff thing
    things love works working work keep well done job highly recommended recommend must have
    happy sad disappointed satisfied user users customer customers product products
    le la les un une des du de ce cette ces mon ma mes ton ta tes son sa ses notre votre nos vos
    je tu il elle nous vous ils elles très trop pas plus moins bien mal bon bonne super génial
    nul nulle top merci application appli mise jour montre santé sommeil données compte client
    cliente utilisateur utilisatrice français française francais déçu déçue content contente
    satisfait satisfaite ravi ravie fan abonné abonnée membre gratuit payant
    new saint sainte st san santa los las port mont fort north south east west paris lyon"""
_COMMON_WORDS = frozenset(_COMMON.split())
# Lower-case words after a French closing or opening that are no name ("merci, à bientôt",
# "bonjour l'équipe,", "salut toi !", "merci, ça remarche."), beside the common words and those
# of _NOT_NAMES.
_CLOSING_WORDS = """à bientôt bientot vite tous toutes tout vous toi avance encore voilà voila
    equipe sav service services l d ça ca cela"""
_NOT_NAME_WORDS = frozenset(
    {*_COMMON_WORDS, *_CLOSING_WORDS.split(), *re.findall(r"[^\W\d_]{2,}", _NOT_NAMES.casefold())}
)


# Any first name and surname, wherever they stand ("Called Mary Johnson today", "Jean Dupont a
# appelé"): a first name of the gazetteer (analyzer/name_lists.py), then a capitalised word that
# is no common word, product or brand (see _is_gazetteer_name).
_GAZETTEER_FIRST = rf"{UPPER}{LOWER}+(?:-{UPPER}{LOWER}+)?"
_SURNAME = rf"(?:Mc|Mac|{UPPER}['’])?{UPPER}(?:{LOWER}+|{UPPER}+)(?:-{UPPER}{LOWER}+)?"
# The name's end: no letter, apostrophe or hyphen glued to it, but a possessive may follow
# ("Mary Johnson's account", "Johnson’s", "Mary Jones' account": [NAME]'s).
_NAME_END = r"(?:(?![\w'’@-])|(?=['’]s?(?![\w'’@-])))"
KNOWN_FIRST_AND_LAST = re.compile(
    rf"(?<![\w'’@.-])({_GAZETTEER_FIRST}(?: de La| {_PARTICLES})? (?:d['’])?{_SURNAME}){_NAME_END}"
)
# A known first name alone after a word that says a person is meant ("spoke with Tom", "parlé
# avec Julie", "de la part de Nicolas"), or before one ("Sophie a appelé").
_PERSON_CUE = (
    r"(?:called|phoned|rang|spoke (?:with|to)|speaking (?:with|to)|talked (?:with|to)|"
    r"talking (?:with|to)|chatted with|avec|de la part de|parlé à|"
    # whom to ask or reach, in French: "demandez Benoît", "contactez Léa", "appeler Marc"
    r"demandez|demander|contactez|contacter|appelez|appeler|joignez|joindre)(?: à)?"
)
CUED_FIRST_NAME = re.compile(
    rf"(\b(?:{loose(_PERSON_CUE)}[ \t]+|de la part d['’]))((?-i:{_GAZETTEER_FIRST}))"
    rf"{_NAME_END}(?-i:(?![ -]{UPPER}))",  # "avec Marie Claire": the full-name rule's
    re.IGNORECASE,
)
# What each match of CUED_FIRST_NAME holds, as analyzer/keywords.py reads the text (lower case).
_PERSON_CUE_WORDS = ("call", "phoned", "rang", "spoke", "speaking", "talk", "chatted", "avec",
                     "part d", "parl", "demand", "contact", "appel", "joign", "joindre")  # fmt: skip
# "J'ai eu Thomas au téléphone": whom one had on the phone ("j'ai eu Max de retard" has no phone).
HAD_ON_THE_PHONE = re.compile(
    rf"(\b(?:ai|as|a|avons|avez|ont) eu[ \t]+)((?-i:{_GAZETTEER_FIRST}))"
    rf"(?= (?:au (?:téléphone|telephone|tél|tel|bout du fil)|en ligne)\b)",
    re.IGNORECASE,
)
FIRST_NAME_CALLED = re.compile(
    rf"((?:^|(?<=[\s,;:(]))(?<![\w'’@.-]))({_GAZETTEER_FIRST})"
    rf"(?= (?:a (?:appelé|appele|téléphoné|telephone|rappelé|rappele)|called|phoned|rang)\b)"
)
# Companies and products whose name is also a first name in the gazetteer ("I called Chase").
_CALLED_WORDS = ("appel", "téléphon", "telephon", "called", "phoned", "rang")
# Companies, products and words whose name is also a first name of the gazetteer ("I called
# Chase", "Federal Loan Servicer", "El Paso"), and the abbreviations that end a company's or an
# airport's name ("Logan Intl", "Mario Bros").
_NOT_FIRST_NAMES = frozenset(
    {"chase", "alexa", "mercedes", "siri", "cortana", "ally", "loan", "el"}
)
_NOT_SURNAMES = frozenset({"intl", "int", "inc", "ltd", "llc", "co", "corp", "bros"})


def _is_known_first_name(word: str, not_names: frozenset[str]) -> bool:
    parts = word.casefold().split("-")  # Jean-Pierre: each part a first name
    return (
        all(part in name_lists.first_names() for part in parts)
        and word.casefold() not in _NOT_NAME_WORDS
        and word.casefold() not in _NOT_FIRST_NAMES
        and word.casefold() not in not_names
    )


def _is_surname(word: str, at_start: bool) -> bool:
    """After a known first name: a known surname, or mid-sentence any capitalised word that is no
    English word (English writes products in Title Case; French and German surnames are no
    English words)."""
    folded = word.casefold()
    if folded in _NOT_NAME_WORDS or folded in _NOT_SURNAMES:
        return False
    if folded in name_lists.last_names() or folded.replace("’", "'") in name_lists.last_names():
        return True
    if at_start:
        return folded in name_lists.first_names()  # "Mary Anne" opens a sentence
    words = name_lists.english_words()
    return (
        not word.isupper()
        and folded not in words
        and folded.removesuffix("s") not in words  # "Teams", "Maps"
    )


def _opens_sentence(text: str, start: int) -> bool:
    """Nothing but blanks and opening quotes between the text's or a sentence's start and here."""
    while start and text[start - 1] in ' \t"«“(':
        start -= 1
    return not start or text[start - 1] in ".!?…\n"


def _in_title_case(text: str, start: int) -> bool:
    """The word before is capitalised mid-sentence: the name is part of a product's, a company's
    or a place's ("Federal Loan Servicer", "JP Morgan", "Boston Logan")."""
    end = start
    while end and text[end - 1] == " ":
        end -= 1
    begin = end
    while begin and (text[begin - 1].isalpha() or text[begin - 1] in "'’-"):
        begin -= 1
    word = text[begin:end]
    return end < start and word[:1].isupper() and word != "I" and not _opens_sentence(text, begin)


_ELIDED_PARTICLE = re.compile(r"^d['’]")
# Words around a first name and a surname that say a person is meant: "Ask Sarah Silver", "our
# rep Tom Bacon", "John Pike called", "Jean Lapin a appelé". With one, a surname that is also an
# English word ("Silver", "Bacon"), unknown at a sentence's start, or a shop's trade ("Jennifer
# Flowers said") is still a surname. Not "called" or "thanks" before: customers call and thank
# companies ("I called Sierra Pacific").
_PERSON_BEFORE = re.compile(
    r"\b(?:ask|asked|tell|told|met|"
    r"(?:spoke|speaking|talked|talking) (?:with|to)|chatted with|rep|representative|agent|"
    r"advis[eo]r|manager|colleague|interlocut(?:eur|rice)|conseill(?:er|ère|ere))[ \t]+$",
    re.IGNORECASE,
)
_PERSON_AFTER = re.compile(
    r",?[ \t]+(?:said|says|called|phoned|rang|told|wrote|asked|replied|answered|e-?mailed|"
    r"promised|confirmed|explained|mentioned|(?:from|of) (?:our|your|the) (?:rep|sales|support)|"
    + loose(r"a (?:dit|appelé|téléphoné|écrit|répondu|confirmé|promis|rappelé|expliqué)")
    + r")\b",
    re.IGNORECASE,
)
_CUE_REACH = 32  # characters looked at before a name: longer than any cue of _PERSON_BEFORE


def _person_cued(text: str, start: int, end: int) -> bool:
    return bool(
        _PERSON_BEFORE.search(text[max(0, start - _CUE_REACH) : start])
        or _PERSON_AFTER.match(text, end)
    )


def _is_cued_surname(word: str) -> bool:
    """After a first name that a cue says is a person's: any capitalised word but a common one."""
    folded = word.casefold()
    return folded not in _NOT_NAME_WORDS and folded not in _NOT_SURNAMES


def _is_gazetteer_name(match: re.Match[str], not_names: frozenset[str]) -> bool:
    """A known first name and a surname, not inside a Title Case run nor an organisation's or a
    place's name ("Austin Bergstrom airport", "rue Jean Jaurès"). With a person's cue around
    (_PERSON_BEFORE, _PERSON_AFTER) any capitalised word but a common one is the surname; without,
    opening a sentence, where a capitalised pair is as often a title ("June Update"), both must be
    known names, and a shop's trade ("Valentine Flowers") is none."""
    first, *_, surname = match.group(1).split(" ")
    surname = _ELIDED_PARTICLE.sub("", surname)  # "d'Arcy": Arcy is the surname
    text, start, end = match.string, match.start(1), match.end(1)
    if (
        not _is_known_first_name(first, not_names)
        or surname.casefold() in not_names
        or _in_title_case(text, start)
        or names_no_person(text, start, end)
    ):
        return False
    if _person_cued(text, start, end):
        return _is_cued_surname(surname)
    # "Valentine Flowers", a florist: a shop's trade is a surname only with a cue
    return surname.casefold() not in TRADE_WORDS and _is_surname(
        surname, at_start=_opens_sentence(text, start)
    )


def _replace_each(
    pattern: re.Pattern[str], text: str, is_name: Callable[[re.Match[str]], bool]
) -> tuple[str, int]:
    """`pattern.sub` of group 1 by [NAME] that tries again from the next word when a match is no
    name: in "Called Mary Johnson", "Called Mary" is no name, "Mary Johnson" is."""
    parts, kept_from, position, found = [], 0, 0, 0
    while match := pattern.search(text, position):
        if is_name(match):
            parts += [text[kept_from : match.start(1)], "[NAME]"]
            kept_from = position = match.end(1)
            found += 1
        else:
            position = match.start(1) + 1
    return "".join(parts) + text[kept_from:], found


_SHORT_NAME_RE = re.compile(_SHORT_NAME)
SURNAME_LEFT = re.compile(rf"\[NAME\]{_SURNAME_TAIL}(?![\w'’-])")


def _mask_surname_left(match: re.Match[str]) -> str:
    """The surname is no common word ("[NAME] de Paris", "[NAME] du Support" stay)."""
    return match.group(0) if _is_common(match.group(0)[len("[NAME]") :]) else "[NAME]"


# "La" and "Le" after "de" open a surname ("de La Fontaine"), not a sentence's words.
_CAPITAL_PARTICLE = re.compile(r"\bde (?:La|Le) ")


def _is_common(name: str) -> bool:
    name = _CAPITAL_PARTICLE.sub("de ", name)
    words = [word for word in re.split(r"[ '’-]", name) if word[:1].isupper()]  # not particles
    return any(word.casefold() in _COMMON_WORDS for word in words)


def _is_plain_word(name: str) -> bool:
    """A word of the name, in any case, is a common one: no name after all."""
    return any(word.casefold() in _NOT_NAME_WORDS for word in re.split(r"[ \t'’-]+", name))


# Words every match of a rule holds, as analyzer/keywords.py reads them (lower case): a text
# without them skips the rule. Ticket texts hold none for most rules (a colon, a comma, "thanks"
# are the common ones).
_SIGN_OFF_WORDS = (
    "thank", "merci", "regards", "best", "cheers", "sincerely", "cordial", "bien à vous", "salut",
    "bonne journée", "bonne soirée", "grü", "grue", "dank", "saludo", "atentamente", "gracias",
    "grazie", "atenciosamente", "abraço", "cumprimentos", "obrigad",
    # the same without accents, and the French shorthands
    "bien a vous", "bonne journee", "bonne soiree", "grus", "cdlt", "cdt", "bàv", "bav",
    # Dutch, Polish, Swedish, Norwegian and Danish, with and without accents
    "groet", "mvg", "pozdr", "poważaniem", "powazaniem", "hälsningar", "halsningar", "hilsen",
    "mvh",
)  # fmt: skip
# A lead is followed by a space (INTRODUCED), a title by one or by its dot and one: "ms " and
# "mme " still hold in "items " and "comme ", but bare "ms", "dr", "hei", "nom" let INTRODUCED
# run on a quarter of all tickets ("problems", "address", "their", "nombre").
_TITLES = ("mr", "mrs", "ms", "miss", "dr", "mme", "mlle", "herr", "frau", "sr", "sra")
_LEAD_WORDS = (
    "name is ", "name's ", "name ist ", "appelle ", "nom est ", "me nomme ", "ich hei", "llamo ",
    "nombre es ", "chiamo ", "nome è ", "nome é ", "chamo ", "m. ", "madame ", "monsieur ",
    "mademoiselle ", "señor", "signor", "senhor",
    *(title + end for title in _TITLES for end in (" ", ". ")),
)  # fmt: skip
# "bien a vous" and "bien à vous" both hold "vous"; "cdlt" and "cdt" both hold "cd"
_FRENCH_SIGN_OFF_WORDS = ("merci", "cordial", "cd", "vous", "bàv", "bav", "salutations", "bonne")
_THANKS_WORDS = ("thank", "merci", "dank", "gracias", "grazie", "obrigad")
# (pattern, keywords, guard: what says a match is no name, if any), in the order they run:
# PAIR_CLOSING before SIGNED takes the first name alone; the any-case rules after those for
# capitalised names.
_RULES: tuple[tuple[re.Pattern[str], Keywords, Callable[[str], bool] | None], ...] = (
    (PAIR_CLOSING, ((",",),), None),
    (INTRODUCED, (_LEAD_WORDS,), None),
    (SIGNED, (_SIGN_OFF_WORDS,), None),
    (SIGNED_BELOW, (("\n",), _SIGN_OFF_WORDS), None),
    (INFORMALLY_SIGNED, (("bis", "biz", "+", "plus"),), _is_common),
    (CLOSED, ((",",), ("\n",)), None),
    (SIGNED_AS, (("sign",),), None),
    (GREETED, (), None),
    (SIGNED_ANY_CASE, (_FRENCH_SIGN_OFF_WORDS,), _is_plain_word),
    (GREETED_ANY_CASE, (), _is_plain_word),
    (THANKED, (("!",), _THANKS_WORDS), None),
    (THANKED_FOR, (_THANKS_WORDS,), None),
    (THANKED_A, (("merci",),), None),
    (COLLEAGUE, (("colleague", "worker", "collègue", "kolleg", "colega", "collega"),), None),
    (CC, (("cc",),), None),
    (LABELLED, ((":",),), None),
    (MET, (("with", "avec"),), None),
    (REPORTED, (("raised ", "support", "a remont"),), None),
    (CALLED, (("call", "rappel"),), None),
    (SPEAKER, ((":",),), None),
    (
        SELF_INTRODUCED,
        (
            (
                "this is",
                "i am",
                "i'm",
                "i’m",
                "je suis",
                "ici",
                "c'est",
                "c’est",
                "hier ",
                "soy ",
                "sono ",
                "sou ",
                "aqui",
                "aquí",
            ),
        ),
        _is_common,
    ),
    (HERE, (), _is_common),
    (LAST_LINE, (), _is_common),
    (DASHED, (("--", "—", "–"),), _is_common),
)


# A person's name alone, as a signature's first line gives it ("Zoé Martin", "Jean-Pierre Martin").
PERSON_NAME = _FULL_NAME


def is_common_name(name: str) -> bool:
    """Whether a capitalised phrase holds a common word, so it is no person's name."""
    return _is_common(name)


def is_own_name(name: str, not_names: frozenset[str]) -> bool:
    """A name holding one of the workspace's own names ("Garmin", "Garmin Connect") is a brand."""
    return bool(not_names) and any(word.casefold() in not_names for word in re.split(r"[ -]", name))


def redact_names(text: str, not_names: frozenset[str] = frozenset()) -> tuple[str, int]:
    """The text with names found by the rules replaced by [NAME], and how many were found;
    `not_names` (casefolded) are never taken for a person."""
    # first: "Frau Dr. Schulz" read by the rules below was "Frau [NAME]. Schulz"
    text, found = redact_titled_names(
        text, lambda name: is_own_name(name, not_names) or _is_plain_word(name)
    )

    def replace(match: re.Match[str], guard: Callable[[str], bool] | None = None) -> str:
        nonlocal found
        name = match.group(2)
        if is_own_name(name, not_names) or (guard is not None and guard(name)):
            return match.group(0)
        found += 1
        return match.group(1) + "[NAME]"

    def replace_pair(match: re.Match[str]) -> str:
        nonlocal found
        names = _SHORT_NAME_RE.findall(match.group(2))
        if any(is_own_name(name, not_names) or _is_common(name) for name in names):
            return match.group(0)
        found += len(names)
        return match.group(1) + _SHORT_NAME_RE.sub("[NAME]", match.group(2))

    lowered_text = lowered(text)
    for pattern, keywords, guard in _RULES:
        if not holds(lowered_text, keywords):
            continue
        if pattern is PAIR_CLOSING:
            new = pattern.sub(replace_pair, text)
        else:
            new = pattern.sub(lambda match, guard=guard: replace(match, guard), text)
        if new != text:  # a name replaced: the next patterns read the text as it is now
            text, lowered_text = new, lowered(new)

    def replace_first(match: re.Match[str]) -> str:
        nonlocal found
        if not _is_known_first_name(match.group(2), not_names):
            return match.group(0)
        found += 1
        return match.group(1) + "[NAME]"

    # Last, so that the cues above take the names they know first.
    text, known = _replace_each(
        KNOWN_FIRST_AND_LAST, text, lambda m: _is_gazetteer_name(m, not_names)
    )
    found += known
    # the cues and the first names' case are as the text was: [NAME] adds neither
    if holds(lowered_text, (_PERSON_CUE_WORDS,)):
        text = CUED_FIRST_NAME.sub(replace_first, text)
    if holds(lowered_text, (_CALLED_WORDS,)):
        text = FIRST_NAME_CALLED.sub(replace_first, text)
    if holds(lowered_text, (("eu ",),)):
        text = HAD_ON_THE_PHONE.sub(replace_first, text)
    # A rule that took the first name alone ("avec Jean-Baptiste", "Mme Marie-Hélène") leaves
    # the surname after its particle: "[NAME] de La Fontaine", "[NAME] d'Arcy".
    if "[NAME] d" in text:
        text = SURNAME_LEFT.sub(_mask_surname_left, text)
    return text, found


_SPACES = re.compile(r"\s+")


def _known_name_pattern(name: str) -> re.Pattern[str] | None:
    """A person's name as a text may write it: a full name as an erasure matches it
    (analyzer/person_names.py: any case, accents or none, "vasseur lefèbvre" for
    "Vasseur-Lefèbvre"); a single word only capitalised ("Mark" is a name, "mark as read" is
    not). Either matched in the bare text (person_names.mask_names). None for a name too short
    to tell from a word."""
    words = _SPACES.split(name.strip())
    if len(words) > 1:
        return _whole_name_regex(" ".join(words))
    if len(name.strip()) < 3:
        return None
    return re.compile(rf"(?<![\w@.]){word_pattern(name.strip())}(?![\w@])")


@lru_cache(maxsize=1024)
def _whole_name_regex(name: str) -> re.Pattern[str] | None:
    return names_regex([name])


_PARTICLE = re.compile(_PARTICLES, re.IGNORECASE)


def _name_part_pattern(part: str, any_case: bool) -> re.Pattern[str] | None:
    """One word of a known name alone ("Anna" of "Anna Schmidt"), as a whole word (not in
    "Anna-Lena", an address or a mask), capitalised in any case after ("Anna", "SCHMIDT"): a
    lower-case "will" or "mark" is the word, not Will Slack or Mark Bell; `any_case` for a text
    typed without capitals ("pls ask anna"). None for a part that is as likely
    another word: 2 letters or fewer, a particle ("van"), a common word ("Paris")."""
    if len(part) <= 2 or _PARTICLE.fullmatch(part) or _is_plain_word(part):
        return None
    head, rest = re.escape(part[0].upper()), re.escape(part[1:])
    flags = re.IGNORECASE if any_case else 0
    return re.compile(rf"(?<![\w@.\[-]){head}(?i:{rest})(?![\w@-])", flags)


def mask_known_names(text: str, names: list[str]) -> tuple[str, int]:
    """The text with each of the given names (the contact's, a cut signature's) replaced by
    [NAME], then each word of a longer name alone ("ask Anna" for Anna Schmidt), and how many
    were replaced. Whole names go first: "Anna Schmidt" is one [NAME], not two."""
    whole = [_known_name_pattern(name) for name in names]
    any_case = text == text.lower()
    split_names = [words for name in names if len(words := _SPACES.split(name.strip())) > 1]
    parts = [_name_part_pattern(part, any_case) for words in split_names for part in words]
    # in a text with capitals, a part in lower case only after a cue ("ask anna", "fails for
    # paula"); see _cued_part_pattern
    cued = [] if any_case else [_cued_part_pattern(words[0]) for words in split_names]
    found = 0
    for pattern in whole:
        if pattern is not None:
            text, count = mask_names(pattern, text)
            found += count
    for pattern in parts:
        if pattern is not None:
            text, count = pattern.subn("[NAME]", text)
            found += count
    for pattern in cued:
        if pattern is not None:
            text, count = pattern.subn(r"\1[NAME]", text)
            found += count
    return text, found


# Words before a person in the six languages, after which a contact's first name typed in lower
# case is the person: asking, calling or copying someone ("ask anna", "demandez à paula", "frag
# anna", "pregunta a paula", "chiedi a anna", "pergunte à paula", "cc paula") ...
_ASKING_CUE = (
    r"(?:ask|asked|asking|call|called|contact|contacted|tell|told|email|emailed|cc|"
    r"demandez à|demande à|demander à|appelez|contactez|de la part de|frag|fragen sie|fragt|"
    r"pregunta a|pregunte a|pregúntale a|llama a|de parte de|chiedi a|chieda a|chiama|"
    r"da parte di|pergunte a|pergunte à|pergunta a|ligue para|liga para|da parte de)"
)
# ... or after a preposition or "and" ("fails for paula", "avec paula", "mit anna"), which also
# go before common words: only for a first name that is no English or French word ("paula",
# "sophie"; not "will", "grace", "rose", "pierre", "anna": WordNet lists the Indian coin).
_PLAIN_CUE = (
    r"(?:for|with|from|to|by|and|thanks|thank|à|avec|par|pour|et|merci|an|mit|von|für|und|"
    r"danke|a|con|de|para|por|y|gracias|per|da|e|grazie|com|obrigado|obrigada)"
)


def _cued_part_pattern(first: str) -> re.Pattern[str] | None:
    """A contact's first name in lower case after a cue word (group 1 keeps the cue); None
    where _name_part_pattern already refuses the word."""
    if _name_part_pattern(first, any_case=False) is None:
        return None
    word = first.casefold()
    is_word = word in name_lists.english_words() or word in name_lists.french_words()
    cue = _ASKING_CUE if is_word else f"(?:{_ASKING_CUE}|{_PLAIN_CUE})"
    # the name's own letters in lower case only: capitalised, _name_part_pattern took it
    return re.compile(rf"(?i:(\b{cue}[ \t]+))(?-i:{re.escape(word)})(?![\w@-])")
