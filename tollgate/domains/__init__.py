"""Domain packs: one folder per business (``TOLLGATE_DOMAIN_DIR``), checked as a whole."""
