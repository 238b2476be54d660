"""Data pubkit reads at run time, and the scripts that make it."""
