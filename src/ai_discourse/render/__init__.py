"""Tables -> people (rich console) and programs (CSV, JSON)."""
