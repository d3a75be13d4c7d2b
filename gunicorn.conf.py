# gunicorn reads this file from the directory it starts in (Dockerfile, make serve-prod).
# A spreadsheet import of 10,000 rows is checked and written in one request: about a minute
# and a half on a 2-core host, longer than gunicorn's default 30 s timeout.
timeout = 240
