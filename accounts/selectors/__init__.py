"""Reads about staff accounts. Which young people's records a user may reach is
``accounts.policy`` (decision 0009)."""
