"""What drift monitoring reads of a resume: text drift, measured against the training split.

- `words`: the document's length in words (`count_words`, also what the prediction log keeps);
- `oov_rate`: the share of its words that no training resume uses (new tools, a new trade, or
  text the pipeline mangles all show here first);
- `centroid_similarity`: the cosine similarity of its TF-IDF vector to the training centroid (a
  batch about other things sits further from it);
- `nearest_category`: the training category whose TF-IDF centroid is nearest (NO_KNOWN_WORDS for
  a text sharing no word with them): the mix of categories arriving, read from the text alone,
  so that a batch can be watched without a model.

A training resume does not vouch for its own words: its `oov_rate` counts words no *other*
training resume uses, so that the reference is measured as a new resume is. Texts arrive cleaned
(`dataset.read_batch` cleans a batch as the data stage cleaned the splits), so that names and
addresses are not new words. A prediction log holds no text: only `words` is read there.
"""

import re
from collections import Counter
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer

NUMERIC_FEATURES = ["words", "oov_rate", "centroid_similarity"]
CATEGORICAL_FEATURES = ["nearest_category"]
TOKEN = re.compile(r"[a-z][a-z0-9+#]*")
NO_KNOWN_WORDS = "(no known words)"  # the nearest category of a text with no training word
LOGGED_ROUTES = ("classify", "rank")  # prediction-log rows that are resumes (not /skills texts)


def words_of(text: str) -> list[str]:
    return TOKEN.findall(text.lower())


def count_words(text: str) -> int:
    return sum(1 for _ in TOKEN.finditer(text.lower()))


@dataclass(frozen=True)
class Reference:
    """What the training split tells about any text: in how many resumes each word appears, its
    TF-IDF space, and where its resumes sit in that space, overall and per category.
    """

    texts: frozenset[str]
    document_frequency: Counter[str]
    vectorizer: TfidfVectorizer
    centroid: np.ndarray
    categories: np.ndarray
    category_centroids: np.ndarray

    @classmethod
    def fit(cls, training: pd.DataFrame) -> "Reference":
        texts = training["text"].astype(str)
        frequency: Counter[str] = Counter()
        for text in texts:
            frequency.update(set(words_of(text)))
        vectorizer = TfidfVectorizer(
            token_pattern=TOKEN.pattern, min_df=2, sublinear_tf=True, dtype=np.float64
        )
        matrix = vectorizer.fit_transform(texts)
        labels = training["category"].astype(str).to_numpy()
        categories = np.unique(labels)
        centroids = np.vstack(
            [np.asarray(matrix[labels == category].mean(axis=0)) for category in categories]
        )
        return cls(
            texts=frozenset(texts),
            document_frequency=frequency,
            vectorizer=vectorizer,
            centroid=unit(np.asarray(matrix.mean(axis=0)).ravel()),
            categories=categories,
            category_centroids=centroids / np.linalg.norm(centroids, axis=1, keepdims=True),
        )

    def oov_rate(self, text: str) -> float:
        """The share of the text's words no training resume uses (but this one, if it is one)."""
        tokens = words_of(text)
        if not tokens:
            return 0.0
        own = 1 if text in self.texts else 0
        unseen = sum(1 for token in tokens if self.document_frequency[token] <= own)
        return unseen / len(tokens)


def unit(vector: np.ndarray) -> np.ndarray:
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm else vector


_fitted: dict[tuple[int, int], Reference] = {}


def reference_of(training: pd.DataFrame) -> Reference:
    """The training split's `Reference`, fitted once per split (monitoring asks twice)."""
    key = (len(training), int(pd.util.hash_pandas_object(training["text"], index=False).sum()))
    if key not in _fitted:
        _fitted.clear()
        _fitted[key] = Reference.fit(training)
    return _fitted[key]


def text_features(texts: pd.Series, reference: Reference) -> pd.DataFrame:
    matrix = reference.vectorizer.transform(texts)
    by_category = np.asarray(matrix @ reference.category_centroids.T)
    return pd.DataFrame(
        {
            "words": [count_words(text) for text in texts],
            "oov_rate": [reference.oov_rate(text) for text in texts],
            "centroid_similarity": np.asarray(matrix @ reference.centroid).ravel(),
            "nearest_category": np.where(
                by_category.max(axis=1, initial=0.0) > 0,
                reference.categories[by_category.argmax(axis=1)],
                NO_KNOWN_WORDS,
            ),
        },
        index=texts.index,
    )


def monitored_features(frame: pd.DataFrame, training: pd.DataFrame) -> pd.DataFrame:
    """One row per resume: the four features above when the frame has texts; from a prediction
    log (sizes only, no text), `words` of the resumes it scored.
    """
    if "text" not in frame:
        logged = frame[frame["route"].isin(LOGGED_ROUTES)] if "route" in frame else frame
        return pd.DataFrame({"words": logged["words"].astype("float64")}, index=logged.index)
    texts = frame["text"].fillna("").astype(str)
    return text_features(texts, reference_of(training))
