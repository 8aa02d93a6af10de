"""The unsubscribe page's words, in every language the messages are written in
(default_templates.LANGUAGES), so a person can read it in theirs."""

UNKNOWN = (
    "this unsubscribe link is unknown: it may have been mistyped, or the person's data was "
    "erased (nothing is sent to an erased person)"
)

# Each page as (title, text).
PAGES: dict[str, dict[str, tuple[str, str]]] = {
    "en": {
        "ask": ("Stop these messages?", "You are told when something you asked for ships or is "
                "declined."),
        "done": ("Unsubscribed", "You will not be told about our product decisions any more."),
        "unknown": ("Unknown link", UNKNOWN),
    },
    "fr": {
        "ask": ("Ne plus recevoir ces messages ?", "Nous vous écrivons quand ce que vous avez "
                "demandé est livré ou refusé."),
        "done": ("Désabonnement confirmé", "Vous ne recevrez plus de messages sur nos décisions "
                 "produit."),
        "unknown": ("Lien inconnu", "Ce lien de désabonnement est inconnu : il a peut-être été "
                    "mal recopié, ou les données de la personne ont été effacées (rien n'est "
                    "envoyé à une personne effacée)."),
    },
    "de": {
        "ask": ("Diese Nachrichten abbestellen?", "Wir benachrichtigen Sie, wenn etwas, das Sie "
                "sich gewünscht haben, umgesetzt oder abgelehnt wird."),
        "done": ("Abmeldung bestätigt", "Sie erhalten keine Nachrichten zu unseren "
                 "Produktentscheidungen mehr."),
        "unknown": ("Unbekannter Link", "Dieser Abmeldelink ist unbekannt: Er wurde vielleicht "
                    "falsch kopiert, oder die Daten der Person wurden gelöscht (an gelöschte "
                    "Personen wird nichts gesendet)."),
    },
    "es": {
        "ask": ("¿Dejar de recibir estos mensajes?", "Le escribimos cuando algo que nos pidió "
                "se publica o se descarta."),
        "done": ("Baja confirmada", "Ya no recibirá mensajes sobre nuestras decisiones de "
                 "producto."),
        "unknown": ("Enlace desconocido", "Este enlace de baja es desconocido: puede que se "
                    "haya copiado mal o que los datos de la persona se hayan borrado (no se "
                    "envía nada a una persona borrada)."),
    },
    "it": {
        "ask": ("Non ricevere più questi messaggi?", "Le scriviamo quando qualcosa che ci ha "
                "chiesto viene rilasciato o scartato."),
        "done": ("Disiscrizione confermata", "Non riceverà più messaggi sulle nostre decisioni "
                 "di prodotto."),
        "unknown": ("Link sconosciuto", "Questo link di disiscrizione è sconosciuto: potrebbe "
                    "essere stato copiato male, oppure i dati della persona sono stati "
                    "cancellati (a una persona cancellata non viene inviato nulla)."),
    },
    "pt": {
        "ask": ("Deixar de receber estas mensagens?", "Avisamos você quando algo que pediu é "
                "lançado ou recusado."),
        "done": ("Inscrição cancelada", "Você não receberá mais mensagens sobre nossas "
                 "decisões de produto."),
        "unknown": ("Link desconhecido", "Este link de cancelamento é desconhecido: talvez "
                    "tenha sido copiado errado, ou os dados da pessoa foram apagados (nada é "
                    "enviado a uma pessoa apagada)."),
    },
}  # fmt: skip
BUTTONS = {
    "en": "Unsubscribe",
    "fr": "Se désabonner",
    "de": "Abmelden",
    "es": "Darme de baja",
    "it": "Annulla l'iscrizione",
    "pt": "Cancelar inscrição",
}
