"""Boilerplate that says nothing about the product: an offer to be contacted or to help ("Contact me
at [EMAIL]", "Feel free to reach out if you have questions", "N'hésitez pas à me contacter",
"Vous pouvez me joindre au [PHONE]", and the closing courtesy of German, Spanish, Italian and
Portuguese business mail: "Bei Fragen stehe ich Ihnen gerne zur Verfügung", "Rufen Sie mich gerne
unter [PHONE] an", "Quedo a su disposición", "Resto a disposizione", "Fico à disposição"), a wait for the reply ("Looking forward to hearing
from you", "Dans l'attente de votre retour"), the closing courtesy of French and English business
mail ("Merci de votre compréhension et bonne journée", "Je reste à votre disposition pour toute
information", "En vous remerciant par avance", "Thanks in advance for your help", "Have a nice
day", "I remain at your disposal", "Je mets ma collègue en copie : [EMAIL]") and a
device's signature ("Sent from my iPhone", "Envoyé de
mon iPhone", "Get Outlook for Android"). Segmentation drops a span that is only that; each one
was an insight, read as a question or praise (the heads heard "gerne" as warmth: a German bug
report came out praise, a French one too: "Merci de votre compréhension"), and such lines formed
themes of their own. Thanks for a deed are not courtesy: "Merci pour votre aide" stays here (closing
a problem, it is courtesy: analyzer/closing_thanks.py), and thanks for one's patience alone as the
whole message stays too (segmentation keeps a message's only spans, analyzer/stages/segment.py).

A span that says more stays: "Contact me at [EMAIL] when the export is fixed" asks for news of a
fix; "Please call me back, the export still crashes" reports a problem."""

import re

from analyzer.negation import fold

# Written on folded text (analyzer.negation.fold: lower case, no accents); redaction placeholders
# ("[EMAIL]", "[PHONE]") are read as any word.
_WHO = r"(?:me|us)"
_CONTACT = r"(?:contact|reach|email|e-mail|mail|call|ring|text|ping|message|write to)"
_ANY_QUESTION = (
    r"(?: (?:if|should|in case) (?:you )?(?:have|need|there are|there is|want)"
    r"(?: (?:any|more|further|other))? ?(?:questions?|information|info|details|help|anything"
    r"(?: else)?|clarification)?(?: at all)?)?"
)
_WAYS = r"(?: (?:at|on|by|via|through) (?:\S+(?: or (?:at |on |by )?\S+)?))?"
# German, Spanish, Italian, Portuguese pieces (folded: "Verfügung" is "verfugung").
_DE_ASKING = (
    r"(?:(?:bei|fur) (?:weitere |weiteren |alle |allen |eventuelle |eventuellen )?"
    r"(?:fragen|ruckfragen|anliegen|unklarheiten|informationen))"
)
_DE_QUESTIONS = r"(?:" + _DE_ASKING + r",? )"
# "per chiarimenti", "para aclaraciones", "para esclarecimentos": the doubt without a quantifier
_DOUBT = (
    r"(?:(?:cualquier|qualsiasi|qualunque|ogni|ulteriori|eventuali|qualquer|quaisquer|alguna|mas"
    r"|toda|eventuales|otras|altre|outras|mais) )?(?:duda|dudas|consulta|consultas|pregunta|preguntas|aclaracion|aclaraciones|cosa|informacion"
    r"|dubbio|dubbi|domanda|domande|chiarimento|chiarimenti|informazione|informazioni|necessita"
    r"|duvida|duvidas|esclarecimento|esclarecimentos|questao|questoes|informacao|informacoes)"
    r"(?: adicional| adicionais| adicionales| ulteriore)?"
)
_ANY_DOUBT = r"(?:(?:para |per |en caso de |in caso di |em caso de )?" + _DOUBT + r",? )"
_ANY_DOUBT_AFTER = (
    r"(?: (?:para|por|per|pela|por si|se|si|en caso de|in caso di|em caso de|caso)"
    r"(?: (?:tiene|tienes|tienen|avete|ha|hai|tiver|tiverem|houver|hay))?"
    r"(?: (?:de |di |d')?" + _DOUBT + r"))?"
)
_ROMANCE_CONTACT = (
    r"(?:(?:contactar|llamar|escribir|consultar|contattar|chiamar|scriver|contatar|contactar|ligar"
    r"|escrever)(?:me|nos|mi|ci|e|-me|-nos)?|entrar em contato(?: comigo| conosco)?"
    r"|ponerse en contacto(?: conmigo| con nosotros)?|me contatar|me ligar|nos contatar)"
)
_ROMANCE_WAYS = r"(?: (?:al|en|a|por|via|al numero|al telefono|para|pelo|no|nel|su) \S+)?"
_REACH_OUT = r"(?:reach out|get in touch|contact " + _WHO + "|ask|drop " + _WHO + r" a line)"
# French: "si besoin", "pour toute information complémentaire", "en cas de question", "pour des
# précisions"
_FR_ANY_QUESTION = (
    r"(?: (?:si|pour|en cas de) (?:vous avez |besoin\b|question|toute|tout |la moindre|plus"
    r"|de plus amples|d'eventuel|eventuel|d'autres|(?:des |d')?(?:precisions|informations"
    r"|renseignements|eclaircissements|questions))[\w\s'-]*)?"
)
# English: "for any further information", "should you need more details"
_EN_ANY_QUESTION = (
    r"(?: (?:for|should you (?:need|have|require)|if you (?:need|have|require))"
    r"(?: (?:any|more|further|additional|other))* (?:information|info|questions?|details"
    r"|clarifications?|help|assistance)(?: you (?:may |might )?(?:need|have|require))?)?"
)
# Thanks that close a mail, not for a deed: for one's understanding or patience, or in advance
# ("Merci par avance pour votre retour"). "Merci pour votre aide" thanks for help given: it stays.
_FR_THANKED_FOR = (
    r"(?: (?:de|pour) (?:votre|vos|ta|tes) (?:(?:precieuse|rapide) )?(?:aide|retour|reponses?"
    r"|comprehension|patience|attention|reactivite|intervention|collaboration|confiance|temps"
    r"|soutien|assistance))?"
)
_FR_THANKS = (
    r"(?:(?:merci|je vous remercie|nous vous remercions|je te remercie)(?: beaucoup| bien"
    r"| infiniment)?(?: (?:de|pour) (?:votre|ta) (?:comprehension|patience)"
    r"| (?:par avance|d'avance)" + _FR_THANKED_FOR + r")"
    r"|en (?:vous|te) remerciant(?: (?:par avance|d'avance))?"
    + _FR_THANKED_FOR
    + r"(?: (?:par avance|d'avance))?)"
)
_FR_WISH = (
    r"(?:(?:je vous souhaite|nous vous souhaitons|je te souhaite) )?(?:une |un )?(?:tres )?"
    r"(?:bonne|belle|excellente|agreable) (?:fin de )?(?:journee|soiree|semaine|week-end|weekend)"
    r"(?: a (?:vous|toi|tous|vous tous|toutes et a tous))?"
)
_EN_THANKED_FOR = (
    r" for (?:your|the) (?:(?:kind|quick|prompt) )?(?:help|assistance|support|understanding"
    r"|patience|reply|response|answer|attention|time|cooperation|consideration|feedback)"
)
_EN_THANKS = (
    r"(?:thank you|thanks|many thanks)(?: (?:so|very) much)?(?: again)?"
    r"(?: for (?:your|the) (?:understanding|patience)| in advance(?:" + _EN_THANKED_FOR + r")?"
    r"|" + _EN_THANKED_FOR + r" in advance)"
)
_EN_WISH = (
    r"(?:(?:i |we )?wish you|have|enjoy) (?:a |the |your )?(?:very )?(?:nice|good|great|lovely"
    r"|wonderful|pleasant|fantastic|happy) (?:day|evening|week|weekend|one)"
)
# The thanks, and a wish after them: "Merci de votre compréhension et bonne journée"
_CLOSING = "|".join(
    (
        _FR_THANKS + r"(?:,? (?:et )?" + _FR_WISH + r")?",
        _FR_WISH,
        _EN_THANKS + r"(?:,? (?:and )?" + _EN_WISH + r")?",
        _EN_WISH,
    )
)
_CLOSING = "(?:" + _CLOSING + ")"
# Someone else copied in: "Je mets ma collègue en copie : [EMAIL]", "I'm cc'ing my colleague"
_COPIED = r"(?:\s*[:,(]?\s*\[(?:email|name)\]\)?)?"
_CC = (
    r"(?:je |nous )?(?:mets|mettons|ajoute|ajoutons|inclus|incluons)"
    r"(?: (?!en )\S+){1,3} en (?:copie|cc)(?: de ce (?:mail|message|courriel|fil|echange))?"
    + _COPIED
    + r"|(?:je |nous )?(?:mets|mettons|ajoute|ajoutons) en (?:copie|cc)"
    r" (?:ma|mon|mes|notre|nos|la|le|les|l')\s?\S+(?: \S+)?"
    + _COPIED
    + r"|(?:i'm |i am |i've |i have |we're |we are |we've |we have |i'll |we'll )?"
    r"(?:cc'?ing|cc'?e?d|copying|copied|looping in|looped in|adding|added) (?:in )?"
    r"(?:my|our) (?:\S+ )?(?:colleague|manager|team|boss|assistant|co-?worker)s?"
    + _COPIED
    + r"(?: (?:on|to|in) (?:this|the) (?:thread|email|e-mail|message|conversation))?(?: here)?"
)
_FORMS = (
    # "Contact me at [EMAIL]", "You can reach me on [PHONE]", "Please call me back"
    r"(?:please |you can |you may |feel free to |do not hesitate to |don't hesitate to )?"
    + _CONTACT + " " + _WHO + r"(?: back)?" + _WAYS + _ANY_QUESTION,
    # "Feel free to reach out", "Don't hesitate to get in touch", "Let me know if you need more"
    r"(?:please )?(?:feel free|do not hesitate|don't hesitate) to " + _REACH_OUT + _WAYS
    + _ANY_QUESTION,
    r"(?:let me know|happy to help|happy to chat)" + _ANY_QUESTION,
    # "N'hésitez pas à me contacter", "Vous pouvez me joindre au [PHONE]"
    # "N'hésitez pas à revenir vers moi si besoin"
    r"(?:n'hesitez pas|n'hesite pas|vous pouvez|tu peux) a? ?(?:(?:me|nous) "
    r"(?:contacter|joindre|appeler|recontacter|ecrire|rappeler)|revenir vers (?:moi|nous))"
    r"(?: (?:au|a|par|sur|via) (?:\S+(?: ou (?:au |a |par |sur )?\S+)?))?" + _FR_ANY_QUESTION,
    # "Je reste à votre entière disposition pour toute information", "Je reste disponible si
    # besoin", "I remain at your disposal for any further information" (read as churn: "remain")
    r"(?:je reste|nous restons|restant|je suis|nous sommes|je me tiens|nous nous tenons|je demeure)"
    r"(?: bien)? (?:a (?:votre|ta|vos) (?:entiere |totale |complete |pleine )?disposition"
    r"|disponibles?)" + _FR_ANY_QUESTION,
    r"(?:i |we )?(?:remain|am|are|stay|'m|'re) (?:available|at your (?:full |entire |complete )?"
    r"disposal)" + _EN_ANY_QUESTION,
    # "Merci de votre compréhension et bonne journée", "Thanks in advance for your help", "Have
    # a nice day": the heads read them as praise
    _CLOSING,
    _CC,
    # German: "Bei Fragen stehe ich Ihnen gerne zur Verfügung", "Für Rückfragen stehen wir
    # jederzeit zur Verfügung", "Gerne helfe ich weiter"
    _DE_QUESTIONS + r"?(?:(?:sehr )?gerne? )?(?:stehe ich|stehen wir|ich stehe|wir stehen|stehe|stehen)"
    r"(?: (?:ihnen|dir|euch|jederzeit|sehr|gerne?|selbstverstandlich|naturlich|auch|weiterhin"
    r"|" + _DE_ASKING + r"))* zur verfugung",
    _DE_QUESTIONS + r"?(?:(?:ich |wir )?helfe?n? (?:ihnen |dir )?gerne?(?: weiter)?"
    r"|gerne? helfen? (?:ich|wir)(?: ihnen| dir)?(?: weiter)?)",
    # "Rufen Sie mich gerne unter [PHONE] an", "Melden Sie sich gerne bei Fragen", "Sie erreichen
    # mich unter [PHONE]", "Bei Fragen einfach melden"
    _DE_QUESTIONS + r"?(?:(?:rufen|melden|kontaktieren|schreiben) sie|ruf|melde|kontaktiere|schreib"
    r"|sie konnen|konnen sie|du kannst|sie erreichen|du erreichst|einfach|gerne?)"
    r"(?= )"
    r"(?: (?:mich|uns|sich|dich|mir|gerne?|jederzeit|einfach|auch|bei mir|bei uns|telefonisch"
    r"|(?:unter|per|uber|via) \S+(?: oder (?:unter |per |uber )?\S+)?"
    r"|" + _DE_ASKING + r"))+"
    r"(?: (?:an|anrufen|kontaktieren|erreichen|melden|schreiben))?(?: " + _DE_ASKING + ")?"
    r"|(?:" + _DE_QUESTIONS + r")?(?:einfach |gerne? )*(?:melden|anrufen|schreiben)",
    # Spanish, Italian, Portuguese: "Quedo a su disposición para cualquier consulta", "Resto a
    # disposizione per qualsiasi chiarimento", "Qualquer dúvida, fico à disposição"
    _ANY_DOUBT + r"?(?:quedo|quedamos|me quedo|nos quedamos|estoy|estamos|resto|restiamo|rimango"
    r"|rimaniamo|sono|siamo|fico|ficamos|estou|estamos|permaneco|continuo)"
    r" a (?:su |tu |vuestra |sua |tua |vostra |vossa )?(?:entera |total |completa |piena |inteira )?"
    r"disposi(?:cion|zione|cao)" + _ANY_DOUBT_AFTER,
    # "No dude en contactarme", "Non esiti a contattarmi", "Não hesite em entrar em contato"
    r"(?:no (?:dude|dudes|duden)|non (?:esiti|esitate|esitare)|nao (?:hesite|hesites|hesitem))"
    r" (?:en|a|em) " + _ROMANCE_CONTACT + _ROMANCE_WAYS + _ANY_DOUBT_AFTER,
    # "Puede contactarme al [PHONE]", "Mi può chiamare al [PHONE]", "Pode ligar-me para [PHONE]"
    r"(?:(?:me|mi|nos|ci) )?(?:puede|puedes|pueden|puo|puoi|potete|pode|podes|podem)"
    r"(?: (?:me|mi|nos|ci))? " + _ROMANCE_CONTACT + _ROMANCE_WAYS + _ANY_DOUBT_AFTER,
    # "Encantado de ayudar", "Felice di aiutare", "Fico feliz em ajudar"
    r"(?:(?:estoy|estamos|sono|siamo|fico|ficamos|estou) )?(?:encantad[oa]s?|felice|felici|liet[oa]"
    r"|feliz|felizes|content[oa]s?) (?:de|di|em) (?:ayudar|aiutar|ajudar)\w*",
    # Thanks in advance or for one's understanding in German, Spanish, Italian, Portuguese:
    # "Vielen Dank im Voraus für Ihre Hilfe", "Muchas gracias de antemano", "Grazie in anticipo",
    # "Desde já agradeço a ajuda", "Danke für Ihr Verständnis" (the heads read them as praise)
    r"(?:(?:vielen|herzlichen|besten) )?dank(?:e)?(?: schon| sehr)?(?: (?:im voraus|vorab)(?: fur "
    r"(?:ihre|deine|eure) (?:hilfe|unterstutzung|muhe|ruckmeldung|antwort))?|(?: (?:fur|im) voraus)?"
    r" fur (?:ihr|dein|euer) verstandnis)",
    r"(?:(?:muchas|mil) )?gracias(?: (?:de antemano|por adelantado|anticipadamente)(?: por (?:su|tu"
    r"|vuestra) (?:ayuda|atencion|respuesta|apoyo|colaboracion))?| por (?:su|tu) comprension)"
    r"|(?:le |les )?agradezco (?:de antemano|por adelantado|anticipadamente)(?: (?:su|tu) \w+)?",
    r"(?:grazie|(?:vi |la |ti )?ringrazio)(?: mille)?(?: (?:in anticipo|anticipatamente)(?: per "
    r"(?:l'aiuto|il supporto|la risposta|la collaborazione|l'attenzione|la disponibilita"
    r"|il vostro aiuto|il suo aiuto))?| per la (?:comprensione|pazienza))",
    r"(?:desde ja (?:agradeco|obrigad[oa])|(?:agradeco|obrigad[oa]) (?:desde ja|antecipadamente"
    r"|de antemao))(?: (?:a|pela|pelo) (?:sua |vossa )?(?:ajuda|atencao|resposta|colaboracao"
    r"|apoio))?|obrigad[oa] pela (?:compreensao|paciencia)",
    # Waiting for a reply: "Looking forward to hearing from you", "Ich freue mich auf Ihre
    # Rückmeldung", "Quedo atento a sus comentarios", "Dans l'attente de votre retour". The heads
    # read them as praise, a complaint or a wish.
    r"(?:i am |i'm |we are |we're |i |we )?(?:look|looking) forward to (?:hearing (?:back )?from"
    r" you|hearing back|your (?:reply|response|answer|feedback|news)|(?:a|your) (?:quick|prompt"
    r"|swift) (?:reply|response|answer))(?: soon| shortly)?",
    r"(?:ich freue mich|wir freuen uns|freue mich|freuen uns) (?:auf|uber) (?:ihre|deine|eure|eine)"
    r"(?: baldige| kurze| schnelle)? (?:ruckmeldung|antwort|nachricht)"
    r"|(?:uber|auf) (?:ihre|eine)(?: baldige| kurze)? (?:ruckmeldung|antwort) (?:wurde|wurden)"
    r" (?:ich mich|wir uns) (?:sehr )?freuen",
    r"(?:quedo|quedamos|me quedo|nos quedamos) (?:atent[oa]s?|a la espera|en espera)"
    r" (?:a|de) (?:sus|tus|su|tu) (?:comentarios|noticias|respuesta|respuestas)"
    r"|(?:resto|restiamo|rimango|rimaniamo) in attesa (?:di|del|della) (?:un |una )?(?:suo |vostro"
    r" |tuo |sua |vostra |tua )?(?:riscontro|risposta|notizie|cortese riscontro)"
    r"|(?:fico|ficamos) (?:no aguardo|a aguardar|aguardando) (?:do|de|da|o|a) (?:seu |sua |vosso )?"
    r"(?:retorno|resposta|contato)",
    r"(?:je reste |nous restons |restant )?(?:dans|en) l'attente de (?:votre|ta|vos)"
    r" (?:retour|reponse|reponses|nouvelles)",
    # "Sent from my iPhone", "Envoyé de mon iPhone", "Get Outlook for Android"
    r"sent from my \w+(?: \w+){0,2}|envoye (?:de|depuis) mon \w+(?: \w+){0,2}"
    r"|get outlook for \w+",
)  # fmt: skip
_BOILERPLATE = re.compile(r"[-–—\s]*(?:" + "|".join(_FORMS) + r")[\s.!,:;)]*")
# Every pattern above holds one of these: most texts hold none and are let go at once.
_KEYWORDS = ("contact", "reach", "mail", "call", "ring", "text", "ping", "message", "write",
             "hesit", "touch", "let me know", "happy to", "joindre", "appeler", "ecrire",
             "sent from", "envoy", "outlook", "verfugung", "helfe", "melde", "rufen", "ruf ",
             "erreich", "kontaktier", "schreib", "disposi", "dude", "esit", "contat", "contactar",
             "llamar", "chiamar", "ligar", "ayud", "aiut", "ajud", "forward", "freue", "atent",
             "espera", "attesa", "aguard", "attente", "revenir", "disponi", "available",
             "disposal", "merci", "remerci", "thank", "journee", "soiree", "semaine", "week",
             "day", "evening", "have a", "enjoy", "cc", "copie", "copy", "copied", "loop",
             "adding", "added", "dank", "gracias", "agradez", "grazie", "ringrazi", "agradeco",
             "obrigad")  # fmt: skip


def is_boilerplate(text: str) -> bool:
    """Whether the text only offers contact ("Feel free to reach out") or is a device's
    signature ("Sent from my iPhone")."""
    folded = fold(text)
    if not any(word in folded for word in _KEYWORDS):
        return False
    return _BOILERPLATE.fullmatch(folded) is not None
