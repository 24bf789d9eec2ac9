"""The Bluesky firehose (``com.atproto.sync.subscribeRepos``), read live for the whole
instance: :mod:`.frames` decodes the events, :mod:`.stream` opens the subscription
through the outbound guard, :mod:`.consumer` reads it from its cursor, :mod:`.ingest`
stores the matching posts with the cursor in one transaction, :mod:`.running` keeps one
consumer per service running in the worker while a workspace reads it (a source of
kind ``bluesky_firehose``, :mod:`.kinds`)."""
