"""Fetch indicator values from the Kolada API (v3) into `inputs/<år>/` (`kommunrapport hämta-kolada`).

`client` talks HTTP (rate limit, retries, timeout, paging); `fetch` reads the KPI ids from the Indikatorer sheet,
fetches them in batches and writes one JSON file in the v2-compatible shape `pipeline.read.discover` reads.
"""
