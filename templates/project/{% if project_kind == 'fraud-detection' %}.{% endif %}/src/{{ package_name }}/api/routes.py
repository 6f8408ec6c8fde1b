"""This project's prediction routes, as the frame's classifier service builds them
(frame.classifier.routes): `POST /predict` for one transaction, explained by the input columns
that moved its score most (one walk of the compiled trees scores and explains it), and
`POST /predict/batch` for a list.
"""

from frame.classifier.fastpath import Classifier
from frame.classifier.routes import Answer, ClassifierRoutes

from ..modeling.predict import predict_records, score_and_explain
from ..schemas import FraudPrediction, FraudScore, TransactionRecord


def answer(record: TransactionRecord, classifier: Classifier, version: str) -> Answer:
    """Fraud probability of one transaction, the decision at the model's threshold, and the
    input columns that moved the score most (contributions to the log-odds).
    """
    values = record.model_dump()
    probability, top_features = score_and_explain(classifier.scorer, values)
    prediction = FraudPrediction.model_validate(
        {
            "fraud_probability": probability,
            "alert": probability >= classifier.threshold,
            "threshold": classifier.threshold,
            "model_version": version,
            "top_features": top_features,
        }
    )
    output = {"fraud_probability": probability, "alert": prediction.alert}
    return Answer(prediction, values, output)


ROUTES = ClassifierRoutes(
    record=TransactionRecord,
    prediction=FraudPrediction,
    batch_item=FraudScore,
    answer=answer,
    answers=predict_records,
    logged=("fraud_probability", "alert"),
    plural="transactions",
    summary=(
        "Fraud probability of one transaction, the decision at the model's threshold, and the "
        "input columns that moved the score most (contributions to the log-odds)."
    ),
    batch_summary=(
        "Fraud probabilities of a list of transactions (at most serving.batch_limit), in order."
    ),
)
