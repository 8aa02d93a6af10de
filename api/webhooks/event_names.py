"""The events a webhook subscription can take, apart from their outbox rows: the CLI lists them
when it parses its arguments, before any command runs."""

FEEDBACK_ANALYSED = "feedback.analysed"
# the alerts BOUCLE_THEME_ALERT_WEBHOOK_URL gets (api/themes/alerts.py)
THEME_EMERGING = "theme.emerging"
# which items an erasure on request deleted or masked (api/webhooks/erasures.py)
FEEDBACK_ERASED = "feedback.erased"
EVENTS = (FEEDBACK_ANALYSED, THEME_EMERGING, FEEDBACK_ERASED)
