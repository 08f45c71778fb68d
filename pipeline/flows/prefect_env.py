"""Quiet Prefect defaults; imported before prefect itself. A user's own PREFECT_* settings win.

Prefect's console handler shows only CRITICAL records (Prefect's documented override of its logging.yml): a
failed task's traceback is not for the user's screen. The records still reach Prefect's API (the run history)
and the CLI's log file (pipeline.fel), and the CLI turns the exception into a Swedish sentence."""

import os

for _key, _value in {
    "PREFECT_LOGGING_LEVEL": "WARNING",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_LOGGING_TO_API_WHEN_MISSING_FLOW": "ignore",
    "PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL": "CRITICAL",
}.items():
    os.environ.setdefault(_key, _value)
