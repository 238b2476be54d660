"""The check stage: takes a project's sources and catalogs, gives findings (``findings``:
``path:line: severity: [check] message``). The runner (``runner``) reads the files, builds
the contexts the rules share (``context``: a source, one catalog; both can be built in
memory) and runs the ordered rule tables (``table``), forking where work is large. Each
family of rules is a module of plain functions: ``validity``, ``completeness``,
``markup``, ``content``, ``typography``, ``glyphs`` and ``lint`` (source lint), with the
data some need (``numbers``, ``glossary``). A new check is a function in its family's
module and one line in ``table``; a new family is a module beside them."""
