"""The category classifiers that compete in training, built by name from configs/model.yaml. Each
is a scikit-learn estimator over a list of cleaned resume texts (already normalised and
redacted): `fit(texts, categories)`, `predict_proba(texts)`, `classes_`.

- `tfidf_logistic`: word and bigram TF-IDF into a multinomial logistic regression, whose
  probabilities are close to calibrated without a calibration step.
- `wordllama_logistic`: the mean of WordLlama's token embeddings (a 256-number summary of the
  text, weights shipped in the wheel, read offline) into a logistic regression.
- `keyword_rules` (the baseline): each category's most telling vocabulary skills, counted.
"""

from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, TransformerMixin
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline, make_pipeline

from frame.errors import ConfigError
from frame.settings import EstimatorSettings

from ..skills import Vocabulary

# Pairs of gendered words; a word's first pair says what the counterfactual check swaps it for
# ("her" is "his", as in a resume's "her team"). They say nothing of a skill, so the features
# never read them: with scikit-learn's English stop words, they are dropped before counting
# ("he" and "she", "Mr" and "Ms", "chairman" and "chairwoman" weigh nothing).
GENDERED_PAIRS = [
    ("he", "she"), ("his", "her"), ("him", "her"), ("himself", "herself"), ("man", "woman"),
    ("men", "women"), ("male", "female"), ("mr", "ms"), ("mr", "mrs"), ("boy", "girl"),
    ("father", "mother"), ("husband", "wife"), ("son", "daughter"), ("brother", "sister"),
    ("chairman", "chairwoman"), ("fraternity", "sorority"), ("gentleman", "lady"),
    ("boyfriend", "girlfriend"), ("sportsman", "sportswoman"), ("salesman", "saleswoman"),
    ("king", "queen"), ("hers", "his"), ("mens", "womens"),
]  # fmt: skip
GENDERED_WORDS = frozenset(word for pair in GENDERED_PAIRS for word in pair)
STOP_WORDS = sorted(ENGLISH_STOP_WORDS | GENDERED_WORDS)
TOKENS = r"(?u)\b[a-zA-Z][a-zA-Z0-9+#.]*[a-zA-Z0-9+#]|\b[a-zA-Z]\b"  # c++, c#, node.js, r


def tfidf(max_features: int | None = 50_000, min_df: int = 2) -> TfidfVectorizer:
    """Word and bigram TF-IDF with sublinear counts; the same settings for the ranking's lexical
    score, so that "scikit-learn" and "c++" stay one token in both.
    """
    return TfidfVectorizer(
        lowercase=True,
        token_pattern=TOKENS,
        stop_words=STOP_WORDS,
        ngram_range=(1, 2),
        sublinear_tf=True,
        min_df=min_df,
        max_features=max_features,
        dtype=np.float32,
    )


def tfidf_logistic(c: float = 10.0, max_features: int = 50_000, seed: int = 0) -> Pipeline:
    return make_pipeline(
        tfidf(max_features),
        LogisticRegression(C=c, max_iter=1000, random_state=seed),
    )


def wordllama_folder() -> Path:
    """The installed wordllama package: its wheel ships the weights and the tokenizer config."""
    import wordllama

    return Path(wordllama.__file__).resolve().parent


class WordLlamaEmbedder(BaseEstimator, TransformerMixin):  # type: ignore[misc]
    """Texts to WordLlama's pooled, normalised 256-number embeddings. The model is read from the
    installed package (never downloaded) when first needed, and not pickled with the estimator:
    the saved model stays small and the weights come from the pinned wheel.
    """

    def __init__(self, dim: int = 256) -> None:
        self.dim = dim

    def fit(self, texts: Sequence[str], y: Any = None) -> "WordLlamaEmbedder":
        return self

    def model(self) -> Any:
        loaded = self.__dict__.get("_model")
        if loaded is None:
            from wordllama import WordLlama

            loaded = WordLlama.load(
                cache_dir=wordllama_folder(), disable_download=True, dim=self.dim
            )
            self.__dict__["_model"] = loaded
        return loaded

    def transform(self, texts: Sequence[str]) -> np.ndarray:
        return np.asarray(self.model().embed(list(texts), norm=True), dtype=np.float64)

    def __getstate__(self) -> dict[str, Any]:
        return {key: value for key, value in self.__dict__.items() if key != "_model"}


def wordllama_logistic(c: float = 10.0, dim: int = 256, seed: int = 0) -> Pipeline:
    return make_pipeline(
        WordLlamaEmbedder(dim), LogisticRegression(C=c, max_iter=2000, random_state=seed)
    )


class KeywordRules(BaseEstimator, ClassifierMixin):  # type: ignore[misc]
    """The rule a recruiter would write first: each category has the vocabulary skills most
    typical of its training resumes (frequent there, and more frequent there than overall); a
    resume goes to the category with most of its skills present. Probabilities are the counts
    plus `smoothing` times the category's share of training, normalised, so that a resume with
    no telling skill gets the class shares.
    """

    def __init__(self, skills_per_category: int = 12, smoothing: float = 0.5) -> None:
        self.skills_per_category = skills_per_category
        self.smoothing = smoothing

    def present(self, texts: Sequence[str]) -> list[set[str]]:
        vocabulary = self.__dict__.get("_vocabulary") or Vocabulary.load()
        self.__dict__["_vocabulary"] = vocabulary
        return [{match.skill for match in vocabulary.find(text)} for text in texts]

    def fit(self, texts: Sequence[str], categories: Sequence[str]) -> "KeywordRules":
        labels = np.asarray(categories, dtype=object)
        self.classes_ = np.array(sorted(set(labels.tolist())), dtype=object)
        found = self.present(texts)
        skills = sorted(set().union(*found))
        column = {skill: index for index, skill in enumerate(skills)}
        counts = np.zeros((len(found), len(skills)))
        for row, present in enumerate(found):
            counts[row, [column[skill] for skill in present]] = 1.0
        overall = counts.mean(axis=0) + 1e-9
        self.prior_ = np.array([np.mean(labels == name) for name in self.classes_])
        self.rules_: dict[str, list[str]] = {}
        for name in self.classes_:
            share = counts[labels == name].mean(axis=0)
            telling = (share / overall) * (share >= 0.1)  # lift, among skills in 1 of 10 at least
            best = np.argsort(-telling, kind="stable")[: self.skills_per_category]
            self.rules_[str(name)] = [skills[i] for i in best if telling[i] > 1.0]
        return self

    def skill_counts(self, texts: Sequence[str]) -> np.ndarray:
        found = self.present(texts)
        return np.array(
            [
                [len(present.intersection(self.rules_[str(name)])) for name in self.classes_]
                for present in found
            ],
            dtype=np.float64,
        ).reshape(len(found), len(self.classes_))

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        scores = self.skill_counts(texts) + self.smoothing * len(self.classes_) * self.prior_
        return scores / scores.sum(axis=1, keepdims=True)

    def predict(self, texts: Sequence[str]) -> np.ndarray:
        return self.classes_[self.predict_proba(texts).argmax(axis=1)]

    def __getstate__(self) -> dict[str, Any]:
        return {key: value for key, value in self.__dict__.items() if key != "_vocabulary"}


class LinearTextScorer:
    """The probabilities of a fitted TF-IDF + logistic regression pipeline for one text, computed
    without building a sparse matrix (which costs more than the arithmetic for a single resume):
    the analyser's terms, their sublinear counts times idf, l2-normalised, times the
    coefficients, then softmax. The same figures as the pipeline's predict_proba (to float32
    rounding: the vectoriser's dtype); `for_pipeline` gives None for any other model.
    """

    def __init__(self, vectorizer: TfidfVectorizer, model: LogisticRegression) -> None:
        self.analyze = vectorizer.build_analyzer()
        self.columns: dict[str, int] = vectorizer.vocabulary_
        self.idf = np.asarray(vectorizer.idf_, dtype=np.float64)
        self.sublinear = bool(vectorizer.sublinear_tf)
        self.coef = np.ascontiguousarray(model.coef_.T, dtype=np.float64)  # terms x classes
        self.intercept = np.asarray(model.intercept_, dtype=np.float64)

    @classmethod
    def for_pipeline(cls, model: Any) -> "LinearTextScorer | None":
        if not isinstance(model, Pipeline) or len(model.steps) != 2:
            return None
        vectorizer, linear = model[0], model[-1]
        if not (isinstance(vectorizer, TfidfVectorizer) and isinstance(linear, LogisticRegression)):
            return None
        if vectorizer.norm != "l2" or not vectorizer.use_idf or linear.coef_.shape[0] < 2:
            return None
        return cls(vectorizer, linear)

    def probabilities(self, text: str) -> np.ndarray:
        counts = Counter(
            column for term in self.analyze(text) if (column := self.columns.get(term)) is not None
        )
        scores = self.intercept.copy()
        if counts:
            columns = np.fromiter(counts.keys(), dtype=np.intp, count=len(counts))
            tf = np.fromiter(counts.values(), dtype=np.float64, count=len(counts))
            weights = (1.0 + np.log(tf) if self.sublinear else tf) * self.idf[columns]
            weights /= np.sqrt(weights @ weights)
            scores += weights @ self.coef[columns]
        exponents = np.exp(scores - scores.max())
        return np.asarray(exponents / exponents.sum())


BUILDERS: dict[str, Callable[..., Any]] = {
    "tfidf_logistic": tfidf_logistic,
    "wordllama_logistic": wordllama_logistic,
    "keyword_rules": KeywordRules,
}
SEEDED = {"tfidf_logistic", "wordllama_logistic"}


def build_classifier(spec: EstimatorSettings, seed: int) -> Any:
    """The estimator `spec` names, with its parameters; a ConfigError for an unknown name or
    parameter.
    """
    builder = BUILDERS.get(spec.name)
    if builder is None:
        raise ConfigError(f"unknown model '{spec.name}': expected one of {', '.join(BUILDERS)}")
    params = {**spec.params, **({"seed": seed} if spec.name in SEEDED else {})}
    try:
        estimator = builder(**params)
    except TypeError as error:
        raise ConfigError(f"model '{spec.name}': {error}") from None
    return estimator
