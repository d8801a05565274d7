"""Domain errors raised by services and rules, mapped to HTTP by the views and the API."""


class DomainError(Exception):
    """A business rule refused the change (HTTP 400). ``field`` names the faulty input."""

    def __init__(self, message, *, field: str = "non_field_errors", code: str = "invalid"):
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code

    def as_dict(self) -> dict[str, list[str]]:
        return {self.field: [str(self.message)]}


class StateConflict(DomainError):
    """The object's state forbids the change (HTTP 409), e.g. an entry of a submitted CRA."""
