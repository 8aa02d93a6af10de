"""What redaction writes in place of what it removes: "[NAME]", "[PHONE]", "[EMAIL]", "[IBAN]",
"[DATE_OF_BIRTH]", ... (analyzer/stages/redact.py, analyzer/names.py). Its own module: readers
of redacted text (the loop's quotes) need the pattern without loading redaction."""

import re

PLACEHOLDER = re.compile(r"\[[A-Z_]+\]")
# Placeholders side by side ("[NAME] [PHONE]"): one gap in the text, not several.
PLACEHOLDER_RUN = re.compile(rf"{PLACEHOLDER.pattern}(?:[ \t]*{PLACEHOLDER.pattern})*")
