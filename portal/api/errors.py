"""The API's errors: every answer other than 200 is JSON, {"error": {"status", "message", "parameter"}}, with a
message that says what to send instead."""

from ninja import Field

from portal.api.schemas import Record

NOT_FOUND = "Not found. Check the address against the index at /api/."


class ErrorDetail(Record):
    status: int
    message: str = Field(description="What went wrong, and what to send instead.")
    parameter: str | None = Field(description="The query parameter at fault, if any.")


class Error(Record):
    error: ErrorDetail


class ApiError(Exception):
    """An answer other than 200, raised anywhere below a view (a parameter, a page, a record)."""

    def __init__(self, status: int, message: str, parameter: str | None = None):
        super().__init__(message)
        self.status, self.message, self.parameter = status, message, parameter
