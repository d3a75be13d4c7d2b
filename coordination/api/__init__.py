"""The read-only open-data API (/api/v1/): published records only, as JSON or CSV."""
