"""spaCy sentencizer pipelines, one per language. French's tokenizer is put together from spaCy's
French punctuation rules and the French abbreviations that hold a period ("M.", "etc."), without
importing spaCy's French package: that import compiles a regex of ~130 families of hyphenated
words (spacy/lang/fr/tokenizer_exceptions.py, TOKEN_MATCH), 2.3 s of every process start.

The sentences stay the same. The sentencizer ends a sentence after a token that is a sentence-end
character (".", "!", "?", ...) and starts the next one at the first token after it that is not
punctuation. The words that TOKEN_MATCH keeps whole and the other French exceptions left out
here are letters joined by hyphens and apostrophes ("peut-être", "aujourd'hui", "entr'abat"): cut
or whole, they hold no sentence-end character, their first token starts at their first letter,
and the tokens around them are cut as before. tests/test_sentencizers.py compares both on French
texts, and checks the abbreviations against spaCy's list."""

import spacy
from spacy.lang.tokenizer_exceptions import BASE_EXCEPTIONS, URL_MATCH
from spacy.language import Language as SpacyPipeline
from spacy.symbols import IDX, ORTH
from spacy.tokenizer import Tokenizer
from spacy.util import (
    compile_infix_regex,
    compile_prefix_regex,
    compile_suffix_regex,
    update_exc,
)
from spacy.vocab import Vocab

from analyzer.spacy_files import spacy_lang_file

# spaCy's French tokenizer exceptions that are not only letters, hyphens and apostrophes (the
# ones that can move a sentence's end), as spacy/lang/fr/tokenizer_exceptions.py cuts them.
FRENCH_ABBREVIATIONS: dict[str, list[dict[int, str]]] = {
    "J.-C.": [{ORTH: "J."}, {ORTH: "-C."}],
    **{
        abbreviation: [{ORTH: abbreviation}]
        for abbreviation in (
            "av.", "janv.", "févr.", "avr.", "juill.", "sept.", "oct.", "nov.", "déc.", "apr.",
            "Dr.", "M.", "Mr.", "Mme.", "Mlle.", "n°", "d°", "St.", "Ste.", "cf.", "etc.", "MM.",
            "No.", "pp.", "Vol.",
        )
    },
}  # fmt: skip


def french_tokenizer(vocab: Vocab) -> Tokenizer:
    """spaCy's French tokenizer less its hyphenated-word exceptions and TOKEN_MATCH (see above)."""
    punctuation = spacy_lang_file("fr", "punctuation")
    assert punctuation is not None, "spaCy without French punctuation rules"
    return Tokenizer(
        vocab,
        rules=update_exc(BASE_EXCEPTIONS, FRENCH_ABBREVIATIONS),
        prefix_search=compile_prefix_regex(punctuation.TOKENIZER_PREFIXES).search,
        suffix_search=compile_suffix_regex(punctuation.TOKENIZER_SUFFIXES).search,
        infix_finditer=compile_infix_regex(punctuation.TOKENIZER_INFIXES).finditer,
        url_match=URL_MATCH,
    )


def sentencizer(code: str) -> SpacyPipeline:
    """A blank pipeline for the language with spaCy's rule-based sentencizer."""
    if code == "fr":
        nlp = spacy.blank("xx")  # spaCy's shared defaults; the tokenizer made French below
        nlp.tokenizer = french_tokenizer(nlp.vocab)
    else:
        nlp = spacy.blank(code)
    nlp.add_pipe("sentencizer")
    return nlp


class SentenceSpans:
    """`(start_char, end_char)` of each sentence of a text, exactly as the pipeline's
    `nlp(text).sents` gives them, read off the tokens' arrays with the sentencizer's own rule
    (spacy/pipeline/sentencizer.pyx: a sentence ends after a token that is one of its characters
    and the next starts at the first token after it that is no punctuation). The sentencizer and
    `.sents` made a Python object of every token: ~0.1 ms a line, more than the tokenizer."""

    def __init__(self, nlp: SpacyPipeline) -> None:
        self.nlp = nlp
        punct_chars = nlp.get_pipe("sentencizer").punct_chars
        self.ends = frozenset(nlp.vocab.strings.add(char) for char in punct_chars)

    def __call__(self, text: str) -> list[tuple[int, int]]:
        doc = self.nlp.make_doc(text)
        if len(doc) == 0:
            return []
        starts, seen_end = [0], False
        for i, orth in enumerate(doc.to_array(ORTH).tolist()):
            is_end = orth in self.ends
            # is_punct looked up only after an end, as the sentencizer reads it
            if seen_end and not is_end and not self.nlp.vocab[orth].is_punct:
                starts.append(i)
                seen_end = False
            elif is_end:
                seen_end = True
        offsets = doc.to_array(IDX).tolist()
        return [
            (offsets[start], offsets[end - 1] + len(doc[end - 1]))
            for start, end in zip(starts, [*starts[1:], len(doc)], strict=True)
        ]
