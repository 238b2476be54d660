"""Facts about languages, one home each: Plural-Forms (``plurals``, from the table
in ``data``)."""
