"""Working days: Vietnamese public holidays, the override table, and dossier deadlines."""
