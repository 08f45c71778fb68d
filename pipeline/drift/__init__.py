"""Server mode (drift): PostgreSQL, Prefect's server on it, a process work pool with workers and the program's
deployments, on one machine or several (README, "Drift")."""
