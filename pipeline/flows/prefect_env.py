"""Quiet Prefect defaults; imported before prefect itself. A user's own PREFECT_* settings win."""

import os

for _key, _value in {
    "PREFECT_LOGGING_LEVEL": "WARNING",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_LOGGING_TO_API_WHEN_MISSING_FLOW": "ignore",
}.items():
    os.environ.setdefault(_key, _value)
