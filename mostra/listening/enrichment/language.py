"""The language of a listened item, among the workspace's languages only.

:func:`detect_language` answers a code the workspace declared, or ``None`` (unknown):

1. a language the source declares (Mastodon's ``language``, Bluesky's ``langs``) is
   taken when it is one of the allowed ones, with confidence 1;
2. otherwise addresses, mentions, hashtags and emoji are removed, and a text left with
   fewer than :data:`MIN_LETTERS` letters or :data:`MIN_WORDS` words is unknown: a short
   text gives no evidence, and a guess would be wrong one time in five;
3. py3langid (a naive Bayes over byte n-grams, shipped with its model) ranks the allowed
   languages plus a few :data:`NEIGHBOURS` (the common European languages): a text whose
   best language is a neighbour the workspace did not allow is unknown, never forced
   into an allowed one; nor is a text whose best language wins with a probability below
   :data:`MIN_CONFIDENCE`. Only the first :data:`MAX_CHARS` characters are read.

The model is loaded once per process, on first use (about 0.1 s); each set of languages
gets its own identifier, built once and kept (``py3langid.set_languages`` trims the
model's arrays; an identifier per set keeps them independent, so threads never see one
changing under them). Its features are counted by ``numpy.bincount``
(:func:`_faster`): the same array as py3langid's, checked in
``tests/listening/test_enrichment_equivalence.py``. The last :data:`TEXTS_KEPT` texts'
answers are kept.
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from mostra.listening.enrichment.text import has_letters, has_words, words_only

if TYPE_CHECKING:
    from py3langid.langid import LanguageIdentifier  # type: ignore[import-untyped]

#: Fewer letters than this (after removing addresses, mentions, hashtags, emoji): unknown.
MIN_LETTERS = 12
#: Fewer words (of two letters or more) than this: unknown.
MIN_WORDS = 2
#: A best language below this probability (among the languages ranked): unknown.
MIN_CONFIDENCE = 0.8
#: Detection reads this many characters at most (an article's first paragraphs): its
#: cost grows with the text, its answer no longer does.
MAX_CHARS = 600
#: Ranked beside the allowed languages, so that a text in one of them is told apart
#: (and answered unknown) instead of being forced into an allowed language.
NEIGHBOURS = ("fr", "en", "es", "de", "it", "pt", "nl")

_lock = threading.Lock()
_model: LanguageIdentifier | None = None
_identifiers: dict[frozenset[str], LanguageIdentifier] = {}
_known: frozenset[str] | None = None


def _full_model() -> LanguageIdentifier:
    global _model
    if _model is None:
        from py3langid.langid import MODEL_FILE, LanguageIdentifier

        _model = LanguageIdentifier.from_pickled_model(MODEL_FILE, norm_probs=True)
    return _model


def known_languages() -> frozenset[str]:
    """The ISO 639-1 codes the model knows (97 languages)."""
    global _known
    if _known is None:
        with _lock:
            _known = frozenset(_full_model().nb_classes)
    return _known


def _identifier(languages: frozenset[str]) -> LanguageIdentifier:
    """The identifier ranking exactly ``languages``, built once per set."""
    found = _identifiers.get(languages)
    if found is not None:
        return found
    with _lock:
        found = _identifiers.get(languages)
        if found is None:
            model = _full_model()
            found = _faster()(
                model.nb_ptc,
                model.nb_pc,
                model.nb_numfeats,
                model.nb_classes,
                model.tk_nextmove,
                model.tk_output,
                norm_probs=True,
            )
            found.set_languages(sorted(languages))
            _identifiers[languages] = found
        return found


#: Pieces of text (a word and the blank after it) kept with the model's states they
#: lead to and the n-grams they count, per state entered with: a brand's vocabulary
#: fits, in some 15 MB. Beyond it the kept pieces are forgotten and counted again.
PIECES_KEPT = 50_000

#: A text's pieces: a run of non-blanks and the one blank after it, or a lone blank.
_PIECE = re.compile(rb"[^ ]+ ?| ")


@functools.cache
def _faster() -> type[LanguageIdentifier]:
    """py3langid's identifier, its ``instance2fv`` (the counts of the model's byte
    n-grams in a text) giving the same array, faster:

    * py3langid walks the text's bytes through its automaton one at a time, each state
      giving the n-grams that end there. The walk of a piece of text (a word and the
      blank after it) from a given state always leads to the same state and gives the
      same n-grams: it is done once per piece and state and kept (:data:`PIECES_KEPT`),
      and a text is walked a word at a time (the pieces, concatenated, are the text);
    * the counts are made by ``numpy.bincount`` instead of a ``Counter`` copied into the
      array one feature at a time."""
    import numpy as np
    from py3langid.langid import LanguageIdentifier

    #: (state, piece) → (the state after it, the n-grams it counts). The automaton is
    #: the model's, shared by every identifier built from it.
    walked: dict[tuple[int, bytes], tuple[int, tuple[int, ...]]] = {}

    class Identifier(LanguageIdentifier):
        __slots__ = ()

        def _walk(self, state: int, piece: bytes) -> tuple[int, tuple[int, ...]]:
            nextmove, output = self.tk_nextmove, self.tk_output
            counted: list[int] = []
            extend = counted.extend
            for byte in piece:
                state = nextmove[(state << 8) + byte]
                extend(output.get(state, ()))
            return state, tuple(counted)

        def _ngrams(self, text: str) -> list[int]:
            """The model's n-grams found in ``text``, each as often as it occurs."""
            data = text.encode("utf8", errors="surrogatepass")
            state, indexes = 0, list[int]()
            extend = indexes.extend
            for piece in _PIECE.findall(data):
                found = walked.get((state, piece))
                if found is None:
                    if len(walked) >= PIECES_KEPT:
                        walked.clear()
                    found = walked[state, piece] = self._walk(state, piece)
                state = found[0]
                extend(found[1])
            return indexes

        def instance2fv(self, text: str, datatype: str = "uint16") -> Any:
            counts = np.bincount(self._ngrams(text), minlength=self.nb_numfeats)
            return counts.astype(datatype)

        def best(self, text: str) -> tuple[str, float]:
            """``classify(text)`` when its language wins with a probability of one
            half or more (below, the best by its log-probability, which may differ from
            ``classify``'s in a near tie): the same product and normalisation, without
            the whole table of ratios.

            py3langid's probability of class k is ``1 / sum_j exp(pd_j - pd_k)`` for
            every k (a square table, overflowing for the losers, hence its
            ``errstate``); only the winner's is needed, and its ratios never overflow.
            A winner at one half or more is the best log-probability, and its
            probability is the same float32 operations on the same values."""
            counts = np.bincount(self._ngrams(text), minlength=self.nb_numfeats)
            pd = np.dot(counts.astype(np.float32), self.nb_ptc) + self.nb_pc
            k = int(pd.argmax())
            return self.nb_classes[k], 1 / np.exp(pd - pd[k]).sum()

    return Identifier


def normalise(code: str | None) -> str | None:
    """``fr-FR``, ``FR``, ``fr_CA`` → ``fr``; empty → ``None``."""
    if not code:
        return None
    return code.strip().replace("_", "-").split("-")[0].lower() or None


@functools.lru_cache(maxsize=256)
def _plan(allowed: tuple[str, ...]) -> tuple[frozenset[str], LanguageIdentifier | None]:
    """The allowed codes, normalised, and the identifier that ranks them with their
    neighbours (``None`` when the model knows none of them)."""
    languages = frozenset(code for code in map(normalise, allowed) if code)
    known = known_languages()
    if not languages & known:
        return languages, None
    return languages, _identifier(frozenset((languages | set(NEIGHBOURS)) & known))


def detect_language(
    text: str, allowed: Sequence[str], declared: str | None = None
) -> tuple[str | None, float]:
    """The language of ``text`` among ``allowed`` (ISO 639-1 codes), and how sure: a
    probability in [0, 1]. ``(None, 0.0)`` when unknown (see the module's steps)."""
    languages, identifier = _plan(tuple(allowed))
    said = normalise(declared)
    if said in languages:
        return said, 1.0
    if identifier is None:
        return None, 0.0
    return _detected(text[:MAX_CHARS], languages, identifier)


#: Texts whose detection is kept (a post shared again, a press release taken up by ten
#: sites): detected once.
TEXTS_KEPT = 8192


@functools.lru_cache(maxsize=TEXTS_KEPT)
def _detected(
    text: str, languages: frozenset[str], identifier: LanguageIdentifier
) -> tuple[str | None, float]:
    words = words_only(text)
    if not has_letters(words, MIN_LETTERS) or not has_words(words, MIN_WORDS):
        return None, 0.0
    code, probability = identifier.best(words)
    confidence = float(probability)
    if code not in languages or confidence < MIN_CONFIDENCE:
        return None, 0.0
    return str(code), round(confidence, 4)
