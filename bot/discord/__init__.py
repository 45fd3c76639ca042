"""The Discord adapter: slash commands, components, delivery and rendering over discord.py."""
