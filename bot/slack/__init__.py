"""The Slack adapter (slack-bolt): slash commands, Block Kit, modals, App Home, delivery.

Only this package imports ``slack_bolt`` and ``slack_sdk``. Listeners live one kind to a
module in ``listeners/`` (the Bolt template's layout), each exposing ``register(app, deps)``;
``app.build_app`` wires them, and ``runner`` serves them over HTTP or Socket Mode.
"""
