"""This project's prediction routes, as the frame's classifier service builds them
(frame.classifier.routes): `POST /predict` for one transaction, explained by the input columns
that moved its score most (one walk of the compiled trees scores and explains it), and
`POST /predict/batch` for a list; and the demo page's form (`DEMOS`, shown at `/`).
"""

from frame.classifier.fastpath import Classifier
from frame.classifier.routes import Answer, ClassifierRoutes
from frame.contract import Demo

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

# Shaped like the frauds of the data: strongly negative V14, V12, V10 and V17, a small amount.
EXAMPLE_TRANSACTION = {
    "Time": 11000.0,
    **dict(
        zip(
            [f"V{number}" for number in range(1, 29)],
            [-2.3, 1.9, -3.1, 3.9, -0.6, -0.4, -2.1, 0.3, -1.8, -4.2, 3.1, -5.3, 0.2, -6.9]
            + [0.1, -2.7, -4.8, -0.4, 0.2, 0.1, 0.3, -0.1, 0.0, 0.1, 0.1, 0.0, 0.1, 0.0],
            strict=True,
        )
    ),
    "Amount": 1.0,
}

DEMOS = [
    Demo(
        title="One transaction",
        description=(
            "A card transaction as the bank records it (V1 to V28 are anonymised components): "
            "send it to review? Try setting V14 and V12 near 0."
        ),
        path=ROUTES.path,
        example=EXAMPLE_TRANSACTION,
        renderer="probability",
        answer={
            "probability": "fraud_probability",
            "threshold": "threshold",
            "decision": "alert",
            "positive": "Alert: send to review",
            "negative": "No alert",
            "reasons": "top_features",
        },
    )
]
