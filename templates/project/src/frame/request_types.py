"""Field types for the request models in schemas.py: what a JSON client may send as an integer.

The request models are strict, so that a number field refuses `true` and `"5"`. But JSON Schema,
which the OpenAPI publishes, counts `3.0` as an integer, and a client may send one: an `Integer`
field takes it (as 3), and still refuses booleans and text. Bounds go before `WHOLE_NUMBER` (see
`Integer`'s uses), so that the OpenAPI shows them as minimum and maximum.
"""

from typing import Annotated, Any

from pydantic import BeforeValidator, Strict
from pydantic_core import PydanticCustomError


def refuse_bool_and_text(value: Any) -> Any:
    if isinstance(value, bool | str | bytes):
        raise PydanticCustomError("int_type", "Input should be a valid integer")
    return value


WHOLE_NUMBER = BeforeValidator(refuse_bool_and_text)
Integer = Annotated[int, Strict(False), WHOLE_NUMBER]
