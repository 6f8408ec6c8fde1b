"""This project's prediction routes, as the frame's classifier service builds them
(frame.classifier.routes): `POST /predict` for one customer, `POST /predict/batch` for a list;
and the demo page's form (`DEMOS`, shown at `/`).
"""

from frame.classifier.fastpath import Classifier
from frame.classifier.routes import Answer, ClassifierRoutes
from frame.contract import Demo

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

# A new customer on a month-to-month fibre contract, paying by electronic check: a typical churner.
EXAMPLE_CUSTOMER = {
    "customerID": "0001-DEMO",
    "gender": "Female",
    "SeniorCitizen": 0,
    "Partner": "No",
    "Dependents": "No",
    "tenure": 2,
    "PhoneService": "Yes",
    "MultipleLines": "No",
    "InternetService": "Fiber optic",
    "OnlineSecurity": "No",
    "OnlineBackup": "No",
    "DeviceProtection": "No",
    "TechSupport": "No",
    "StreamingTV": "Yes",
    "StreamingMovies": "Yes",
    "Contract": "Month-to-month",
    "PaperlessBilling": "Yes",
    "PaymentMethod": "Electronic check",
    "MonthlyCharges": 95.5,
    "TotalCharges": "191",
}

DEMOS = [
    Demo(
        title="One customer",
        description=(
            "Describe a customer as the billing system knows them: will they leave? "
            "Try a longer tenure or a two-year contract."
        ),
        path=ROUTES.path,
        example=EXAMPLE_CUSTOMER,
        renderer="probability",
        answer={
            "probability": "churn_probability",
            "threshold": "threshold",
            "decision": "churn_predicted",
            "positive": "Likely to leave: worth a retention offer",
            "negative": "Likely to stay",
        },
    )
]
