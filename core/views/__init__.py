"""View models: what services return and every adapter renders.

Each view names itself in ``view`` (used by renderers and by ``--json``) and says whether
it is ``private`` (personal data: ephemeral on Discord and Slack) or fit for the channel.
``kinds.AnyView`` lists every view a notification may carry.
"""
