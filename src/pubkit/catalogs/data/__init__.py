"""Data the catalog writer reads at run time, and the script that makes it."""
