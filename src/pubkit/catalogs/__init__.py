"""The catalog stage: takes a Document's segments, gives gettext catalogs (polib
POFiles) kept in step with the source, and what they hold.

``pofile`` reads and writes PO files: the reader is ``poread`` (what GNU gettext reads,
into polib's model and what that cannot hold), the writer ``poformat`` (msgcat's exact
bytes) with its Unicode line breaker ``linebreak``; ``template`` makes the POT and a
language's first catalog; ``merge`` brings a catalog up to date with a new POT as
msgmerge does (``matching`` finds the closest old message); ``stats`` counts
completion; ``review`` records and verifies sign-offs; ``views`` is what ``pubkit check``
reads. ``workflow`` runs the commands extract, init, update, status and review over a
project. A new operation on catalogs is a module here, taking and giving a Catalog;
facts about a language belong in :mod:`pubkit.locales`."""
