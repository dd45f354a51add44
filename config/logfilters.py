"""Logging filters named in settings.LOGGING."""

import logging


class ClientErrorWithoutTraceback(logging.Filter):
    """An ordinary refusal (403 for a role without the function, 404 out of scope, 400) is
    logged as one line: Django attaches the exception that produced it, and its traceback
    would make a routine refusal look like a crash on the console. 5xx keep theirs."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if status is not None and 400 <= status < 500:
            record.exc_info = None
            record.exc_text = None
        return True
