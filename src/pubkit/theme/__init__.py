"""The design a publication is printed with: pubkit's packaged default theme (``default/``:
template, stylesheets, the theme's own words as a gettext domain, the Noto fonts), the
files a project's theme folder puts over it (``files``), the configuration keys that
restyle it (``options``: colours, wordmark or logo, fonts, paper, margins; ``css`` turns
them into a stylesheet), its words in every language (``labels``), and the checks that
report a broken design against the theme file before anything is written (``design``,
with ``stylesheets``)."""
