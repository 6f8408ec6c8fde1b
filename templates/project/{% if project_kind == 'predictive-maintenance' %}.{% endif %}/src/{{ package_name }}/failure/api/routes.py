"""The prediction routes of machine failure, as the frame's classifier service builds them
(frame.classifier.routes): `POST /predict/failure` for one process, `POST /predict/failure/batch`
for a list. Each response carries this task's model version. `DEMOS`: the demo page's form.
"""

from frame.classifier.fastpath import Classifier
from frame.classifier.routes import Answer, ClassifierRoutes
from frame.contract import Demo

from ..modeling.predict import predict_readings
from ..schemas import FailurePrediction, MachineReading


def answer(reading: MachineReading, classifier: Classifier, version: str) -> Answer:
    """The probability that this process ends in a machine failure, and whether to inspect."""
    values = reading.model_dump(by_alias=True)
    probability = classifier.scorer.score_row(values)
    prediction = FailurePrediction(
        UDI=reading.UDI,
        failure_probability=probability,
        inspect=probability >= classifier.threshold,
        threshold=classifier.threshold,
        model_version=version,
    )
    output = {"failure_probability": probability, "inspect": prediction.inspect}
    return Answer(prediction, values, output)


ROUTES = ClassifierRoutes(
    record=MachineReading,
    prediction=FailurePrediction,
    batch_item=FailurePrediction,
    answer=answer,
    answers=predict_readings,
    logged=("failure_probability", "inspect"),
    plural="readings",
    path="/predict/failure",
    summary="The probability that this process ends in a machine failure, and whether to inspect.",
    batch_summary="Failure probabilities of a list of processes (at most serving.batch_limit).",
)

# A low-quality product's process with a worn tool under high torque: overstrain ahead.
EXAMPLE_READING = {
    "UDI": 1,
    "Product ID": "L50001",
    "Type": "L",
    "Air temperature [K]": 302.5,
    "Process temperature [K]": 310.6,
    "Rotational speed [rpm]": 1290,
    "Torque [Nm]": 62.0,
    "Tool wear [min]": 205,
}

DEMOS = [
    Demo(
        title="One machine",
        description=(
            "A milling process's readings: will it end in a machine failure? "
            "Try a fresh tool (Tool wear 10) or less torque."
        ),
        path=ROUTES.path,
        example=EXAMPLE_READING,
        renderer="probability",
        answer={
            "probability": "failure_probability",
            "threshold": "threshold",
            "decision": "inspect",
            "positive": "Inspect this machine",
            "negative": "No inspection needed",
        },
    )
]
