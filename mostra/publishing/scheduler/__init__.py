"""The publishing engine: claim a due publication, send it once, record what happened.

* :mod:`.clock`: the database's notion of now;
* :mod:`.outgoing`: what a variant sends (:class:`~mostra.integrations.base.Outgoing`);
* :mod:`.publisher`: :func:`~.publisher.publish_one`, the claim + publish path.

The periodic loop that finds due work is :mod:`mostra.publishing.loop`.
"""
