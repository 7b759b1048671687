"""The procedure catalogue: what a citizen can apply for, its fee, time, papers and form."""
