"""The default messages, per (kind, language): what a customer reads unless the team stored its
own (templates.py). Each language quotes in its own marks („…“, «…», “…”) and writes to the
customer formally (Sie, usted, Lei, você), as a support team would; every one fills the same
fields as the English one (tests/test_loop_languages.py checks it)."""

LANGUAGES = ("en", "fr", "de", "es", "it", "pt")

SHIPPED: dict[str, tuple[str, str]] = {
    "en": (
        "You asked, we built it: {need_title}",
        'Hello {contact_name},\n\nYou told us: "{quote}"\n\nGood news: we have shipped a change '
        'for "{need_title}", and it is live now. Thank you for taking the time to tell us; it '
        "shaped what we built.\n",
    ),
    "fr": (
        "Vous l'avez demandé, c'est fait : {need_title}",
        "Bonjour {contact_name},\n\nVous nous aviez écrit : « {quote} »\n\nBonne nouvelle : "
        "nous avons livré une évolution pour « {need_title} », disponible dès maintenant. Merci "
        "d'avoir pris le temps de nous le dire ; cela a guidé notre travail.\n",
    ),
    "de": (
        "Ihr Wunsch ist umgesetzt: {need_title}",
        "Guten Tag {contact_name},\n\nSie hatten uns geschrieben: „{quote}“\n\nGute Nachricht: "
        "Wir haben eine Verbesserung zu „{need_title}“ bereitgestellt, die ab sofort verfügbar "
        "ist. Vielen Dank, dass Sie sich die Zeit genommen haben, uns das mitzuteilen; Ihr "
        "Hinweis hat mitbestimmt, was wir entwickelt haben.\n",
    ),
    "es": (
        "Lo que nos pidió ya está disponible: {need_title}",
        "Hola {contact_name},\n\nUsted nos escribió: «{quote}»\n\nBuenas noticias: hemos "
        "publicado una mejora para «{need_title}», que ya está disponible. Gracias por tomarse "
        "el tiempo de contárnoslo; sus comentarios han orientado nuestro trabajo.\n",
    ),
    "it": (
        "L'ha chiesto, l'abbiamo realizzato: {need_title}",
        "Buongiorno {contact_name},\n\nCi aveva scritto: «{quote}»\n\nBuone notizie: abbiamo "
        "rilasciato una novità per «{need_title}», già disponibile. La ringraziamo per il tempo "
        "che ci ha dedicato: il suo riscontro ha orientato il nostro lavoro.\n",
    ),
    "pt": (
        "Você pediu, nós fizemos: {need_title}",
        "Olá {contact_name},\n\nVocê nos escreveu: “{quote}”\n\nBoas notícias: lançamos uma "
        "melhoria para “{need_title}”, que já está disponível. Agradecemos por dedicar seu tempo "
        "a nos contar; sua opinião orientou o nosso trabalho.\n",
    ),
}

DECLINED: dict[str, tuple[str, str]] = {
    "en": (
        "About your request: {need_title}",
        'Hello {contact_name},\n\nYou told us: "{quote}"\n\nWe looked at it closely and decided '
        'not to build "{need_title}" for now. We would rather tell you than leave you waiting; '
        "your feedback stays on file and we will come back if this changes.\n",
    ),
    "fr": (
        "À propos de votre demande : {need_title}",
        "Bonjour {contact_name},\n\nVous nous aviez écrit : « {quote} »\n\nNous avons étudié "
        "votre demande de près et avons décidé de ne pas réaliser « {need_title} » pour le "
        "moment. Nous préférons vous le dire plutôt que de vous laisser attendre ; votre retour "
        "reste noté et nous reviendrons vers vous si cela change.\n",
    ),
    "de": (
        "Zu Ihrer Anfrage: {need_title}",
        "Guten Tag {contact_name},\n\nSie hatten uns geschrieben: „{quote}“\n\nWir haben Ihr "
        "Anliegen sorgfältig geprüft und uns entschieden, „{need_title}“ vorerst nicht "
        "umzusetzen. Wir sagen Ihnen das lieber offen, als Sie warten zu lassen. Ihre "
        "Rückmeldung bleibt bei uns vermerkt, und wir melden uns wieder, falls sich daran etwas "
        "ändert.\n",
    ),
    "es": (
        "Sobre su solicitud: {need_title}",
        "Hola {contact_name},\n\nUsted nos escribió: «{quote}»\n\nHemos estudiado su solicitud "
        "con atención y hemos decidido no desarrollar «{need_title}» por el momento. Preferimos "
        "decírselo antes que dejarle esperando; sus comentarios quedan registrados y volveremos "
        "a ponernos en contacto con usted si esto cambia.\n",
    ),
    "it": (
        "In merito alla sua richiesta: {need_title}",
        "Buongiorno {contact_name},\n\nCi aveva scritto: «{quote}»\n\nAbbiamo valutato con "
        "attenzione la sua richiesta e abbiamo deciso di non realizzare «{need_title}» per il "
        "momento. Preferiamo dirglielo piuttosto che lasciarla in attesa; il suo riscontro resta "
        "registrato e la ricontatteremo se la situazione dovesse cambiare.\n",
    ),
    "pt": (
        "Sobre a sua solicitação: {need_title}",
        "Olá {contact_name},\n\nVocê nos escreveu: “{quote}”\n\nAnalisamos sua solicitação com "
        "atenção e decidimos não desenvolver “{need_title}” por enquanto. Preferimos avisar "
        "agora em vez de deixar você esperando; sua opinião fica registrada e entraremos em "
        "contato novamente se isso mudar.\n",
    ),
}

DEFAULTS: dict[tuple[str, str], tuple[str, str]] = {
    (kind, language): text
    for kind, texts in (("shipped", SHIPPED), ("declined", DECLINED))
    for language, text in texts.items()
}

# appended to a template that does not place {unsubscribe_url} itself
FOOTERS = {
    "en": "\n--\nTo stop receiving these messages: {unsubscribe_url}\n",
    "fr": "\n--\nPour ne plus recevoir ces messages : {unsubscribe_url}\n",
    "de": "\n--\nUm diese Nachrichten nicht mehr zu erhalten: {unsubscribe_url}\n",
    "es": "\n--\nPara dejar de recibir estos mensajes: {unsubscribe_url}\n",
    "it": "\n--\nPer non ricevere più questi messaggi: {unsubscribe_url}\n",
    "pt": "\n--\nPara deixar de receber estas mensagens: {unsubscribe_url}\n",
}
