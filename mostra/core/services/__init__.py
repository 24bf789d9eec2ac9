"""Operations across models. Each one validates first, then changes everything in one
transaction and writes the audit log, or raises :class:`DomainError` having changed nothing."""
