"""Survey scales: NPS answers are 0 to 10, CSAT 1 to 5. A score outside its survey's scale (an
NPS 11, a CSAT 7) is a typo or another survey's answer: ingest refuses it (the API with a 422
naming the item's score, `boucle import` by rejecting the row) rather than store a number the
reports would have to leave out. Answers to both are whole numbers, as every survey tool
offers them: an NPS 7,5 would be counted a passive on a guess, and a CSAT 3.5 satisfied (a 4) in
the distribution while the average read it 3.5 (4.5 and 3.5 averaged 4.0 beside two satisfied).
A score that is no answer (an average sent as one) is refused: send the answers. A store review's
stars are 1 to 5 and whole too, on the App Store and Google Play alike: a 6 or a "4,5" in an
export was stored and then `ignored` by the CSAT report of its source."""

from api.storage.tables import source_key

SCALES: dict[str, tuple[float, float]] = {"nps": (0, 10), "csat": (1, 5), "stars": (1, 5)}
WHOLE_NUMBERS = {"nps", "csat", "stars"}  # scales whose answers are integers
# the sources VoC reads each survey from, and the stores' reviews (`boucle import --preset
# appstore` names its rows app_store)
SOURCES = {"nps_survey": "nps", "csat_survey": "csat", "app_store": "stars", "google_play": "stars"}
# (what a message calls the scale, its answers, and what else the sender may do)
_SAID = {
    "nps": ("the NPS scale", "NPS answers", "leave the answer out"),
    "csat": ("the CSAT scale", "CSAT answers", "leave the answer out"),
    "stars": (
        "the app stores' star scale",
        "stars",
        "leave it out (the review is stored without stars)",
    ),
}


def survey_of(source: str | None, metadata: dict | None) -> str | None:
    """The survey an item answers: by its source, or by a `survey` key in its metadata (one form
    tool for every survey), as VoC counts it."""
    survey = (metadata or {}).get("survey")
    return SOURCES.get(source_key(source or "")) or (survey if survey in SCALES else None)


def off_scale(score: float | None, source: str | None, metadata: dict | None) -> str | None:
    """What is wrong with a score outside its survey's scale; None when it is fine."""
    survey = survey_of(source, metadata)
    if score is None or survey is None:
        return None
    low, high = SCALES[survey]
    scale, answers, instead = _SAID[survey]
    if not low <= score <= high:
        return f"{score:g} is outside {scale}, {low:g} to {high:g}: fix the score, or {instead}"
    if survey in WHOLE_NUMBERS and not float(score).is_integer():
        return (
            f"{score:g} is not a whole number: {answers} are {low:g}, {low + 1:g}, … {high:g}; "
            f"fix the score, or {instead}"
        )
    return None
