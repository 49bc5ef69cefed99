"""Custom Rasa NLU components: identifier and date extraction, danger-now rules."""
