"""The publish stage: editions written to dist/ (``build``) and versioned,
checked, cached and recorded releases (``release``)."""
