"""The column names of common exports that `boucle import --preset` reads, apart from the
importer: the CLI lists them when it parses its arguments, before any command runs."""

# Field -> candidate columns, first present wins; "a+b" joins several columns' text. Names
# compare without case, accents, spaces or underscores ("Date de création" is date_de_creation).
PRESETS: dict[str, dict[str, list[str]]] = {
    "generic": {
        "external_id": ["external_id", "id"],
        "text": ["text", "body", "comment", "feedback", "message"],
        "created_at": ["created_at", "date", "timestamp"],
        "source": ["source"],
        "language": ["language", "lang"],
        "score": ["score", "rating"],
        "account_id": ["account_id", "account"],
        "contact_id": ["contact_id", "contact", "email"],
    },
    "support": {  # ticket exports (Zendesk, Freshdesk, Intercom, Help Scout...)
        "external_id": ["ticket_id", "id", "Ticket ID"],
        "text": ["subject+description", "Subject+Description", "description", "body", "text"],
        "created_at": ["created_at", "created", "date"],
        "account_id": ["organization_id", "organization", "Organization", "account_id", "company"],
        "contact_id": ["requester_email", "requester", "Requester email", "email"],
        "language": ["language", "locale"],
        "score": ["satisfaction_score", "csat", "score"],  # the ticket's CSAT, when exported
    },
    "appstore": {  # App Store / Google Play review exports
        "external_id": ["review_id", "reviewId", "Review Link", "id"],
        "text": [
            "title+review",
            "title+body",
            "Review Title+Review Text",
            "review",
            "content",
            "Review Text",
            "body",
            "text",
        ],  # fmt: skip
        "created_at": ["date", "at", "Review Submit Date and Time", "created_at"],
        "score": ["rating", "Star Rating", "score", "stars"],
        "language": ["language", "Reviewer Language", "lang"],
    },
    "nps": {  # NPS / CSAT survey results
        "external_id": ["response_id", "Response ID", "id"],
        "text": ["comment", "Comment", "reason", "verbatim", "feedback", "text"],
        "created_at": [
            "submitted_at",
            "date",
            "created_at",
            "created",
            "response_timestamp",
            "timestamp",
        ],
        "score": ["score", "Score", "nps", "rating"],
        "account_id": ["account_id", "company", "Company"],
        "contact_id": ["email", "Email", "respondent_email"],
        "language": ["language", "lang"],
    },
}
