"""The instructor dashboard's use cases: who may see what (``access``), signing in from
the bot (``signin``), and one module per page. Pages call the same services and domain
rules the bot answers with, so a number on a page is the bot's number for that week."""
