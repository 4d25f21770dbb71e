"""The stream: a ticket's way through Tollgate, top to bottom.

``tickets.inbound``  → :mod:`streams.stage1_intent`      (hygiene, intent, confidence)
``tollgate.intent``  → :mod:`streams.stage2_constraint`  (triggers, allowed/forbidden action)
``tollgate.constraint`` + ``tickets.feedback`` → :mod:`streams.session_stage` (the ticket as a
turn of its session: :mod:`streams.conversation`; then :mod:`streams.stage3_decision`: confidence
cascade, actions, response; drafts and reviewers' feedback), session state in
:mod:`streams.sessions` with its changelog ``tollgate.sessions``
``tollgate.decision`` → :mod:`streams.stage4_escalation` (escalation package, routing to
``tickets.responses`` | ``tickets.drafts`` | ``tickets.escalations.<queue>``)

Malformed input goes to ``tickets.deadletter`` from whichever stage met it. Every stage emits an
``InteractionEvent`` on ``tollgate.interactions``. :mod:`streams.pump` is the Kafka wiring
(batching, retries, dead letters, explicit acks); :mod:`streams.app` builds the faust app;
:mod:`streams.inline` runs the same stages in process, without Kafka.
"""
