"""Harm a consumer complaint narrates: distress ("This is causing me anguish"), a name slandered
("its slandering my good name"), money seized ("they will be seizing all of my income tax this
year") and the authorities told ("I have reached out to FTC and my local police department").
Calm, factual sentences: the heads, which learnt tone from reviews, read them positive and as
praise (0.78 to 0.86 on CFPB complaints). analyzer/grievance.py reads these cues as a grievance
("harm"): a complaint, negative, no praise.

Not harm: a denied one ("it did not cause me any stress": the grievance rules drop a denied cue),
or one beside praise ("Thanks for stopping the garnishment of my wages")."""

import re

# Written on folded text (analyzer.negation.fold: lower case, no accents).
HARM = re.compile(
    # "causing me anguish", "caused my family great distress"
    r"\b(?:causing|caused|causes|cause) (?:me|us|my family|my (?:wife|husband)) (?:\w+ )?"
    r"(?:anguish|distress|stress|hardship|anxiety|harm|grief|suffering|emotional \w+)\b"
    # "slandering my good name", "defaming me"
    # (not French "libellés", nor the word asked about: "the meaning of the word slander")
    r"|(?<!word )\b(?:slander\w*|defam\w*|libel(?:s|ed|led|ing|ling|ous|lous)?)\b"
    # "they will be seizing all of my income tax", "garnishing my wages"
    r"|\b(?:seiz\w*|garnish\w*|levying) (?:\w+ ){0,3}(?:income|tax\w*|wages?|refunds?|paychecks?"
    r"|pay|funds|salary|benefits|social security)\b"
    # "I have reached out to FTC and my local police department", "filed a police report"
    r"|\b(?:reached out to|contacted|reported (?:this|it|them) to|filed (?:a )?(?:complaint|report)"
    r" with) (?:the )?(?:ftc|police|my local police|local police|attorney general|state attorney"
    r"|bbb|better business bureau)\b|\bfiled a police report\b"
)
# Every cue above holds one of these: most texts hold none and are let go at once.
KEYWORDS = ("caus", "slander", "defam", "libel", "seiz", "garnish", "levying", "reached out",
            "contacted", "reported", "filed")  # fmt: skip
