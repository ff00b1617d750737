"""Pure-Python core: models, dates, stage and queue rules. Imports neither textual nor tinydb."""
