"""This project's prediction routes, as the frame's classifier service builds them
(frame.classifier.routes): `POST /predict` for one customer, `POST /predict/batch` for a list.
"""

from frame.classifier.fastpath import Classifier
from frame.classifier.routes import Answer, ClassifierRoutes

from ..modeling.predict import predict_records
from ..schemas import ID_COLUMN, ChurnPrediction, CustomerRecord


def answer(record: CustomerRecord, classifier: Classifier, version: str) -> Answer:
    """Churn probability of one customer, and the decision at the model's threshold."""
    values = record.model_dump()
    features = {name: value for name, value in values.items() if name != ID_COLUMN}
    probability = classifier.scorer.score_row(features)
    prediction = ChurnPrediction(
        customerID=record.customerID,
        churn_probability=probability,
        churn_predicted="Yes" if probability >= classifier.threshold else "No",
        threshold=classifier.threshold,
        model_version=version,
    )
    output = {"churn_probability": probability, "churn_predicted": prediction.churn_predicted}
    return Answer(prediction, values, output)


ROUTES = ClassifierRoutes(
    record=CustomerRecord,
    prediction=ChurnPrediction,
    batch_item=ChurnPrediction,
    answer=answer,
    answers=predict_records,
    logged=("churn_probability", "churn_predicted"),
    plural="customers",
    summary="Churn probability of one customer, and the decision at the model's threshold.",
    batch_summary="Churn probabilities of a list of customers (at most serving.batch_limit).",
)
