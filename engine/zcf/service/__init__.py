"""`zcf serve`: evaluation over HTTP (FastAPI) and the self-check page, stateless between requests."""
