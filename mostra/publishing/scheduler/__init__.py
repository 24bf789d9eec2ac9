"""The publishing engine: claim a due publication, send it once, record what happened.

* :mod:`.clock`: the database's notion of now;
* :mod:`.outgoing`: what a variant sends (:class:`~mostra.integrations.base.Outgoing`);
* :mod:`.batch`: claiming and loading due publications by the chunk, for the loop;
* :mod:`.publisher`: :func:`~.publisher.publish_one` (claim one, then publish) and
  :func:`~.publisher.publish_claimed`, the publish + record path, in two halves for
  the pool: :func:`~.publisher.send` (the network) and :func:`~.publisher.record_sent`;
* :mod:`.in_flight`: many publications sent at once by one worker, on a bounded pool of
  threads;
* :mod:`.outcomes`: the outcomes that came back together, written in a number of
  queries that does not grow with them (one by one when that fails).

The periodic loop that finds due work is :mod:`mostra.publishing.loop`.
"""
