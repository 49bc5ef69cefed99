"""Custom Rasa channel connectors (SMS and Telegram arrive with their issue)."""
