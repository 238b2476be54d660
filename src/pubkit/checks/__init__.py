"""The check stage: every catalog checked against its source, the sources linted.
The rules and their ordered tables (``rules``), with the families that need their own
data (``numbers``, ``glossary``, ``lint``), and the runner that reads, forks and
collects findings (``runner``). A new check is a function added to a table in ``rules``."""
