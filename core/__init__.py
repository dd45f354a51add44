"""Plain helpers every app may use (no models, no Django app)."""
