"""The publish stage: Editions (from ``pubkit.render``) written as files. ``build`` puts
the requested editions in dist/; ``release`` makes a checked, versioned, reproducible
folder of every language, one call a step: ``policy`` (what is released), ``cache`` (renders
kept by hash) and ``renderer`` (the WeasyPrint zygote build and release share),
``manifest`` (manifest.json), ``folder`` (staging, SHA256SUMS, the swap, the lock). A new
kind of output is a function in ``build``; a new release step, a module here called once
from ``release._release_publication``."""
