"""Server mode (drift): PostgreSQL, Prefect's server on it, a process work pool with workers and the program's
deployments, on one machine or several (README, "Drift")."""

# The automation that runs a crashed run again (made by pipeline.drift.distribuera; `server status` looks for it)
RESTART = "kommunrapport: gör om kraschade körningar"
